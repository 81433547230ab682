"""The school calendar: school days and school weeks from an LA's term dates, a school's own
closures and the nation's bank holidays (DESIGN.md, "Rules")."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import lru_cache

import holidays

NATIONS: dict[str, str] = {"england": "ENG", "wales": "WLS"}


_ONE_DAY = timedelta(days=1)


_ONE_WEEK = timedelta(weeks=1)

# The long breaks between terms, by the month their middle falls in.
_HOLIDAY_BY_MONTH = {
    12: "christmas",
    1: "christmas",
    3: "easter",
    4: "easter",
    7: "summer",
    8: "summer",
}


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

    def not_a_school_day(self, d: date) -> tuple[str, str] | None:
        """Why d is not a school day, as (reason, name), or None when it is one (or when the
        calendar holds no term dates around d, so only a weekend can be told).

        Reasons: "weekend" (name: the weekday), "bank_holiday" (name: the holiday's, from the
        ``holidays`` package), "closure" (the school's INSET or other closure), "holiday" (a
        gap between terms; name: "half_term" for a gap of at most 11 days, else "christmas",
        "easter" or "summer" by the month it is in, or "" for another). Source: DESIGN.md
        "Rules" (school days); issue 11 asks a refused date to name its holiday.
        """
        if d.weekday() >= 5:
            return ("weekend", d.strftime("%A"))
        if self.is_bank_holiday(d):
            names = holidays.country_holidays("GB", subdiv=NATIONS[self._nation], years=d.year)
            return ("bank_holiday", names.get(d, ""))
        if d in self._closures:
            return ("closure", "")
        if not self._terms or not self.first_day <= d <= self.last_day or self.in_term(d):
            return None
        i = bisect.bisect_right(self._starts, d)
        gap_first, gap_last = self._terms[i - 1][1] + _ONE_DAY, self._terms[i][0] - _ONE_DAY
        if (gap_last - gap_first).days + 1 <= 11:
            return ("holiday", "half_term")
        middle = gap_first + (gap_last - gap_first) / 2
        return ("holiday", _HOLIDAY_BY_MONTH.get(middle.month, ""))

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
