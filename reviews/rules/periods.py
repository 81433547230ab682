"""The periods an LA's reports cover: this half-term, this term, this academic year.

Sources: 004_f815cbfe89cfcc2a.txt (the PSP Monitoring Group "will meet on a termly basis"; the
reduced-timetable central record, returned each half-term; "periodically report to elected
members and schools on the use of alternative providers") and 003_db4daf6c9cf2ba51.txt (the
Fair Access Protocol weightings are kept for the school year).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reviews.rules.psp import psp_term_starts
from reviews.rules.pupils import academic_year_start

HALF_TERM = "half_term"
TERM = "term"
ACADEMIC_YEAR = "year"
CHOSEN_DATES = "dates"
PERIOD_KINDS = (HALF_TERM, TERM, ACADEMIC_YEAR, CHOSEN_DATES)


@dataclass(frozen=True)
class Period:
    """A report's first and last day (both inclusive) and how it was chosen."""

    kind: str
    start: date
    end: date

    def as_at(self, today: date) -> date:
        """The day the report's "now" figures are taken: the period's end, or today while the
        period is still running."""
        return min(self.end, today)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def academic_year_period(today: date) -> Period:
    """1 September to 31 August of the school year containing today."""
    start = academic_year_start(today)
    return Period(ACADEMIC_YEAR, start, date(start.year + 1, 8, 31))


def half_term_period(today: date, term_ranges: Iterable[tuple[date, date]]) -> Period:
    """The half-term we are in; in a holiday, the half-term that has just ended (its return is
    made now). LAs record half terms as separate ranges of term dates. Without any term dates
    that began by today: the academic year."""
    started = sorted((first, last) for first, last in term_ranges if first <= today)
    if not started:
        return academic_year_period(today)
    first, last = started[-1]
    return Period(HALF_TERM, first, last)


def term_period(today: date, term_ranges: Iterable[tuple[date, date]]) -> Period:
    """The term we are in (or the last that began): from its first day
    (rules.psp_term_starts joins half terms) to the last day before the next term begins.
    Without any term dates that began by today: the academic year."""
    ranges = sorted(term_ranges)
    starts = psp_term_starts(ranges)
    begun = [s for s in starts if s <= today]
    if not begun:
        return academic_year_period(today)
    start = begun[-1]
    later = [s for s in starts if s > start]
    inside = [last for first, last in ranges if first >= start and (not later or first < later[0])]
    end = max(inside) if inside else start
    return Period(TERM, start, end)


def report_period(
    kind: str,
    today: date,
    term_ranges: Iterable[tuple[date, date]],
    *,
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The period of `kind` around today, from the LA's term dates; CHOSEN_DATES takes `start`
    and `end` as given."""
    ranges = list(term_ranges)
    if kind == HALF_TERM:
        return half_term_period(today, ranges)
    if kind == TERM:
        return term_period(today, ranges)
    if kind == ACADEMIC_YEAR:
        return academic_year_period(today)
    if kind == CHOSEN_DATES and start is not None and end is not None:
        if end < start:
            raise ValueError("a period cannot end before it starts")
        return Period(CHOSEN_DATES, start, end)
    raise ValueError(f"unknown period {kind!r}")
