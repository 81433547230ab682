"""What the outbox recorded for the demo's letters: seeding sends no email, and a worker later
finds nothing queued to send."""

import datetime

from django.utils import timezone

from documents import outbox
from documents.models import Letter, OutboxMessage


def delivered(
    sent: list[Letter | outbox.Sending], *, at: datetime.datetime, bounce: bool = False
) -> None:
    """The letters as the outbox records them once delivered at `at`: every email went, except
    (with `bounce`) each send's first email to a parent, which the mail server refused until
    the outbox gave up, so the case shows "Send again". A send (outbox.Sending) is each
    parent's letter and each copy named on it (issue 14)."""
    sends = [item.all if isinstance(item, outbox.Sending) else [item] for item in sent]
    Letter.objects.filter(pk__in=[letter.pk for send in sends for letter in send]).update(
        created_at=at, issued_on=timezone.localdate(at)
    )
    for send in sends:
        messages = OutboxMessage.objects.filter(letter__in=[letter.pk for letter in send])
        first = messages.filter(letter__is_copy=False).order_by("pk").first()
        for message in messages.order_by("pk"):
            fail = bounce and message == first
            OutboxMessage.objects.filter(pk=message.pk).update(
                state=OutboxMessage.State.FAILED if fail else OutboxMessage.State.SENT,
                attempts=outbox.MAX_ATTEMPTS if fail else 1,
                claimed_at=at,
                sent_at=None if fail else at,
                last_error="The mail server could not be reached: connection refused."
                if fail
                else "",
            )
