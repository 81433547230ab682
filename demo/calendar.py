"""The demo's term dates (2025/26 to the autumn of 2028, England and Wales), its school calendar:
the demo seeds on any day to July 2028, whose cases plan steps months ahead."""

import datetime
import functools

from simple_history.utils import bulk_create_with_history

from reviews.rules import SchoolCalendar, academic_year_start
from tenancy.models import (
    LocalAuthority,
    TermDate,
)

# Realistic term dates, half terms as separate rows: (name, first day, last day).
ENGLISH_TERMS = [
    ("Autumn 1", "2025-09-03", "2025-10-24"),
    ("Autumn 2", "2025-11-03", "2025-12-19"),
    ("Spring 1", "2026-01-05", "2026-02-13"),
    ("Spring 2", "2026-02-23", "2026-03-27"),
    ("Summer 1", "2026-04-13", "2026-05-22"),
    ("Summer 2", "2026-06-01", "2026-07-21"),
    ("Autumn 1", "2026-09-02", "2026-10-23"),
    ("Autumn 2", "2026-11-02", "2026-12-18"),
    ("Spring 1", "2027-01-04", "2027-02-12"),
    ("Spring 2", "2027-02-22", "2027-03-26"),
    ("Summer 1", "2027-04-12", "2027-05-28"),
    ("Summer 2", "2027-06-07", "2027-07-21"),
    ("Autumn 1", "2027-09-01", "2027-10-22"),
    ("Autumn 2", "2027-11-01", "2027-12-17"),
    ("Spring 1", "2028-01-04", "2028-02-11"),
    ("Spring 2", "2028-02-21", "2028-04-07"),
    ("Summer 1", "2028-04-24", "2028-05-26"),
    ("Summer 2", "2028-06-05", "2028-07-21"),
    ("Autumn 1", "2028-09-04", "2028-10-20"),
    ("Autumn 2", "2028-10-30", "2028-12-20"),
]


WELSH_TERMS = [
    ("Autumn 1", "2025-09-01", "2025-10-24"),
    ("Autumn 2", "2025-11-03", "2025-12-19"),
    ("Spring 1", "2026-01-05", "2026-02-13"),
    ("Spring 2", "2026-02-23", "2026-03-27"),
    ("Summer 1", "2026-04-13", "2026-05-22"),
    ("Summer 2", "2026-06-01", "2026-07-20"),
    ("Autumn 1", "2026-09-01", "2026-10-23"),
    ("Autumn 2", "2026-11-02", "2026-12-18"),
    ("Spring 1", "2027-01-04", "2027-02-12"),
    ("Spring 2", "2027-02-22", "2027-03-26"),
    ("Summer 1", "2027-04-12", "2027-05-28"),
    ("Summer 2", "2027-06-07", "2027-07-20"),
    ("Autumn 1", "2027-09-01", "2027-10-22"),
    ("Autumn 2", "2027-11-01", "2027-12-17"),
    ("Spring 1", "2028-01-04", "2028-02-11"),
    ("Spring 2", "2028-02-21", "2028-04-07"),
    ("Summer 1", "2028-04-24", "2028-05-26"),
    ("Summer 2", "2028-06-05", "2028-07-20"),
    ("Autumn 1", "2028-09-01", "2028-10-27"),
    ("Autumn 2", "2028-11-06", "2028-12-22"),
]


def seed_term_dates(la: LocalAuthority) -> None:
    """The nation's demo terms for the LA: the missing ones made in one insert (with their
    history), a term whose name or last day differs put right; seeding again changes nothing.
    The test suite seeds them for most tests: one update_or_create a term was a quarter of a
    case test's time."""
    have = {term.first_day: term for term in TermDate.objects.filter(local_authority=la)}
    new = []
    for name, first, last in WELSH_TERMS if la.nation == "wales" else ENGLISH_TERMS:
        first_day, last_day = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        term = have.get(first_day)
        if term is None:
            new.append(
                TermDate(local_authority=la, first_day=first_day, name=name, last_day=last_day)
            )
        elif (term.name, term.last_day) != (name, last_day):
            term.name, term.last_day = name, last_day
            term.save()
    if new:
        bulk_create_with_history(new, TermDate)


@functools.cache
def demo_calendar(nation: str) -> SchoolCalendar:
    """The demo's term dates of one nation as a calendar, for dating what pupils did at school.

    The tables cover three school years; a demo pupil joined their school years before, so the
    years they leave out repeat the first year's terms on the same days of the month.
    """
    terms = [
        (datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))
        for _name, first, last in (WELSH_TERMS if nation == "wales" else ENGLISH_TERMS)
    ]
    covered = {academic_year_start(first).year for first, _last in terms}
    pattern = [(f, last) for f, last in terms if academic_year_start(f).year == min(covered)]
    for year in range(1990, 2061):
        if year not in covered:
            shift = year - min(covered)
            terms += [
                (f.replace(year=f.year + shift), last.replace(year=last.year + shift))
                for f, last in pattern
            ]
    return SchoolCalendar(terms, nation=nation)
