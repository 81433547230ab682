"""Reduced timetables and full-time hours (004_f815cbfe89cfcc2a.txt)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from reviews.rules.calendar import _nation, _non_negative

# The ratings of the audit (004 Appendix 2).
RTT_GREEN, RTT_AMBER, RTT_RED = "green", "amber", "red"


def needs_director_authorisation(start: date, planned_end: date, max_weeks: int = 12) -> bool:
    """True when a reduced timetable lasts long enough to need the Director's authorisation.

    Source: 004_f815cbfe89cfcc2a.txt ("where the duration of a reduced timetable extends for more
    than 12 weeks, this will require the authorisation of the Director for Education Leisure and
    Lifelong Learning"). The 12 weeks count from the first reduced day: a timetable from Monday
    1 September ending on Sunday 23 November (its 84th day) does not need it; one ending on
    Monday 24 November, the first day of week 13, does.
    """
    if planned_end < start:
        raise ValueError(f"planned end {planned_end} is before the start {start}")
    return planned_end > reduced_timetable_last_day(start, max_weeks)


_WALES_HOURS: tuple[Decimal, ...] = (
    *(Decimal("21"),) * 3,  # Reception, Years 1 and 2
    *(Decimal("23.5"),) * 4,  # Years 3 to 6
    *(Decimal("24"),) * 4,  # Years 7 to 10
    *(Decimal("25"),) * 3,  # Year 11; Years 12 and 13 take Year 11's value
)


_ENGLAND_HOURS = Decimal("32.5")


def full_time_hours(nation: str, year_group: int) -> Decimal:
    """The weekly hours of a full-time timetable; fewer hours make a reduced timetable.

    Source: 004_f815cbfe89cfcc2a.txt for Wales (Reception to Year 2: 21, Years 3 to 6: 23.5,
    Years 7 to 10: 24, Year 11: 25). 004 is silent on Years 12 and 13 (beyond compulsory school
    age), so they take Year 11's 25 hours. England: the DfE expectation of a 32.5-hour school
    week, for every year group. year_group 0 is Reception; 1 to 13 are Years 1 to 13.
    """
    key = _nation(nation)
    if isinstance(year_group, bool) or not isinstance(year_group, int):
        raise ValueError(f"year group must be an integer, got {year_group!r}")
    if not 0 <= year_group <= 13:
        raise ValueError(f"year group {year_group} is outside Reception (0) to Year 13")
    if key == "wales":
        return _WALES_HOURS[year_group]
    return _ENGLAND_HOURS


_RTT_SEVERITY = {RTT_GREEN: 0, RTT_AMBER: 1, RTT_RED: 2}


# Authorisation states of ``rtt_authorisation``.
RTT_AUTH_NOT_NEEDED = "not_needed"


RTT_AUTH_NEEDED = "needed"


RTT_AUTH_AUTHORISED = "authorised"


RTT_AUTH_MISSING = "missing"


_HOUR = Decimal(60)


_HUNDREDTHS = Decimal("0.01")


def timetable_hours_primary(sessions: Iterable[tuple[time, time]]) -> Decimal:
    """Weekly hours of a primary reduced timetable: the sum of each day's session.

    Source: 004_f815cbfe89cfcc2a.txt "Primary Timetable example" (one activity and venue per
    day, Monday to Friday). Each session is (from, until) on one day; to the hundredth of an
    hour. A session that does not end after it starts is an error.
    """
    minutes = 0
    for start, end in sessions:
        begin, finish = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        if finish <= begin:
            raise ValueError(f"a session ends at {end} before it starts at {start}")
        minutes += finish - begin
    return (Decimal(minutes) / _HOUR).quantize(_HUNDREDTHS)


def timetable_hours_secondary(lessons: int, weeks: int, lesson_minutes: int) -> Decimal:
    """Weekly hours of a secondary reduced timetable: its lessons over a one- or two-week cycle.

    Source: 004_f815cbfe89cfcc2a.txt "Secondary Timetable example" (six lessons a day, Monday
    to Friday, "repeat for week 2"). ``lessons`` is the number of lessons the pupil attends in
    the whole cycle of ``weeks`` weeks; a fortnightly timetable's hours are the average week.
    """
    _non_negative("lessons", lessons)
    if weeks not in (1, 2):
        raise ValueError(f"a timetable runs over 1 or 2 weeks, not {weeks}")
    if lesson_minutes <= 0:
        raise ValueError(f"a lesson lasts some minutes, not {lesson_minutes}")
    return (Decimal(lessons * lesson_minutes) / _HOUR / weeks).quantize(_HUNDREDTHS)


def rtt_weeks_elapsed(start: date, today: date, ended_on: date | None = None) -> int:
    """Whole calendar weeks a reduced timetable has run: from the start to today (or its end).

    Source: 004_f815cbfe89cfcc2a.txt ("usually no more than 12 weeks"), counted like
    ``needs_director_authorisation``: calendar weeks, holidays included, because a pupil on a
    reduced timetable is out of full-time education through them too. 0 before the start.
    """
    until = min(today, ended_on) if ended_on else today
    if until < start:
        return 0
    return (until - start).days // 7


def reduced_timetable_last_day(start: date, max_weeks: int = 12) -> date:
    """The last day a reduced timetable may run without the Director's authorisation.

    Source: 004_f815cbfe89cfcc2a.txt ("where the duration ... extends for more than 12 weeks,
    this will require the authorisation of the Director"). The weeks count from the first
    reduced day, so the last day within them is the day before the same weekday ``max_weeks``
    weeks on: from Monday 7 September 2026, Sunday 29 November 2026.
    """
    _non_negative("max_weeks", max_weeks)
    if max_weeks == 0:
        raise ValueError("a limit of 0 weeks allows no reduced day at all")
    return start + timedelta(weeks=max_weeks, days=-1)


def reduced_timetable_must_end_by(
    start: date, max_weeks: int = 12, authorised_until: date | None = None
) -> date:
    """The last day a reduced timetable may run once the Director has declined to authorise it
    any further: the last day within the limit, or the last day an earlier authorisation
    covers, whichever is later.

    Source: 004_f815cbfe89cfcc2a.txt "Process for considering a reduced timetable" ("In
    exceptional circumstances where the duration of a reduced timetable extends for more than
    12 weeks, this will require the authorisation of the Director for Education Leisure and
    Lifelong Learning"): without that authorisation it may not run past the limit, counted as
    ``reduced_timetable_last_day`` counts it. From Monday 7 September 2026, Sunday 29
    November 2026; authorised earlier until Friday 11 December 2026, that day.
    """
    limit = reduced_timetable_last_day(start, max_weeks)
    return max(limit, authorised_until) if authorised_until else limit


def rtt_past_limit_from(
    start: date, max_weeks: int = 12, authorised_until: date | None = None
) -> date:
    """The first day a reduced timetable runs past the limit without the Director's
    authorisation: the day after the last day within the limit, or after the last day an
    authorisation covers. It is past the limit on any day from then that it still runs
    (``rtt_authorisation`` answers "missing"), so the LA's record stores this date and asks
    the database which are past it.

    Source: 004_f815cbfe89cfcc2a.txt (more than 12 weeks "will require the authorisation of
    the Director"). From Monday 7 September 2026, Monday 30 November 2026.
    """
    return reduced_timetable_must_end_by(start, max_weeks, authorised_until) + timedelta(days=1)


def rtt_authorisation(
    start: date,
    provisional_end: date,
    today: date,
    *,
    max_weeks: int = 12,
    authorised_until: date | None = None,
    ended_on: date | None = None,
) -> str:
    """Where a reduced timetable stands against the 12-week limit and the Director.

    Source: 004_f815cbfe89cfcc2a.txt (more than 12 weeks "will require the authorisation of
    the Director for Education Leisure and Lifelong Learning", facilitated through the LA).
    It runs until its end if it has ended, else until the later of its provisional end and
    today (a timetable still running after its provisional end has not stopped). Answers:

    - "not_needed": it runs no longer than the limit;
    - "missing": it is past the limit now (or was, before it ended) with no authorisation
      covering today (or its last day): flagged to the LA;
    - "authorised": an authorisation covers it to the end of its run;
    - "needed": it is planned beyond the limit, or beyond the authorised date, and the limit
      (or that date) has not been passed yet.
    """
    running_until = ended_on if ended_on else max(provisional_end, today)
    if not needs_director_authorisation(start, max(running_until, start), max_weeks):
        return RTT_AUTH_NOT_NEEDED
    now = min(today, ended_on) if ended_on else today
    if now >= rtt_past_limit_from(start, max_weeks, authorised_until):
        return RTT_AUTH_MISSING
    if authorised_until is not None and authorised_until >= running_until:
        return RTT_AUTH_AUTHORISED
    return RTT_AUTH_NEEDED


def rtt_absence_code(nation: str, *, at_alternative_provision: bool = False) -> str:
    """The register code for a session a pupil on a reduced timetable is not in school.

    Source: 004_f815cbfe89cfcc2a.txt "Monitoring and reviewing a reduced timetable": Wales
    "C" for an absence agreed as part of the reduced timetable; "B" for attendance checked at
    alternative provision (work sent home is not alternative provision). England: C2, the
    DfE code for leave of absence for a compulsory school age pupil on a part-time timetable
    (School attendance guidance, August 2024); B there too for approved education off-site.
    """
    key = _nation(nation)
    if at_alternative_provision:
        return "B"
    return "C" if key == "wales" else "C2"


@dataclass(frozen=True)
class RttAuditFacts:
    """What Appendix 2's audit matrix looks at, for one reduced timetable on one day."""

    start: date
    provisional_end: date
    today: date
    max_weeks: int = 12
    authorised_until: date | None = None
    ended_on: date | None = None
    through_guidance: bool = True  # through a PSP, or purely medical with an IHCP
    planned_increases: tuple[date, ...] = ()  # dates of the reintegration plan's steps
    hours_increased: bool = False  # weekly hours now above those at the start
    little_progress: bool = False
    parent_dissatisfied: bool = False
    professional_concerns: bool = False
    other_agencies: bool = True
    harm_risks: tuple[str, ...] = ()  # CSE, CCE, radicalisation, abuse, domestic abuse
    looked_after: bool = False
    protection_or_care_plan: bool = False
    non_attendance: bool = False


@dataclass(frozen=True)
class RttAudit:
    """A rating and the indicators behind it, as (rating, code) pairs, most serious first."""

    rating: str
    indicators: tuple[tuple[str, str], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for _rating, code in self.indicators)


def rtt_audit(facts: RttAuditFacts) -> RttAudit:
    """Green, Amber or Red by the indicators of Appendix 2 (Audit Matrix), with the reasons.

    Source: 004_f815cbfe89cfcc2a.txt Appendix 2. Red: used inappropriately (here: neither
    through a PSP nor purely medical with a health care plan), no effective long-term
    planning or exit strategy (no reintegration plan), the school the single agency, the
    pupil known to be at risk of significant harm (CSE, CCE, radicalisation, abuse, a history
    of domestic abuse), looked after, on the child protection register or subject to a care
    and support plan, or non-attendance for a period. Amber: extended beyond 12 weeks (with or
    without the Director's authorisation; without it is said separately), little or no
    progression, no time increase (the first planned increase is due and the hours have not
    gone up), parental dissatisfaction or concerns from other professionals. Green otherwise:
    the guidance followed, no more than 12 weeks. The rating is the most serious indicator.
    """
    found: list[tuple[str, str]] = []
    if not facts.through_guidance:
        found.append((RTT_RED, "not_through_guidance"))
    if not facts.planned_increases:
        found.append((RTT_RED, "no_exit_strategy"))
    if not facts.other_agencies:
        found.append((RTT_RED, "single_agency"))
    if facts.harm_risks:
        found.append((RTT_RED, "harm_risk"))
    if facts.looked_after:
        found.append((RTT_RED, "looked_after"))
    if facts.protection_or_care_plan:
        found.append((RTT_RED, "protection_or_care_plan"))
    if facts.non_attendance:
        found.append((RTT_RED, "non_attendance"))
    authorisation = rtt_authorisation(
        facts.start,
        facts.provisional_end,
        facts.today,
        max_weeks=facts.max_weeks,
        authorised_until=facts.authorised_until,
        ended_on=facts.ended_on,
    )
    if authorisation == RTT_AUTH_MISSING:
        found.append((RTT_AMBER, "beyond_limit_unauthorised"))
    elif authorisation != RTT_AUTH_NOT_NEEDED:
        found.append((RTT_AMBER, "beyond_limit"))
    if facts.little_progress:
        found.append((RTT_AMBER, "little_progress"))
    due = [d for d in facts.planned_increases if d <= facts.today]
    if due and not facts.hours_increased:
        found.append((RTT_AMBER, "no_time_increase"))
    if facts.parent_dissatisfied:
        found.append((RTT_AMBER, "parent_dissatisfied"))
    if facts.professional_concerns:
        found.append((RTT_AMBER, "professional_concerns"))
    rating = max((r for r, _code in found), key=_RTT_SEVERITY.__getitem__, default=RTT_GREEN)
    return RttAudit(rating, tuple(found))
