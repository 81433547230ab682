"""Where a deadline stands: the one truthful answer every list, count, PDF and report shows.

Source: 002_decd2720d6352690.txt and 003_db4daf6c9cf2ba51.txt set the statutory steps "not later
than" a date; a step taken after that date was taken late, whatever happened next, and the
record says so.
"""

from __future__ import annotations

from datetime import date

DUE, OVERDUE, ON_TIME, LATE, WAIVED = "due", "overdue", "on_time", "late", "waived"


def deadline_state(
    due: date, *, done_on: date | None = None, today: date, waived: bool = False
) -> str:
    """ "due", "overdue", "on_time", "late" or "waived".

    Done on the due date is on time; done a day after is late, and stays late for ever. A waiver
    answers "waived" only for a step not done: a step done stays the record of when it was done.
    Not done, the step is due until the end of its due date and overdue from the next day.
    """
    if done_on is not None:
        return ON_TIME if done_on <= due else LATE
    if waived:
        return WAIVED
    return OVERDUE if today > due else DUE


def days_late(due: date, done_on: date | None) -> int:
    """Calendar days after the due date a step was done (0 when on time or not yet done)."""
    if done_on is None:
        return 0
    return max((done_on - due).days, 0)
