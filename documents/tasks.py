"""Making PDFs and delivering the parent letter outbox. Every task is idempotent: a row is
claimed before WeasyPrint or the mail server is called, so a task delivered twice, two workers,
or a sweep and a retry at once make each PDF and send each email once. The rules are in
documents/printing.py and documents/outbox.py."""

from celery import shared_task
from django.utils import timezone

from documents import outbox, printing
from documents.models import GeneratedDocument, PrintedCopy


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(outbox.TemporaryDeliveryError,),
    retry_backoff=outbox.RETRY_BACKOFF,
    retry_backoff_max=outbox.RETRY_BACKOFF_MAX,
    # No jitter: a random countdown (0 to the backoff) used up the tries in minutes (issue 13).
    retry_jitter=False,
    max_retries=outbox.MAX_ATTEMPTS - 1,
)
def deliver_outbox_message(self, message_id: int) -> str:
    """Send one outbox message. A failing mail server leaves it queued with the error and the
    task retries with exponential backoff; after the last try the message is marked failed."""
    return outbox.message_deliver(message_id)


@shared_task(acks_late=True)
def deliver_queued_letters() -> int:
    """Every few minutes (beat): hand queued messages to the workers again, so letters go out
    once the mail server is back even if the broker lost their tasks; and put back in the
    queue any message whose worker died mid-send (its lease is over: outbox.UNCERTAIN_AFTER),
    sent again with the same Message-ID."""
    now = timezone.now()
    outbox.reclaim_lost_sends(now=now)
    due = outbox.queued_due(now=now)
    for message_id in due:
        outbox.enqueue(message_id)
    return len(due)


@shared_task(
    acks_late=True,
    soft_time_limit=printing.SOFT_TIME_LIMIT,
    time_limit=printing.HARD_TIME_LIMIT,
)
def make_document(document_id: int) -> str:
    """Make one pending document's PDF (within the time limit), then send the emails of any
    letter waiting for it, or fail them with the reason the PDF could not be made."""
    outcome = printing.document_make(document_id)
    if outcome in {"ready", "failed"}:
        document = GeneratedDocument.objects.get(pk=document_id)
        if outcome == "ready":
            outbox.letters_pdf_ready(document)
        else:
            outbox.letters_pdf_failed(document)
    return outcome


@shared_task(
    acks_late=True,
    soft_time_limit=printing.SOFT_TIME_LIMIT,
    time_limit=printing.HARD_TIME_LIMIT,
)
def make_printed_copy(copy_id: int) -> str:
    """Make one pending printed copy's PDF (within the time limit)."""
    return printing.document_make(copy_id, model=PrintedCopy)


@shared_task(acks_late=True)
def make_pending_documents() -> int:
    """Every minute (beat): hand pending documents and copies to the workers again, so a PDF
    asked for while the broker was down, or whose task was lost, is made; put back in the queue
    any whose worker died mid-render (printing.MAKING_LEASE), give up one that keeps dying, and
    delete printed copies a day old."""
    now = timezone.now()
    for document in GeneratedDocument.objects.filter(pk__in=printing.reclaim_lost_renders(now=now)):
        outbox.letters_pdf_failed(document)
    printing.reclaim_lost_renders(now=now, model=PrintedCopy)
    due = 0
    for model in (GeneratedDocument, PrintedCopy):
        for pk in printing.pending_due(now=now, model=model):
            printing.enqueue(pk, model)
            due += 1
    printing.clear_old_copies(now=now)
    return due
