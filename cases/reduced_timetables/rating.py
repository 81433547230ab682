"""The audit rating (004 Appendix 2) and the first day past the limit, kept on each reduced
timetable so the LA's record and picture filter, sort and count them in SQL (issue 12: rating
every open timetable in Python per request took 4.8 s at county scale).

Both come from the rules, never a second copy: the rating is rules.rtt_audit of
selectors.audit_facts, the date rules.rtt_past_limit_from. A service refreshes them in the
same transaction as the change; a nightly refresh keeps them true as days pass, since the
rating depends on today (a planned increase falls due, the limit goes by). The rules read no
term dates (the limit counts calendar weeks), so neither does this.

Both exist only under the 004 protocol (tenancy.jurisdiction.reduced_timetable_protocol):
the timetables of an LA on the DfE's national expectations are set to neither in one
statement, and only the others are read, in chunks, with one query a table for each.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, F, Q, QuerySet

from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.protocols import protocol_of
from cases.reduced_timetables.selectors import audit_facts, counted_from, weekly_hours
from reviews import rules
from reviews.services.deadlines_batch import pk_chunks
from tenancy.jurisdiction import reduced_timetable_protocol

STORED = ("rating", "past_limit_on")
CHUNK = 500

# What rating a timetable reads of it and of its LA, pupil and safeguarding record
# (selectors.audit_facts, weekly_hours, counted_from): a whole row of each would be most of
# the nightly refresh's time.
RATED_FIELDS = (
    *STORED,
    "start",
    "started_on",
    "provisional_end",
    "ended_on",
    "authorised_until",
    "psp",
    "basis",
    "health_care_plan",
    "start_weekly_hours",
    "progress",
    "parent_dissatisfied",
    "professional_concerns",
    "agencies",
    "harm_risks",
    "non_attendance",
    "layout",
    "timetable_weeks",
    "lesson_minutes",
    "pupil__looked_after",
    "pupil__safeguarding__child_protection_plan",
    "pupil__safeguarding__child_in_need_plan",
    "school__local_authority__nation",
    "school__local_authority__reduced_timetable_max_weeks",
)
# The LA's chosen protocol; the historical models of cases migration 0010 predate it.
PROTOCOL_FIELD = "reduced_timetable_protocol"


def rated_values(
    timetable: ReducedTimetable, *, today: datetime.date, steps: list, entries: list | None
) -> tuple:
    """(rating, first day past the limit) of a timetable whose school's LA, pupil and
    safeguarding record are selected, given its steps (from_date) and, where its hours
    matter, its entries (week, lesson, starts_at, ends_at): no queries. Both are the 004
    protocol's (Appendix 2's audit, the Director's limit): under the DfE's national
    expectations neither exists, so ("", None) and the LA's record counts none.

    Its weekly hours matter only once a planned increase is due (rules.rtt_audit's "no time
    increase"), and only against the hours it started with: `entries` may be None otherwise
    (hours_needed)."""
    protocol = protocol_of(timetable)
    rating, past = "", None
    if protocol.audit_matrix:
        steps = sorted(steps, key=lambda s: s.from_date)
        hours = None if entries is None else weekly_hours(timetable, entries)
        audit = rules.rtt_audit(audit_facts(timetable, today=today, hours=hours, steps=steps))
        rating = audit.rating
    if protocol.director_authorisation:
        past = rules.rtt_past_limit_from(
            counted_from(timetable),
            timetable.school.local_authority.reduced_timetable_max_weeks,
            timetable.authorised_until,
        )
    return rating, past


def hours_needed(timetable: ReducedTimetable, steps: list, today: datetime.date) -> bool:
    """Whether its weekly hours can change its rating (rated_values)."""
    return (
        protocol_of(timetable).audit_matrix
        and timetable.start_weekly_hours is not None
        and any(step.from_date <= today for step in steps)
    )


def _has_protocol(la_model) -> bool:
    return any(field.name == PROTOCOL_FIELD for field in la_model._meta.get_fields())


def _unrated_las(la_model) -> list[int]:
    """The LAs whose protocol has neither the audit nor the Director's limit. One query."""
    fields = ["nation", PROTOCOL_FIELD] if _has_protocol(la_model) else ["nation"]
    unrated = []
    for pk, nation, *chosen in la_model._default_manager.order_by().values_list("pk", *fields):
        protocol = reduced_timetable_protocol(nation, chosen[0] if chosen else "")
        if not (protocol.audit_matrix or protocol.director_authorisation):
            unrated.append(pk)
    return unrated


def ratings_refresh(timetables: QuerySet, *, today: datetime.date) -> int:
    """Rate every timetable of the queryset and write only those that changed. Those of an
    LA with neither the audit nor the limit take one query (counted, and any still rated
    found) and one more only when some are (set to neither). The others are read in chunks of
    CHUNK, each with one query for the timetables (their LA, pupil and safeguarding record
    selected), one for their steps, one for the entries of those whose hours matter
    (hours_needed) and one writing those that changed. Idempotent. Returns how many were
    rated. (The migration that added the fields passes its historical model's queryset.)"""
    model = timetables.model
    la_model = (
        model._meta.get_field("school")
        .related_model._meta.get_field("local_authority")
        .related_model
    )
    count = 0
    unrated = _unrated_las(la_model)
    if unrated:
        plain = timetables.filter(school__local_authority_id__in=unrated)
        still_rated = ~Q(rating="") | Q(past_limit_on__isnull=False)
        found = plain.aggregate(all=Count("pk"), rated=Count("pk", filter=still_rated))
        count += found["all"]
        if found["rated"]:
            plain.filter(still_rated).update(rating="", past_limit_on=None)
        timetables = timetables.exclude(school__local_authority_id__in=unrated)
    fields = [*RATED_FIELDS]
    if _has_protocol(la_model):
        fields.append(f"school__local_authority__{PROTOCOL_FIELD}")
    rows = timetables.select_related("school__local_authority", "pupil__safeguarding").only(*fields)
    steps_of = model._meta.get_field("steps").related_model._default_manager
    for chunk in pk_chunks(rows, CHUNK):
        count += len(chunk)
        steps = defaultdict(list)
        for step in (
            steps_of.filter(timetable_id__in=[t.pk for t in chunk])
            .order_by()
            .values_list("timetable_id", "from_date", named=True)
        ):
            steps[step.timetable_id].append(step)
        changed = rate_chunk(chunk, today=today, steps=steps)
        if changed:
            model._default_manager.bulk_update(changed, STORED)
    return count


def rate_chunk(chunk: list, *, today: datetime.date, steps: dict[int, list]) -> list:
    """The timetables of the chunk whose stored values change (rated_values), set to them,
    given each one's steps (by id, from_date): one query, for the entries of those whose hours
    matter (hours_needed), or none. Each timetable's school's LA, pupil and safeguarding record
    are selected (RATED_FIELDS)."""
    model = type(chunk[0]) if chunk else ReducedTimetable
    entries_of = model._meta.get_field("entries").related_model._default_manager
    timed = {t.pk for t in chunk if hours_needed(t, steps[t.pk], today)}
    entries = defaultdict(list)
    for entry in (
        entries_of.filter(timetable_id__in=timed)
        .order_by()
        .values_list("timetable_id", "week", "lesson", "starts_at", "ends_at", named=True)
    ):
        entries[entry.timetable_id].append(entry)
    changed = []
    for timetable in chunk:
        values = rated_values(
            timetable,
            today=today,
            steps=steps[timetable.pk],
            entries=entries[timetable.pk] if timetable.pk in timed else None,
        )
        if (timetable.rating, timetable.past_limit_on) != values:
            timetable.rating, timetable.past_limit_on = values
            changed.append(timetable)
    return changed


def rating_refresh(timetable_id: int, *, today: datetime.date) -> None:
    """After a change to the timetable, its entries, steps or monitoring (the services)."""
    ratings_refresh(ReducedTimetable.objects.filter(pk=timetable_id), today=today)


def reduced_timetable_rate_all(*, today: datetime.date) -> int:
    """Every open timetable, and an ended one with a planned increase after its end now due
    (still_moving_after_the_end), in a pass of its own. The nightly refresh does the same in
    two parts (deadlines.reduced_timetable_nightly: the open ones as it refreshes their
    deadlines, from the same read, then the others); this plain form is what the tests rate
    with and what the nightly one is checked against (tests/reviews/test_deadlines_batch)."""
    ended = ReducedTimetable.State.ENDED
    return ratings_refresh(
        ReducedTimetable.objects.filter(
            ~Q(state=ended) | Q(pk__in=still_moving_after_the_end(today).values("pk"))
        ),
        today=today,
    )


def still_moving_after_the_end(today: datetime.date) -> QuerySet:
    """The ended timetables with a planned increase after their end now due (each once a
    step: select by their pks): the one part of an ended timetable's audit that still moves
    with the days (rare, since a timetable usually ends once its last increase is made)."""
    return ReducedTimetable.objects.filter(
        state=ReducedTimetable.State.ENDED,
        steps__from_date__gt=F("ended_on"),
        steps__from_date__lte=today,
    )
