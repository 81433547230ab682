from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Pupils and cases"

    def ready(self):
        # Registers every case type (its card, deadlines, documents, lists, demo) and the
        # receivers of its packages.
        from cases import registry  # noqa: F401
