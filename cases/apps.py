from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Pupils and cases"

    def ready(self):
        # Connects the receiver that reopens a direction's notice deadline when its letter
        # reached nobody (documents.signals.letter_failed), in the web and the worker alike.
        from cases.directions import letters  # noqa: F401
