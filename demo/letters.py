"""What the outbox recorded for the demo's letters: seeding sends no email, and a worker later
finds nothing queued to send."""

import datetime

from documents import outbox
from documents.models import Letter, OutboxMessage


def delivered(letters: list[Letter], *, at: datetime.datetime, bounce: bool = False) -> None:
    """The letters as the outbox records them once delivered at `at`: every email went, except
    (with `bounce`) each letter's first, which the mail server refused until the outbox gave
    up, so the case shows "Send again"."""
    Letter.objects.filter(pk__in=[letter.pk for letter in letters]).update(created_at=at)
    for letter in letters:
        for n, message in enumerate(letter.messages.order_by("pk")):
            fail = bounce and n == 0
            OutboxMessage.objects.filter(pk=message.pk).update(
                state=OutboxMessage.State.FAILED if fail else OutboxMessage.State.SENT,
                attempts=outbox.MAX_ATTEMPTS if fail else 1,
                claimed_at=at,
                sent_at=None if fail else at,
                last_error="The mail server could not be reached: connection refused."
                if fail
                else "",
            )
