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


# --------------------------------------------------------------------------------------------
# Pastoral Support Programmes (004_f815cbfe89cfcc2a.txt)
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Reduced timetables (004_f815cbfe89cfcc2a.txt)
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Alternative provision (004_f815cbfe89cfcc2a.txt)
# --------------------------------------------------------------------------------------------
