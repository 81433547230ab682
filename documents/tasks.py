"""Delivering the parent letter outbox. Both tasks are idempotent: a row is claimed before the
mail server is called, so a task delivered twice, two workers, or the sweep and a retry at once
send each email once. The rules are in documents/outbox.py."""

from celery import shared_task
from django.utils import timezone

from documents import outbox


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
