"""The audit rating (004 Appendix 2) and the first day past the limit, kept on each reduced
timetable so the LA's record and picture filter, sort and count them in SQL (issue 12: rating
every open timetable in Python per request took 4.8 s at county scale).

Both come from the rules, never a second copy: the rating is rules.rtt_audit of
selectors.audit_facts, the date rules.rtt_past_limit_from. A service refreshes them in the
same transaction as the change; a nightly refresh keeps them true as days pass, since the
rating depends on today (a planned increase falls due, the limit goes by). The rules read no
term dates (the limit counts calendar weeks), so neither does this.
"""

import datetime

from django.db.models import F, Q, QuerySet

from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.selectors import audit_facts, counted_from, weekly_hours
from reviews import rules

STORED = ("rating", "past_limit_on")
CHUNK = 500


def rated_values(timetable: ReducedTimetable, *, today: datetime.date) -> tuple:
    """(rating, first day past the limit) of a timetable whose entries and steps are
    prefetched and whose school's LA, pupil and safeguarding record are selected: no
    queries."""
    steps = sorted(timetable.steps.all(), key=lambda s: s.from_date)
    hours = weekly_hours(timetable, list(timetable.entries.all()))
    audit = rules.rtt_audit(audit_facts(timetable, today=today, hours=hours, steps=steps))
    past = rules.rtt_past_limit_from(
        counted_from(timetable),
        timetable.school.local_authority.reduced_timetable_max_weeks,
        timetable.authorised_until,
    )
    return audit.rating, past


def ratings_refresh(timetables: QuerySet, *, today: datetime.date) -> int:
    """Rate every timetable of the queryset and write those that changed, in bulk: a fixed
    number of queries for each CHUNK of timetables. Idempotent. Returns how many were
    rated. (The migration that added the fields passes its historical model's queryset.)"""
    manager = timetables.model._default_manager
    rows = timetables.select_related(
        "school__local_authority", "pupil__safeguarding", "psp"
    ).prefetch_related("entries", "steps")
    count, changed = 0, []
    for timetable in rows.order_by("pk").iterator(chunk_size=CHUNK):
        count += 1
        values = rated_values(timetable, today=today)
        if (timetable.rating, timetable.past_limit_on) != values:
            timetable.rating, timetable.past_limit_on = values
            changed.append(timetable)
        if len(changed) >= CHUNK:
            manager.bulk_update(changed, STORED)
            changed = []
    if changed:
        manager.bulk_update(changed, STORED)
    return count


def rating_refresh(timetable_id: int, *, today: datetime.date) -> None:
    """After a change to the timetable, its entries, steps or monitoring (the services)."""
    ratings_refresh(ReducedTimetable.objects.filter(pk=timetable_id), today=today)


def reduced_timetable_rate_all(*, today: datetime.date) -> int:
    """Nightly (a refresher of cases.registry, run by reviews.tasks.refresh_all_deadlines):
    every open timetable, and an ended one with a planned increase after its end now due (the
    one part of an ended timetable's audit that still moves with the days; rare, since a
    timetable usually ends once its last increase is made)."""
    ended = ReducedTimetable.State.ENDED
    moving = ReducedTimetable.objects.filter(
        state=ended, steps__from_date__gt=F("ended_on"), steps__from_date__lte=today
    )
    return ratings_refresh(
        ReducedTimetable.objects.filter(~Q(state=ended) | Q(pk__in=moving.values("pk"))),
        today=today,
    )
