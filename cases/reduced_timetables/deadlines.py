"""The deadlines of a reduced timetable (004): reviews, the checklist, the Director's
authorisation past the LA's limit; synced after every change and every night."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from cases.reduced_timetables.models import (
    ReducedTimetable,
    RttChecklistAnswer,
    RttReintegrationStep,
)
from cases.reduced_timetables.rating import (
    RATED_FIELDS,
    STORED,
    rate_chunk,
    ratings_refresh,
    still_moving_after_the_end,
)
from cases.reduced_timetables.selectors import (
    authorisation_state,
    checklist_complete,
    counted_from,
    must_end_by,
)
from reviews import rules
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_sync
from reviews.services.deadlines_batch import in_chunks

State = ReducedTimetable.State

# What the nightly refresh reads of a timetable, its pupil and PSP (its school and LA are read
# once for the whole refresh: reviews.services.deadlines_batch.in_chunks): all that
# wanted_deadlines and deadlines_sync look at (a whole row of each was most of the refresh's
# time: issue 12).
REFRESH_FIELDS = (
    "state",
    "start",
    "started_on",
    "provisional_end",
    "ended_on",
    "basis",
    "lac_authority",
    "authorisation_decision",
    "authorised_on",
    "authorised_until",
    "declined_on",
    "case_lead",
    "school",
    "pupil__looked_after",
    "psp__agreed_on",
)


def _checklist_completed_on(timetable, answers, has_steps: bool) -> datetime.date | None:
    if not answers or not checklist_complete(timetable, answers, has_steps=has_steps):
        return None
    return max(a.answered_on for a in answers)


def wanted_deadlines(
    timetable: ReducedTimetable,
    today: datetime.date,
    *,
    answers: list | None = None,
    has_steps: bool | None = None,
) -> dict[str, tuple]:
    """key → (kind, due, met_on): the checklist before the start, the end, and, under the 004
    protocol, the 12-week limit when it runs (or is planned to run) beyond it. The Director's
    answer meets the limit; once the Director has declined, the end is due by the last day it
    may run (selectors.must_end_by), if that comes before the provisional end. Its checklist
    answers (item, answer, answered_on) and whether it has a planned increase are read here
    unless given, as the nightly refresh reads them for many at once."""
    la = timetable.school.local_authority
    since = counted_from(timetable)
    if answers is None:
        answers = list(timetable.checklist.all())
    if has_steps is None:
        has_steps = timetable.steps.exists()
    done = _checklist_completed_on(timetable, answers, has_steps)
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
    # 004's Director step only under the 004 protocol: under the DfE's national expectations
    # the state is always "not needed" (selectors.authorisation_state), so no limit is due.
    state = authorisation_state(timetable, today)
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


def refresh_deadlines(timetable: ReducedTimetable, *, today: datetime.date, **read) -> None:
    """`read`: its checklist answers and whether it has steps, read beforehand
    (wanted_deadlines)."""
    deadlines_sync(
        case=timetable,
        wanted=wanted_deadlines(timetable, today, **read),
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


def reduced_timetable_refresh_all(*, today: datetime.date, rate: bool = False) -> int:
    """Every open reduced timetable's deadlines (the limit and the end move into "overdue").
    For each chunk of timetables (with their pupil and PSP), their checklist answers and their
    planned increases are read in one query each (issue 12). With `rate`, their stored rating
    too (cases.reduced_timetables.rating), from the same read: the timetables, with their
    pupil's safeguarding record, and their steps serve both (reduced_timetable_nightly)."""
    fields = [*REFRESH_FIELDS]
    if rate:
        # Their school and its LA are the whole refresh's (in_chunks), not selected again.
        fields += [f for f in RATED_FIELDS if not f.startswith("school__")]
    timetables = (
        ReducedTimetable.objects.exclude(state=State.ENDED)
        .select_related("pupil__safeguarding" if rate else "pupil", "psp")
        .only(*fields)
    )
    count = 0
    for chunk in in_chunks(timetables, schools=("school",)):
        ids = [timetable.pk for timetable in chunk]
        answers = defaultdict(list)
        for answer in (
            RttChecklistAnswer.objects.filter(timetable_id__in=ids)
            .order_by()
            .values_list("timetable_id", "item", "answer", "answered_on", named=True)
        ):
            answers[answer.timetable_id].append(answer)
        steps = defaultdict(list)
        for step in (
            RttReintegrationStep.objects.filter(timetable_id__in=ids)
            .order_by()
            .values_list("timetable_id", "from_date", named=True)
        ):
            steps[step.timetable_id].append(step)
        for timetable in chunk:
            refresh_deadlines(
                timetable,
                today=today,
                answers=answers[timetable.pk],
                has_steps=timetable.pk in steps,
            )
        if rate and (changed := rate_chunk(chunk, today=today, steps=steps)):
            ReducedTimetable.objects.bulk_update(changed, STORED)
        count += len(chunk)
    return count


def reduced_timetable_nightly(*, today: datetime.date) -> int:
    """Nightly (a refresher of cases.registry, run by reviews.tasks.refresh_all_deadlines):
    every open timetable's deadlines and stored rating, which moves with the days too, from
    one read (reading the timetables again to rate them was a tenth of the refresh); then the
    ended ones whose rating still moves (rating.still_moving_after_the_end). What
    reduced_timetable_refresh_all and rating.reduced_timetable_rate_all leave, one after the
    other. Returns how many timetables' deadlines it refreshed."""
    count = reduced_timetable_refresh_all(today=today, rate=True)
    moving = still_moving_after_the_end(today).values("pk")
    ratings_refresh(ReducedTimetable.objects.filter(pk__in=moving), today=today)
    return count
