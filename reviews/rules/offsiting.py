"""Back-on-Track off-siting (000_6280d14dcdeb4d53.txt)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from reviews.rules.calendar import (
    _ONE_DAY,
    _ONE_WEEK,
    SchoolCalendar,
    _non_negative,
    add_school_days,
    week_monday,
)


def _weekdays_between(start: date, end: date) -> int:
    """Mondays to Fridays from start to end, both inclusive."""
    days = (end - start).days + 1
    full_weeks, rest = divmod(days, 7)
    return full_weeks * 5 + sum(1 for i in range(rest) if (start + timedelta(days=i)).weekday() < 5)


def back_on_track_meetings(start: date, end: date) -> list[date]:
    """The dates of the parent meetings for a Back-on-Track off-siting from start to end.

    Source: 000_6280d14dcdeb4d53.txt "Parent involvement". Every off-siting: a meeting at the
    start and at the end. An off-siting of 1 week or more: a meeting at the start, a review after
    1 week (start + 7 days), then fortnightly (start + 21, + 35, ... days) until a final review
    just before return, taken as the end date (the last day off-site). "1 week or more" means at
    least 5 weekdays (Monday to Friday) from start to end inclusive: the programme counts in
    school days ("1-3 days", "a further week") and a Monday-to-Friday block is a week off-site.
    A review that falls on or after the end date is dropped (the final review covers it).
    """
    if end < start:
        raise ValueError(f"off-siting ends {end} before it starts {start}")
    if end == start:
        return [start]
    meetings = [start]
    if _weekdays_between(start, end) >= 5:
        review = start + _ONE_WEEK
        while review < end:
            meetings.append(review)
            if date.max - review < 2 * _ONE_WEEK:
                break  # the last representable date: no further review fits
            review += 2 * _ONE_WEEK
    meetings.append(end)
    return meetings


# 000 "Use of off-siting": a consequence and a safety off-siting last 1 to 3 days.
OFFSITING_SHORT_KINDS = frozenset({"consequence", "safety"})


OFFSITING_SHORT_MAX_DAYS = 3


# 000 counts in school days ("1-3 days", "a further week"): a week off-site is 5 school days.
OFFSITING_WEEK_DAYS = 5


def offsiting_days(
    first_day: date, last_day: date, cal: SchoolCalendar, key_days: Iterable[int] | None = None
) -> list[date]:
    """The school days a pupil spends at the receiving centre, in order.

    Source: 000_6280d14dcdeb4d53.txt "Use of off-siting": a block of time, or "key days in a
    week, over a period of time". With ``key_days`` (weekday numbers, Monday 0 to Friday 4)
    only those weekdays count; without, every school day from first_day to last_day inclusive.
    """
    if last_day < first_day:
        raise ValueError(f"off-siting ends {last_day} before it starts {first_day}")
    wanted = None if key_days is None else frozenset(key_days)
    if cal.last_day is None:
        return []
    # No school day lies beyond the calendar's last term day: stop there, so a far-future last
    # day costs nothing (and never runs past the last representable date).
    days = cal.school_days(max(first_day, cal.first_day), min(last_day, cal.last_day))
    return [d for d in days if wanted is None or d.weekday() in wanted]


def offsiting_short_limit_problem(kind: str, day_count: int) -> str | None:
    """Why a consequence or safety off-siting of ``day_count`` school days breaks the limit;
    None when it is within it (or the kind has no such limit).

    Source: 000_6280d14dcdeb4d53.txt: a consequence "(1-3 days)"; safety "(1-3 days)", "only
    used for shortest period possible (up to 3 days)". Respite has no fixed limit (see
    ``offsiting_needs_head_of_service``). Every off-siting needs at least one school day.
    """
    _non_negative("day_count", day_count)
    if day_count == 0:
        return "no school days"
    if kind in OFFSITING_SHORT_KINDS and day_count > OFFSITING_SHORT_MAX_DAYS:
        return "more than 3 days"
    return None


def offsiting_needs_head_of_service(
    kind: str, day_count: int, days_without_approval: int = 3
) -> bool:
    """True when the Head of Service must agree the off-siting before it starts.

    Source: 000_6280d14dcdeb4d53.txt "Off-siting for respite, as an intervention (with agreement
    of Head of Service if longer than 3 days)"; "a block of time, agreed by Head of Service".
    Only respite: a consequence or safety off-siting cannot be longer than 3 days at all. The 3
    is the LA's policy value ``respite_days_without_approval``: exactly 3 days needs no
    agreement, a fourth day does.
    """
    _non_negative("day_count", day_count)
    _non_negative("days_without_approval", days_without_approval)
    return kind == "respite" and day_count > days_without_approval


def offsiting_is_week_or_more(days: list[date], cal: SchoolCalendar) -> bool:
    """True for an off-siting "of 1 week or more": ``days`` (its school days, in order) are at
    least 5 school days, or every school day of a Monday-to-Friday week that only a bank
    holiday or a closure day shortened (Tuesday to Friday after a bank holiday Monday is a
    full school week; the days left before half term are not).

    Source: 000_6280d14dcdeb4d53.txt "Parent involvement" and "Back-On-Track Programme" (the
    full workbook, the review after 1 week, fortnightly reviews and a final review); issue 11:
    "a week or more" is a full school week.
    """
    return len(days) >= OFFSITING_WEEK_DAYS or _first_full_week_end(days, cal) is not None


def _first_full_week_end(days: list[date], cal: SchoolCalendar) -> date | None:
    """The last day of the first school week, shortened only by bank holidays or closures,
    whose every school day is in ``days``; None when there is none."""
    chosen = set(days)
    for monday in sorted({week_monday(d) for d in days}):
        week = [monday + timedelta(days=i) for i in range(5)]
        school = [d for d in week if cal.is_school_day(d)]
        shortened_by = {(cal.not_a_school_day(d) or ("",))[0] for d in week if d not in school}
        if school and chosen.issuperset(school) and shortened_by <= {"bank_holiday", "closure"}:
            return school[-1]
    return None


def offsiting_meeting_dates(days: list[date], cal: SchoolCalendar) -> list[date]:
    """The parent meetings of an off-siting whose school days off-site are ``days``.

    Source: 000_6280d14dcdeb4d53.txt "Parent involvement": "a meeting at the receiving site at
    the start and end of any off-siting period"; "When a pupil is off-sited for 1 week or more,
    ... a meeting ... at the beginning, 1 review after 1 week and then fortnightly until a final
    review just before going back". "1 week or more" is counted in school days
    (``offsiting_is_week_or_more``): shorter off-sitings have only the start and end meetings.
    The dates come from ``back_on_track_meetings`` from the first to the last day off-site; a
    review that falls on a day that is not a school day (a half term, a bank holiday) moves to
    the next school day, and is dropped when that reaches the final review. Empty ``days``
    gives no meetings.
    """
    if not days:
        return []
    first, last = days[0], days[-1]
    if not offsiting_is_week_or_more(days, cal):
        return [first] if first == last else [first, last]
    out = [first]
    for review in back_on_track_meetings(first, last)[1:-1]:
        while review < last and not cal.is_school_day(review):
            review += _ONE_DAY
        if out[-1] < review < last:
            out.append(review)
    out.append(last)
    return out


def offsiting_workbook(days: list[date], cal: SchoolCalendar) -> str:
    """Which Back-on-Track booklet the pupil completes: "full" or "light".

    Source: 000_6280d14dcdeb4d53.txt: "The Back-On-Track Programme must be used and the workbook
    completed for any off-siting of 1 week or more"; "For periods of less than 1 week ... the
    light version of the Back-on-Track booklet, called 'Understanding my behaviour and the
    consequences'".
    """
    return "full" if offsiting_is_week_or_more(days, cal) else "light"


def offsiting_within_half_term(first_day: date, last_day: date, cal: SchoolCalendar) -> bool:
    """True when key days of respite stay within one half term.

    Source: 000_6280d14dcdeb4d53.txt: respite "can be key days in a week, over a period of
    time (half-a-term)". Half terms are the calendar's separate term ranges, so the first and
    last day must lie in the same range. False when either date is outside term.
    """
    if last_day < first_day:
        raise ValueError(f"off-siting ends {last_day} before it starts {first_day}")
    return any(a <= first_day and last_day <= b for a, b in cal.term_ranges)


def offsiting_sharing_due(first_day: date, cal: SchoolCalendar) -> date:
    """The last day on which the seven items may be made available to the receiving centre.

    Source: 000_6280d14dcdeb4d53.txt "Information sharing, safeguarding": "must be made
    available to the centre receiving the pupil and before the off-siting period starts": the
    school day before the first day.
    """
    return add_school_days(first_day, -1, cal)


def offsiting_week_one_due(days: list[date], cal: SchoolCalendar) -> date | None:
    """When the receiving centre decides whether the pupil returns or needs a further week.

    Source: 000_6280d14dcdeb4d53.txt: "at the end of 1 week, the receiving site will make a
    decision whether the pupil is able to return to the home site or whether a further week is
    required": the fifth school day off-site, or the last day of a full school week shortened
    by a bank holiday if that comes first. None for an off-siting of less than a week.
    ``days`` are the off-siting's school days (``offsiting_days``).
    """
    ends = [
        day
        for day in (
            days[OFFSITING_WEEK_DAYS - 1] if len(days) >= OFFSITING_WEEK_DAYS else None,
            _first_full_week_end(days, cal),
        )
        if day is not None
    ]
    return min(ends, default=None)


def offsiting_required_subjects(year_group: int, options: Iterable[str]) -> list[str]:
    """The subjects the home centre must at least set work in, in order.

    Source: 000_6280d14dcdeb4d53.txt "Providing work": "As an absolute minimum, the home site
    should provide work for: 1. Maths 2. English 3. Any option subjects being taken by a KS4
    student". Key Stage 4 is Years 10 and 11; a younger pupil's recorded options do not count.
    Options are de-duplicated ignoring case, and never repeat maths or English.
    """
    subjects = ["Maths", "English"]
    if year_group in (10, 11):
        seen = {s.lower() for s in subjects}
        for option in options:
            name = option.strip()
            if name and name.lower() not in seen:
                seen.add(name.lower())
                subjects.append(name)
    return subjects


def offsiting_restorative_due(last_day: date, cal: SchoolCalendar) -> date:
    """When the formal restorative meeting is due: on return to the home centre.

    Source: 000_6280d14dcdeb4d53.txt: "On return to the home site, there will need to be a
    formal restorative meeting between the pupil off-sited and any staff / pupils who were
    harmed / involved": the first school day after the last day off-site.
    """
    return add_school_days(last_day, 1, cal)
