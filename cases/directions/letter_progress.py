"""Whether a direction's letters are still on their way (a PDF being made, an email waiting or
being sent), so its page can follow them in place until they are (issue 14: long work shows
progress and never blocks the page)."""

import hashlib

from cases.directions.models import Direction
from documents import outbox
from documents.models import Letter, OutboxMessage

WAITING = {OutboxMessage.State.QUEUED, OutboxMessage.State.SENDING}


def direction_letters(direction: Direction) -> list[Letter]:
    """The direction's letters and copies with their PDFs and emails (two queries)."""
    return list(outbox.letters_about(direction, direction.meetings.all(), copies=True))


def letters_progress(letters: list[Letter]) -> dict:
    """{"busy": any letter still on its way, "key": what its page shows now, as a short
    fingerprint: polling swaps the section only when this changes}, of letters read with
    their PDFs and emails (direction_letters)."""
    states = sorted(
        (
            letter.pk,
            letter.document.state,
            tuple(sorted((m.pk, m.state, m.attempts) for m in letter.messages.all())),
        )
        for letter in letters
    )
    busy = any(
        letter.document.in_progress or any(m.state in WAITING for m in letter.messages.all())
        for letter in letters
    )
    key = hashlib.sha256(repr(states).encode()).hexdigest()[:16]
    return {"busy": busy, "key": key}
