"""The deadlines of a reduced timetable (004): reviews, the checklist, the Director's
authorisation past the LA's limit; synced after every change and every night."""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.selectors import checklist_missing, counted_from, must_end_by
from reviews import rules
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_sync

State = ReducedTimetable.State


def _checklist_completed_on(timetable, answers, steps) -> datetime.date | None:
    if checklist_missing(timetable, answers, steps) or not answers:
        return None
    return max(a.answered_on for a in answers)


def wanted_deadlines(timetable: ReducedTimetable, today: datetime.date) -> dict[str, tuple]:
    """key → (kind, due, met_on): the checklist before the start, the end, and the 12-week
    limit when it runs (or is planned to run) beyond it. The Director's answer meets the limit;
    once the Director has declined, the end is due by the last day it may run
    (selectors.must_end_by), if that comes before the provisional end."""
    la = timetable.school.local_authority
    since = counted_from(timetable)
    answers = list(timetable.checklist.all())
    steps = list(timetable.steps.all())
    done = _checklist_completed_on(timetable, answers, steps)
    wanted: dict[str, tuple] = {}
    if timetable.is_open or done:
        # Appendix 1 "must be complete before the start date": the start is recorded on the
        # day (ensure_can_start), once the checklist is complete, so it is due on the start
        # date; a plan made on its start date is not overdue the moment it is made.
        wanted["checklist"] = (Deadline.Kind.RTT_CHECKLIST, timetable.start, done)
    end = timetable.provisional_end
    if timetable.is_declined:
        end = min(end, must_end_by(timetable))
    wanted["end"] = (Deadline.Kind.RTT_END, end, timetable.ended_on)
    state = rules.rtt_authorisation(
        since,
        timetable.provisional_end,
        today,
        max_weeks=la.reduced_timetable_max_weeks,
        authorised_until=timetable.authorised_until,
        ended_on=timetable.ended_on,
    )
    if state == rules.RTT_AUTH_AUTHORISED:
        answered_on = timetable.authorised_on
    elif timetable.is_declined:
        answered_on = timetable.declined_on
    else:
        answered_on = None
    if state != rules.RTT_AUTH_NOT_NEEDED and (timetable.is_open or answered_on):
        wanted["limit"] = (
            Deadline.Kind.RTT_LIMIT,
            rules.reduced_timetable_last_day(since, la.reduced_timetable_max_weeks),
            answered_on,
        )
    return wanted


def refresh_deadlines(timetable: ReducedTimetable, *, today: datetime.date) -> None:
    deadlines_sync(
        case=timetable,
        wanted=wanted_deadlines(timetable, today),
        responsible_id=timetable.case_lead_id,
        pupil_id=timetable.pupil_id,
        school_id=timetable.school_id,
        la_id=timetable.school.local_authority_id,
        today=today,
    )


def refresh_deadlines_on_commit(timetable_id: int) -> None:
    """Recompute the deadlines once the change is committed (never on rollback)."""

    def refresh() -> None:
        timetable = ReducedTimetable.objects.select_related(
            "school__local_authority", "pupil", "psp"
        ).get(pk=timetable_id)
        refresh_deadlines(timetable, today=timezone.localdate())

    transaction.on_commit(refresh)


def reduced_timetable_refresh_all(*, today: datetime.date) -> int:
    """Nightly: every open reduced timetable's deadlines (the limit and the end move into
    "overdue")."""
    count = 0
    timetables = (
        ReducedTimetable.objects.exclude(state=State.ENDED)
        .select_related("school__local_authority", "pupil", "psp")
        .prefetch_related("checklist", "steps")
    )
    for timetable in timetables.iterator(chunk_size=200):
        refresh_deadlines(timetable, today=today)
        count += 1
    return count
