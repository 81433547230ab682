"""The rules of Waymark: pure functions from dates to dates or verdicts.

No Django, no database and no clock: "today" is always an argument. Each rule names its source
document in ``/work/shared/seeds/`` (see DESIGN.md, "Rules"). Policy values that differ by local
authority are parameters whose defaults are the values in DESIGN.md.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays

__all__ = [
    "NATIONS",
    "SchoolCalendar",
    "academic_year_start",
    "add_school_days",
    "add_school_weeks",
    "back_on_track_meetings",
    "decision_notice_deadline",
    "direction_notice_deadline",
    "first_review_deadline",
    "full_time_hours",
    "is_temporary_upn",
    "is_valid_upn",
    "must_hold_requested_review",
    "needs_director_authorisation",
    "next_psp_review_deadline",
    "review_invitation_deadline",
    "school_weeks_elapsed",
    "upn_check_letter",
    "weekly_contact_overdue",
    "year_group_for",
]

NATIONS: dict[str, str] = {"england": "ENG", "wales": "WLS"}

_ONE_DAY = timedelta(days=1)
_ONE_WEEK = timedelta(weeks=1)


def _nation(nation: str) -> str:
    key = nation.strip().lower() if isinstance(nation, str) else ""
    if key not in NATIONS:
        raise ValueError(f"unknown nation {nation!r}: expected one of {sorted(NATIONS)}")
    return key


def week_monday(d: date) -> date:
    """The Monday of the calendar week of `d` (school weeks run Monday to Sunday)."""
    return d - timedelta(days=d.weekday())


def _non_negative(name: str, value: int) -> None:
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")


@lru_cache(maxsize=256)
def _bank_holidays(nation: str, year: int) -> frozenset[date]:
    """Bank holidays of one nation in one year, from the ``holidays`` package (cached)."""
    return frozenset(holidays.country_holidays("GB", subdiv=NATIONS[nation], years=year))


# --------------------------------------------------------------------------------------------
# The school calendar
# --------------------------------------------------------------------------------------------


class SchoolCalendar:
    """School days of one school: the LA's term dates, the school's closures and bank holidays.

    Source: DESIGN.md "Rules" (school days and school weeks). A school day is a weekday (Monday
    to Friday) inside a term range, not a closure day (INSET or other school closure) and not a
    bank holiday of the nation ("england" or "wales"). Term ranges are inclusive (first day, last
    day) pairs; half terms are expressed by splitting a term into two ranges. Overlapping or
    touching ranges are merged. The calendar is immutable, comparable and hashable.
    """

    __slots__ = ("_closures", "_nation", "_starts", "_terms")

    _terms: tuple[tuple[date, date], ...]
    _starts: tuple[date, ...]
    _closures: frozenset[date]
    _nation: str

    def __init__(
        self,
        term_ranges: Iterable[tuple[date, date]],
        closures: Iterable[date] = (),
        nation: str = "england",
    ) -> None:
        merged: list[tuple[date, date]] = []
        for first, last in sorted((a, b) for a, b in term_ranges):
            if last < first:
                raise ValueError(f"term range ends before it starts: {first} to {last}")
            if merged and first <= merged[-1][1] + _ONE_DAY:
                if last > merged[-1][1]:
                    merged[-1] = (merged[-1][0], last)
            else:
                merged.append((first, last))
        object.__setattr__(self, "_terms", tuple(merged))
        object.__setattr__(self, "_starts", tuple(first for first, _ in merged))
        object.__setattr__(self, "_closures", frozenset(closures))
        object.__setattr__(self, "_nation", _nation(nation))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("SchoolCalendar is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("SchoolCalendar is immutable")

    def _key(self) -> tuple[object, ...]:
        return (self._terms, self._closures, self._nation)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SchoolCalendar):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"SchoolCalendar({len(self._terms)} term ranges "
            f"{self.first_day}..{self.last_day}, {len(self._closures)} closures, "
            f"nation={self._nation!r})"
        )

    @property
    def term_ranges(self) -> tuple[tuple[date, date], ...]:
        """The merged, sorted, inclusive term ranges."""
        return self._terms

    @property
    def closures(self) -> frozenset[date]:
        """The school's closure days (INSET and other closures)."""
        return self._closures

    @property
    def nation(self) -> str:
        """The nation whose bank holidays apply: "england" or "wales"."""
        return self._nation

    @property
    def first_day(self) -> date | None:
        """The first day of the first term range, or None for an empty calendar."""
        return self._terms[0][0] if self._terms else None

    @property
    def last_day(self) -> date | None:
        """The last day of the last term range, or None for an empty calendar."""
        return self._terms[-1][1] if self._terms else None

    def in_term(self, d: date) -> bool:
        """True when d lies inside a term range (whatever the day of the week)."""
        i = bisect.bisect_right(self._starts, d) - 1
        return i >= 0 and d <= self._terms[i][1]

    def is_bank_holiday(self, d: date) -> bool:
        """True when d is a bank holiday in the calendar's nation."""
        return d in _bank_holidays(self._nation, d.year)

    def is_school_day(self, d: date) -> bool:
        """True when d is a weekday in term, not a closure day and not a bank holiday."""
        return (
            d.weekday() < 5
            and d not in self._closures
            and self.in_term(d)
            and not self.is_bank_holiday(d)
        )

    def school_days(self, start: date, end: date) -> Iterator[date]:
        """The school days from start to end, both inclusive, in order."""
        d = start
        while d <= end:
            if self.is_school_day(d):
                yield d
            d += _ONE_DAY

    def count_school_days(self, start: date, end: date) -> int:
        """How many school days there are from start to end, both inclusive."""
        return sum(1 for _ in self.school_days(start, end))

    def is_school_week(self, d: date) -> bool:
        """True when the calendar week (Monday to Sunday) containing d has a school day."""
        monday = week_monday(d)
        return any(self.is_school_day(monday + timedelta(days=i)) for i in range(5))


# --------------------------------------------------------------------------------------------
# Counting in school days and school weeks
# --------------------------------------------------------------------------------------------


def _bounds(cal: SchoolCalendar) -> tuple[date, date]:
    first, last = cal.first_day, cal.last_day
    if first is None or last is None:
        raise ValueError("the school calendar has no term dates")
    return first, last


def add_school_days(d: date, n: int, cal: SchoolCalendar) -> date:
    """The nth school day after d (before d when n is negative); d itself is not counted.

    Source: DESIGN.md "Rules"; used for the 2-school-day notice of a direction (regulations
    2010, see ``direction_notice_deadline``). d need not be a school day: one school day after a
    Saturday is the Monday (if that is a school day). n == 0 returns d unchanged, even when d is
    not a school day. Raises ValueError when the calendar runs out of term before n is reached.
    """
    if n == 0:
        return d
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    first, last = _bounds(cal)
    current = d
    while remaining:
        current += step
        if current > last if n > 0 else current < first:
            raise ValueError(f"the school calendar has no more school days {n:+d} from {d}")
        if cal.is_school_day(current):
            remaining -= 1
    return current


def add_school_weeks(d: date, n: int, cal: SchoolCalendar) -> date:
    """d's weekday in the nth school week after the week of d (before it when n is negative).

    Source: DESIGN.md "Rules" ("N school weeks after D"), for 003_db4daf6c9cf2ba51.txt sample
    letter ("no more than 6 school weeks after the start"). A school week is a calendar week
    (Monday to Sunday) with at least one school day; the week of d itself is never counted.
    The answer keeps d's weekday even when that day is not a school day (a bank holiday or INSET
    day in an otherwise open week): it is a deadline, and moving it would change its meaning.
    n == 0 returns d. Raises ValueError when the calendar runs out of term first.
    """
    if n == 0:
        return d
    step = _ONE_WEEK if n > 0 else -_ONE_WEEK
    remaining = abs(n)
    first, last = _bounds(cal)
    monday = week_monday(d)
    while remaining:
        monday += step
        if monday > last if n > 0 else monday + 6 * _ONE_DAY < first:
            raise ValueError(f"the school calendar has no more school weeks {n:+d} from {d}")
        if cal.is_school_week(monday):
            remaining -= 1
    return monday + timedelta(days=d.weekday())


def school_weeks_elapsed(start: date, today: date, cal: SchoolCalendar) -> int:
    """How many whole school weeks have passed since start, as at today.

    Source: DESIGN.md "Rules" (school weeks), for the "weeks elapsed" column of LA lists. It is
    the inverse of ``add_school_weeks``: the largest k with add_school_weeks(start, k) <= today.
    So it is 0 until start's weekday in the first school week after start's week, and 6 on the
    day the first review of a direction falls due (``first_review_deadline``). 0 before start.
    """
    count = 0
    monday = week_monday(start) + _ONE_WEEK
    offset = timedelta(days=start.weekday())
    while monday + offset <= today:
        if cal.is_school_week(monday):
            count += 1
        monday += _ONE_WEEK
    return count


# --------------------------------------------------------------------------------------------
# Off-site directions
# --------------------------------------------------------------------------------------------


def direction_notice_deadline(first_day: date, cal: SchoolCalendar, school_days: int = 2) -> date:
    """The last day on which written notice of an off-site direction may be given to parents.

    Source: DESIGN.md "Rules" (regulations 2010); 003_db4daf6c9cf2ba51.txt sample letter. The
    Education (Educational Provision for Improving Behaviour) Regulations 2010, as amended in
    2012, require written notice not later than 2 school days before the first day of the
    direction: 2 school days back from the first day (a Monday start gives the Thursday before).
    An LA's policy may ask for more (``school_days``).
    """
    _non_negative("school_days", school_days)
    return add_school_days(first_day, -school_days, cal)


def review_invitation_deadline(meeting: date, days: int = 6) -> date:
    """The last day on which parents may be invited in writing to a review meeting.

    Source: 003_db4daf6c9cf2ba51.txt "Review" ("not later than six days before the date of any
    review meeting") and 002_decd2720d6352690.txt ("no later than six days in advance").
    Calendar days, not school days.
    """
    _non_negative("days", days)
    return meeting - timedelta(days=days)


def decision_notice_deadline(meeting: date, days: int = 6) -> date:
    """The last day on which a decision to continue a direction may be sent to parents.

    Source: 002_decd2720d6352690.txt ("no later than six days after the date of the review
    meeting at which this was decided"). Calendar days.
    """
    _non_negative("days", days)
    return meeting + timedelta(days=days)


def must_hold_requested_review(
    request_date: date, last_review: date | None, window_weeks: int = 10
) -> bool:
    """True when a parent's written request for a review must be met as soon as practicable.

    Source: 002_decd2720d6352690.txt (DfE: "unless there has already been a review meeting in the
    previous 10 weeks"); 003_db4daf6c9cf2ba51.txt sample letter says six weeks, a policy value
    passed as window_weeks. A review held on any day from request_date - window_weeks through
    request_date (both inclusive) is "in the previous window_weeks", so the request need not be
    met. last_review is the last review held on or before the request; a later date is an error.
    """
    _non_negative("window_weeks", window_weeks)
    if last_review is None:
        return True
    if last_review > request_date:
        raise ValueError(f"last review {last_review} is after the request {request_date}")
    return last_review < request_date - timedelta(weeks=window_weeks)


def first_review_deadline(start: date, cal: SchoolCalendar, school_weeks: int = 6) -> date:
    """The latest date for the first review meeting of an off-site direction.

    Source: 003_db4daf6c9cf2ba51.txt sample letter ("we suggest no more than 6 school weeks after
    the start of the provision"), counted as in ``add_school_weeks``: 6 school weeks after Monday
    3 February 2025, with half term the week of 17 February, is Monday 24 March 2025.
    """
    _non_negative("school_weeks", school_weeks)
    return add_school_weeks(start, school_weeks, cal)


def weekly_contact_overdue(last_contact: date | None, today: date, days: int = 7) -> bool:
    """True when contact between the home and host schools is overdue.

    Source: 002_decd2720d6352690.txt ("at least weekly correspondence"). Overdue when there has
    been no contact at all, or more than ``days`` calendar days have passed since the last one.
    """
    _non_negative("days", days)
    if last_contact is None:
        return True
    return (today - last_contact).days > days


# --------------------------------------------------------------------------------------------
# Pastoral Support Programmes and reduced timetables (Wales, Neath Port Talbot)
# --------------------------------------------------------------------------------------------


def next_psp_review_deadline(last: date, weeks: int = 6) -> date:
    """The latest date for the next review of a Pastoral Support Programme.

    Source: 004_f815cbfe89cfcc2a.txt ("reviews should be at least every six weeks and more
    frequently initially"). Calendar weeks after the last review (or the PSP's start).
    """
    _non_negative("weeks", weeks)
    return last + timedelta(weeks=weeks)


def needs_director_authorisation(start: date, planned_end: date, max_weeks: int = 12) -> bool:
    """True when a reduced timetable lasts long enough to need the Director's authorisation.

    Source: 004_f815cbfe89cfcc2a.txt ("where the duration of a reduced timetable extends for more
    than 12 weeks, this will require the authorisation of the Director for Education Leisure and
    Lifelong Learning"). Duration is planned_end - start: a timetable from Monday 1 September to
    Monday 24 November (exactly 12 weeks later) does not need it; one ending a day later does.
    """
    _non_negative("max_weeks", max_weeks)
    if planned_end < start:
        raise ValueError(f"planned end {planned_end} is before the start {start}")
    return planned_end - start > timedelta(weeks=max_weeks)


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


# --------------------------------------------------------------------------------------------
# Back-on-Track (in-service off-siting)
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Pupils: year groups and Unique Pupil Numbers
# --------------------------------------------------------------------------------------------


def academic_year_start(d: date) -> date:
    """1 September of the academic year (September to August) containing d.

    Source: DESIGN.md (school years in England and Wales run 1 September to 31 August).
    """
    return date(d.year if d.month >= 9 else d.year - 1, 9, 1)


def year_group_for(date_of_birth: date, on_date: date) -> int:
    """A pupil's national curriculum year group on on_date: 0 is Reception, 1 to 13 Years 1-13.

    Source: 003_db4daf6c9cf2ba51.txt Pupil Passport ("Current Year Group"), England and Wales
    admissions: a child born from 1 September of year Y to 31 August of year Y+1 starts Reception
    in September of Y+5, the September after their 4th birthday. Negative for children not yet
    in Reception (-1 is the nursery year). Pupils held back or moved up must be recorded by hand.
    """
    if on_date < date_of_birth:
        raise ValueError(f"{on_date} is before the date of birth {date_of_birth}")
    reception_year = academic_year_start(date_of_birth).year + 5
    return academic_year_start(on_date).year - reception_year


_UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"  # A=0 ... Z=22; no I, O or S


def _upn_body_values(body12: str) -> list[int] | None:
    """Numeric values of UPN characters 2-13, or None if the body is malformed."""
    if len(body12) != 12 or not body12[:11].isascii() or not body12[:11].isdigit():
        return None
    last = body12[11]
    if last.isascii() and last.isdigit():
        tail = int(last)
    elif last in _UPN_ALPHABET:
        tail = _UPN_ALPHABET.index(last)
    else:
        return None
    return [int(c) for c in body12[:11]] + [tail]


def upn_check_letter(body12: str) -> str:
    """The check letter (character 1) of a UPN whose characters 2-13 are body12.

    Source: DfE "Unique Pupil Numbers (UPN)" guidance and the Common Basic Data Set, needed for
    the Pupil Passport of 003_db4daf6c9cf2ba51.txt. Characters 2-13 are weighted 2 to 13, summed,
    and the sum modulo 23 indexes ABCDEFGHJKLMNPQRTUVWXYZ. Character 13 of a temporary UPN is a
    letter of that alphabet and counts as its index (A=0 ... Z=22). Raises ValueError if body12
    is not 11 digits followed by a digit or such a letter (case-insensitive).
    """
    values = _upn_body_values(body12.strip().upper())
    if values is None:
        raise ValueError(f"not the 12 characters after a UPN's check letter: {body12!r}")
    total = sum(weight * value for weight, value in zip(range(2, 14), values, strict=True))
    return _UPN_ALPHABET[total % 23]


def is_valid_upn(upn: str) -> bool:
    """True when upn is a well-formed Unique Pupil Number with the right check letter.

    Source: DfE UPN guidance (see ``upn_check_letter``); 003_db4daf6c9cf2ba51.txt Pupil Passport.
    13 characters: check letter, LA code (3 digits), DfE establishment number (4), year of issue
    (2), serial (2 digits then a digit, or a letter for a temporary UPN). Case-insensitive;
    surrounding whitespace is ignored.
    """
    if not isinstance(upn, str):
        return False
    value = upn.strip().upper()
    if len(value) != 13 or _upn_body_values(value[1:]) is None:
        return False
    return value[0] == upn_check_letter(value[1:])


def is_temporary_upn(upn: str) -> bool:
    """True when upn is a valid temporary UPN (a letter in character 13).

    Source: DfE UPN guidance: a school allocates a temporary UPN until the permanent one is
    known; the product flags it so that the permanent number is chased.
    """
    return is_valid_upn(upn) and upn.strip().upper()[12].isalpha()


# --------------------------------------------------------------------------------------------
# During a direction: the host's attendance and contact between home and host (helper C)
# --------------------------------------------------------------------------------------------

__all__ += [
    "attendance_rate",
    "home_host_contact_due",
    "recent_school_days",
    "session_not_yet_started",
    "suspension_sessions",
]

# DfE attendance codes (School attendance guidance, August 2024). Present: / \ L and the
# "attending a place other than the school" codes; not a possible session: X (not required to
# attend) and D (dual registered, at the other school). Every other code is an absence.
PRESENT_CODES = frozenset({"/", "\\", "L", "K", "B", "P", "V", "W"})
NOT_POSSIBLE_CODES = frozenset({"X", "D", "Z", "#", "-"})
SESSIONS = ("am", "pm")


def recent_school_days(
    start: date, end: date | None, today: date, cal: SchoolCalendar, limit: int = 10
) -> list[date]:
    """The last ``limit`` school days from start (inclusive) that are over, oldest first.

    Source: 002_decd2720d6352690.txt ("daily correspondence between schools regarding
    attendance"); 003_db4daf6c9cf2ba51.txt "Attendance Coding" (the home school gathers the
    host's actual attendance). A day is over once today is later than it, so today itself is
    never included; nor is any day after ``end`` (the last day of the direction, if known).
    The window keeps the chase list short: a day missing for longer is older news.
    """
    _non_negative("limit", limit)
    last = today - _ONE_DAY
    if end is not None and end < last:
        last = end
    found: list[date] = []
    d = last
    while d >= start and len(found) < limit:
        if cal.is_school_day(d):
            found.append(d)
        d -= _ONE_DAY
    found.reverse()
    return found


def home_host_contact_due(start: date, last_contact: date | None, days: int = 7) -> date:
    """The date by which the home and host schools must next be in touch.

    Source: 002_decd2720d6352690.txt ("at least weekly correspondence"). ``days`` calendar
    days after the later of the first day of the direction and the last contact between the
    two schools: a contact before the pupil starts does not start the clock early. Overdue
    the day after, which is exactly when ``weekly_contact_overdue`` says so.
    """
    _non_negative("days", days)
    anchor = start if last_contact is None or last_contact < start else last_contact
    return anchor + timedelta(days=days)


def session_not_yet_started(
    day: date, session: str, now_day: date, now_hour: int, afternoon_from: int = 12
) -> bool:
    """True when a register session has not happened yet, so it cannot be recorded.

    Source: 003_db4daf6c9cf2ba51.txt "Attendance Coding" (the host's register shows actual
    attendance, which cannot be known in advance). The morning session of today may be
    recorded at any time today; the afternoon session from ``afternoon_from`` o'clock.
    """
    if session not in SESSIONS:
        raise ValueError(f"unknown session {session!r}: expected 'am' or 'pm'")
    if day != now_day:
        return day > now_day
    return session == "pm" and now_hour < afternoon_from


def attendance_rate(codes: Iterable[str]) -> Decimal | None:
    """Sessions attended as a percentage of possible sessions, to one decimal place.

    Source: DfE school attendance guidance (the host records the actual attendance, 003
    "Attendance Coding"). X and D sessions are not possible sessions; None when there are no
    possible sessions at all (nothing to divide by).
    """
    possible = present = 0
    for code in codes:
        if code in NOT_POSSIBLE_CODES:
            continue
        possible += 1
        present += code in PRESENT_CODES
    if not possible:
        return None
    return (Decimal(present) * 100 / possible).quantize(Decimal("0.1"))


def suspension_sessions(start: date, days: Decimal, cal: SchoolCalendar) -> list[tuple[date, str]]:
    """The register sessions a suspension covers: twice its days, from the morning of the
    first school day on or after start.

    Source: 003_db4daf6c9cf2ba51.txt (a host that suspends the pupil); the Pupil Passport
    records suspensions in days with half days as .5, so 1.5 days is three sessions. The host
    codes those sessions E (suspended). Stops early if the calendar runs out of term.
    """
    sessions = int(Decimal(days) * 2)
    _non_negative("days", sessions)
    out: list[tuple[date, str]] = []
    if cal.last_day is None:
        return out
    for d in cal.school_days(start, cal.last_day):
        if len(out) >= sessions:
            break
        out.extend((d, s) for s in SESSIONS)
    return out[:sessions]


# --------------------------------------------------------------------------------------------
# Back-on-Track off-siting (000_6280d14dcdeb4d53.txt)
# --------------------------------------------------------------------------------------------

__all__ += [
    "OFFSITING_SHORT_KINDS",
    "OFFSITING_SHORT_MAX_DAYS",
    "OFFSITING_WEEK_DAYS",
    "offsiting_days",
    "offsiting_is_week_or_more",
    "offsiting_meeting_dates",
    "offsiting_needs_head_of_service",
    "offsiting_required_subjects",
    "offsiting_restorative_due",
    "offsiting_sharing_due",
    "offsiting_short_limit_problem",
    "offsiting_week_one_due",
    "offsiting_within_half_term",
    "offsiting_workbook",
]

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


def offsiting_is_week_or_more(day_count: int) -> bool:
    """True for an off-siting "of 1 week or more": at least 5 school days.

    Source: 000_6280d14dcdeb4d53.txt "Parent involvement" and "Back-On-Track Programme" (the
    full workbook, the review after 1 week, fortnightly reviews and a final review).
    """
    _non_negative("day_count", day_count)
    return day_count >= OFFSITING_WEEK_DAYS


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
    if not offsiting_is_week_or_more(len(days)):
        return [first] if first == last else [first, last]
    out = [first]
    for review in back_on_track_meetings(first, last)[1:-1]:
        while review < last and not cal.is_school_day(review):
            review += _ONE_DAY
        if out[-1] < review < last:
            out.append(review)
    out.append(last)
    return out


def offsiting_workbook(day_count: int) -> str:
    """Which Back-on-Track booklet the pupil completes: "full" or "light".

    Source: 000_6280d14dcdeb4d53.txt: "The Back-On-Track Programme must be used and the workbook
    completed for any off-siting of 1 week or more"; "For periods of less than 1 week ... the
    light version of the Back-on-Track booklet, called 'Understanding my behaviour and the
    consequences'".
    """
    return "full" if offsiting_is_week_or_more(day_count) else "light"


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


def offsiting_week_one_due(days: list[date]) -> date | None:
    """When the receiving centre decides whether the pupil returns or needs a further week.

    Source: 000_6280d14dcdeb4d53.txt: "at the end of 1 week, the receiving site will make a
    decision whether the pupil is able to return to the home site or whether a further week is
    required": the fifth school day off-site. None for an off-siting of less than a week.
    ``days`` are the off-siting's school days (``offsiting_days``).
    """
    if not offsiting_is_week_or_more(len(days)):
        return None
    return days[OFFSITING_WEEK_DAYS - 1]


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


# --------------------------------------------------------------------------------------------
# Pastoral Support Programmes (004_f815cbfe89cfcc2a.txt)
# --------------------------------------------------------------------------------------------

__all__ += [
    "psp_check_in_due",
    "psp_due_for_monitoring",
    "psp_first_review_default",
    "psp_needs_ewo",
    "psp_review_date_problem",
    "psp_review_deadlines",
    "psp_term_starts",
]


def psp_first_review_default(meeting_on: date, weeks: int = 2) -> date:
    """The first review's date the PSP Initial Meeting form suggests: ``weeks`` calendar weeks
    after the meeting.

    Source: 004_f815cbfe89cfcc2a.txt ("reviewed every six weeks and more frequently initially");
    the school sets the first interval, whose default is the LA's policy value (2 weeks).
    """
    return next_psp_review_deadline(meeting_on, weeks=weeks)


def psp_review_date_problem(after: date, proposed: date, max_weeks: int = 6) -> str | None:
    """Why ``proposed`` cannot be the next PSP review after ``after``, or None when it can.

    Source: 004_f815cbfe89cfcc2a.txt ("reviews should be at least every six weeks"): the next
    review is after the meeting (or review) it follows and no later than ``max_weeks``
    calendar weeks after it (the LA's policy value, 6 by default). Answers "early" or "late".
    """
    _non_negative("max_weeks", max_weeks)
    if proposed <= after:
        return "early"
    if proposed > next_psp_review_deadline(after, weeks=max_weeks):
        return "late"
    return None


def psp_review_deadlines(
    agreed_on: date,
    first_review_on: date | None,
    reviews: Iterable[tuple[date, date | None]],
    max_weeks: int = 6,
) -> list[date]:
    """The latest date of each PSP review: of every review held, and of the next one.

    Source: 004_f815cbfe89cfcc2a.txt Stage Five ("All PSPs should be reviewed every six weeks and
    more frequently initially") and the Initial Meeting form's "Review Date". ``agreed_on`` is the
    day the PSP was agreed at its initial meeting; ``first_review_on`` the review date the school
    set there (None: ``max_weeks`` after the meeting); ``reviews`` the (held on, next review on)
    of each review held, in order, where next review on is None when the PSP ceased there.
    Each review is due on the date set for it, but never later than ``max_weeks`` calendar weeks
    after the meeting or review before it, whatever was set. The list has one date per review
    held and, unless the last review ceased the PSP, one more: the review still to come.
    """
    _non_negative("max_weeks", max_weeks)
    dues: list[date] = []
    previous, planned = agreed_on, first_review_on
    ceased = False
    for held_on, next_on in reviews:
        if held_on < previous:
            raise ValueError(f"review on {held_on} is before the one it follows ({previous})")
        latest = next_psp_review_deadline(previous, weeks=max_weeks)
        dues.append(min(planned, latest) if planned else latest)
        previous, planned = held_on, next_on
        ceased = next_on is None
    if not ceased:
        latest = next_psp_review_deadline(previous, weeks=max_weeks)
        dues.append(min(planned, latest) if planned else latest)
    return dues


def psp_check_in_due(
    start: date, last_check_in: date | None, cal: SchoolCalendar | None = None, days: int = 7
) -> date:
    """The date by which the key adult should next meet the child to review progress.

    Source: 004_f815cbfe89cfcc2a.txt Stage Five ("A member of staff, with whom the child/young
    person has a good relationship, will meet the child/young person frequently to review
    progress towards the PSP ... These reviews should be weekly"). ``days`` calendar days after
    the later of the PSP's agreement (``start``) and the last check-in; a check-in before the
    PSP was agreed does not start the clock. With a school calendar, a date that falls outside
    school days (a holiday, a weekend) moves to the next school day, since the child is not in
    school to meet; if the calendar has no later school day the date stays.
    """
    _non_negative("days", days)
    anchor = start if last_check_in is None or last_check_in < start else last_check_in
    due = anchor + timedelta(days=days)
    if cal is not None and cal.last_day is not None and not cal.is_school_day(due):
        d = due
        while d <= cal.last_day:
            if cal.is_school_day(d):
                return d
            d += _ONE_DAY
    return due


def psp_term_starts(term_ranges: Iterable[tuple[date, date]], min_gap_days: int = 14) -> list[date]:
    """The first day of each term, from an LA's term dates (half terms as separate ranges).

    Source: 004_f815cbfe89cfcc2a.txt ("The PSP Monitoring Group will meet on a termly basis").
    LAs record half terms as separate ranges, so a range starts a new term when the holiday
    before it is longer than ``min_gap_days`` calendar days from the last day of the range
    before (a half-term week, Friday to Monday, is 10 days; Christmas and Easter are 17 or
    more), and the first range always starts a term.
    """
    starts: list[date] = []
    last: date | None = None
    for first, end in sorted(term_ranges):
        if last is None or (first - last).days > min_gap_days:
            starts.append(first)
        last = end if last is None or end > last else last
    return starts


def psp_due_for_monitoring(
    *, agreed_on: date, last_considered: date | None, today: date, term_starts: Iterable[date]
) -> bool:
    """True when the LA's PSP Monitoring Group has not yet considered an agreed PSP this term.

    Source: 004_f815cbfe89cfcc2a.txt ("The Local Authority has a responsibility to monitor the
    use of PSPs ... The PSP Monitoring Group will meet on a termly basis"; "monitored by Local
    Authority PSP Monitoring Group termly"). This term began on the latest term start on or
    before today (with no term start yet, the whole past counts as one term). A PSP agreed
    after today is not yet due; one considered on or after this term's start is not due.
    """
    if agreed_on > today:
        return False
    started = [s for s in term_starts if s <= today]
    term_start = max(started) if started else None
    if last_considered is None:
        return True
    return term_start is not None and last_considered < term_start


def psp_needs_ewo(
    *,
    attendance_concern: bool,
    attendance_percent: Decimal | None,
    on_reduced_timetable: bool,
    threshold: Decimal = Decimal("90"),
) -> bool:
    """True when the Education Welfare Officer must be involved in the PSP.

    Source: 004_f815cbfe89cfcc2a.txt ("The Education Welfare Officer (EWO) must be involved when
    attendance is an issue or there is a reduced timetable"). Attendance is an issue when the
    school says so, or when it is below ``threshold`` per cent, the Pupil Passport's measure of
    "attendance issues (attendance below 90%)" (003_db4daf6c9cf2ba51.txt template 2).
    """
    below = attendance_percent is not None and Decimal(attendance_percent) < threshold
    return attendance_concern or below or on_reduced_timetable


# --------------------------------------------------------------------------------------------
# Reduced timetables (004_f815cbfe89cfcc2a.txt)
# --------------------------------------------------------------------------------------------

from dataclasses import dataclass  # noqa: E402  (this section's own imports)
from datetime import time  # noqa: E402

__all__ += [
    "RTT_GREEN",
    "RTT_AMBER",
    "RTT_RED",
    "RttAudit",
    "RttAuditFacts",
    "rtt_absence_code",
    "rtt_audit",
    "rtt_authorisation",
    "rtt_limit_date",
    "rtt_weeks_elapsed",
    "timetable_hours_primary",
    "timetable_hours_secondary",
]

RTT_GREEN, RTT_AMBER, RTT_RED = "green", "amber", "red"
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


def rtt_limit_date(start: date, max_weeks: int = 12) -> date:
    """The last day a reduced timetable may run without the Director's authorisation.

    Source: 004_f815cbfe89cfcc2a.txt ("where the duration ... extends for more than 12 weeks,
    this will require the authorisation of the Director"); the same boundary as
    ``needs_director_authorisation``: ending exactly ``max_weeks`` weeks after the start is
    within the limit, a day later is not.
    """
    _non_negative("max_weeks", max_weeks)
    return start + timedelta(weeks=max_weeks)


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
    if now > rtt_limit_date(start, max_weeks) and (
        authorised_until is None or authorised_until < now
    ):
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


# --------------------------------------------------------------------------------------------
# Alternative provision (004_f815cbfe89cfcc2a.txt)
# --------------------------------------------------------------------------------------------

from datetime import time as _clock  # noqa: E402  (this section's own import)

__all__ += [
    "DECLARATION_WARNING_DAYS",
    "declaration_covers",
    "declaration_current",
    "declaration_expires_on",
    "declaration_status",
    "provider_first_use",
    "recent_placement_days",
    "weekly_hours",
]

# How long before its expiry the register flags a declaration as "expires soon". 004 gives no
# period; a month leaves the LA time to ask the provider for a new one.
DECLARATION_WARNING_DAYS = 30


def declaration_expires_on(signed_on: date) -> date:
    """The last day on which a provider's safeguarding declaration is current: a year less a day.

    Source: 004_f815cbfe89cfcc2a.txt Appendix 1, "Safeguarding Declaration for Alternative
    Provision": the provider confirms "Regular enhanced certified/accredited safeguarding
    training (updated at least annually)", so what it declares holds for a year at most (the DBS
    check, "in the last three years", lasts longer). 004 leaves no period to the LA. A declaration
    signed on 1 September 2026 is current up to and including 31 August 2027; one signed on 29
    February is current up to 28 February of the next year.
    """
    try:
        anniversary = signed_on.replace(year=signed_on.year + 1)
    except ValueError:  # 29 February: the anniversary is 1 March
        anniversary = date(signed_on.year + 1, 3, 1)
    return anniversary - _ONE_DAY


def declaration_current(signed_on: date, expires_on: date, on: date) -> bool:
    """True when a declaration signed on signed_on and current up to expires_on covers `on`.

    Source: 004_f815cbfe89cfcc2a.txt "Safeguarding Duties": "The safeguarding declaration for
    alternative providers (appendix 1) is essential before placing pupils in a provision." A
    declaration signed after a day does not cover it: it was not in place then.
    """
    return signed_on <= on <= expires_on


def declaration_covers(declarations: Iterable[tuple[date, date]], start: date) -> bool:
    """True when one of a provider's declarations, (signed_on, expires_on) pairs, is current
    on the first day of a placement: the placement may start (004 "Safeguarding Duties")."""
    return any(declaration_current(signed, expires, start) for signed, expires in declarations)


def declaration_status(
    signed_on: date | None,
    expires_on: date | None,
    today: date,
    warn_days: int = DECLARATION_WARNING_DAYS,
) -> str:
    """The register's word for a provider's latest declaration: "missing", "current",
    "expiring" (current, and expires within warn_days days) or "expired".

    Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision": the LA maintains "a database of
    all providers" and schools must have the declaration before placing a pupil. No declaration,
    or one not yet signed on `today`, is "missing". "expiring" on the day warn_days days before
    expires_on and every day up to it.
    """
    _non_negative("warn_days", warn_days)
    if signed_on is None or expires_on is None or signed_on > today:
        return "missing"
    if expires_on < today:
        return "expired"
    if (expires_on - today).days <= warn_days:
        return "expiring"
    return "current"


def provider_first_use(earlier_placements: int, la_notified: bool) -> bool:
    """True when a placement is the first use of a provider by any school of the LA, so the
    LA's safeguarding officers must be told (once per provider).

    Source: 004_f815cbfe89cfcc2a.txt "Monitoring and reviewing an alternative provision"
    ("Notify the Local Authority of all alternative providers being used at the commencement of
    the placement") and "Safeguarding Duties" ("schools must notify the Local Authority of any
    new provisions used so that safeguarding reviews/visits ... can also be undertaken").
    """
    _non_negative("earlier_placements", earlier_placements)
    return earlier_placements == 0 and not la_notified


def recent_placement_days(
    start: date,
    last_day: date,
    weekdays: Iterable[int],
    today: date,
    cal: SchoolCalendar,
    limit: int = 10,
) -> list[date]:
    """The last ``limit`` days at the provider that are over, oldest first: school days of the
    base school, on the placement's weekdays (0 = Monday), from start to last_day.

    Source: 004_f815cbfe89cfcc2a.txt "Monitoring and reviewing an alternative provision": the
    school will "record the pupil's attendance on a daily basis using the appropriate
    registration code". Today is never included (its attendance may not be known yet); the
    window keeps the chase list short, as for the host's register (``recent_school_days``).
    """
    _non_negative("limit", limit)
    days = frozenset(weekdays)
    found: list[date] = []
    d = min(today - _ONE_DAY, last_day)
    while d >= start and len(found) < limit:
        if d.weekday() in days and cal.is_school_day(d):
            found.append(d)
        d -= _ONE_DAY
    found.reverse()
    return found


def weekly_hours(times: Iterable[tuple[_clock, _clock]]) -> Decimal:
    """Hours a week at the provider, from each day's (from, until), to two decimal places.

    Source: 004_f815cbfe89cfcc2a.txt: alternative provision "may be used as part of a reduced
    timetable ... or as a standalone full-time provision"; the hours are compared with the
    full-time hours of ``full_time_hours``.
    """
    minutes = 0
    for start, until in times:
        if until <= start:
            raise ValueError(f"{until} is not after {start}")
        minutes += (until.hour * 60 + until.minute) - (start.hour * 60 + start.minute)
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))
