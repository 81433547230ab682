import logging

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents and letters"

    def ready(self):
        # WeasyPrint logs every layout step at INFO; with the root logger at INFO that is a
        # dozen lines per PDF in the web and worker logs. Its warnings and errors still show.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        # The outbox names its delivery task (documents.outbox.DELIVER_TASK); registering it
        # here lets the web process queue it, and run it at once where tasks are eager.
        from documents import tasks  # noqa: F401
