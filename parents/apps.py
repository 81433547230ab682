from django.apps import AppConfig


class ParentsConfig(AppConfig):
    name = "parents"
    verbose_name = "Parents' own route"

    def ready(self):
        # The link in each email to a parent (documents.signals.parent_email_link) and the
        # parents' answers on the case's timeline (cases.signals.case_timeline), in the web and
        # the worker alike; the email confirmation task is registered for the web to queue.
        from parents import receivers, tasks  # noqa: F401
