"""Build a school's SchoolCalendar from the database: the LA's term dates, the school's own
closure days and the nation's bank holidays (DESIGN.md, "Rules")."""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reviews.rules import SchoolCalendar, psp_term_starts
from tenancy.models import School, TermDate
from ui.formats import long_date


def term_start_for(local_authority_id: int, today: datetime.date) -> datetime.date | None:
    """The first day of the term we are in (or the last that began), from the LA's term dates
    (half terms are separate rows: rules.psp_term_starts joins them); None without any."""
    ranges = TermDate.objects.filter(local_authority_id=local_authority_id).values_list(
        "first_day", "last_day"
    )
    started = [start for start in psp_term_starts(list(ranges)) if start <= today]
    return max(started) if started else None


# Inside term_dates_read_once(): each LA's term ranges and nation, read once, by LA id (and
# each calendar made from them, by ("calendar", LA id, closures)).
_term_ranges: ContextVar[dict | None] = ContextVar("term_ranges", default=None)


@contextmanager
def term_dates_read_once():
    """Read each LA's term dates once for everything done inside (the nightly refresh of
    every case, the scale seed), not once per case: term dates change rarely, and a refresh
    that started before a change may finish on the dates it started with."""
    token = _term_ranges.set({})
    try:
        yield
    finally:
        _term_ranges.reset(token)


def _terms_of(school: School) -> tuple[list, str]:
    cache = _term_ranges.get()
    if cache is not None and school.local_authority_id in cache:
        return cache[school.local_authority_id]
    la = school.local_authority
    terms = TermDate.objects.filter(local_authority_id=la.pk).values_list("first_day", "last_day")
    found = (list(terms), la.nation)
    if cache is not None:
        cache[la.pk] = found
    return found


def calendar_for_school(school: School) -> SchoolCalendar:
    cache = _term_ranges.get()
    # Inside term_dates_read_once(), each calendar is also made once (it is immutable): the
    # nightly refresh asks for one per case.
    key = ("calendar", school.local_authority_id, tuple(school.closures or ()))
    if cache is not None and key in cache:
        return cache[key]
    terms, nation = _terms_of(school)
    closures = [datetime.date.fromisoformat(d) for d in school.closures or ()]
    calendar = SchoolCalendar(terms, closures=closures, nation=nation)
    if cache is not None:
        cache[key] = calendar
    return calendar


def school_day_problem(school: School, day: datetime.date) -> str | None:
    """Why `day` is not a school day at `school`, as a sentence that names the holiday
    ("26 October 2026 is in half term."), or None when it is one."""
    why = calendar_for_school(school).not_a_school_day(day)
    if why is None:
        return None
    reason, name = why
    when = long_date(day)
    if reason == "weekend":
        return _("%(day)s is a %(weekday)s, not a school day.") % {
            "day": when,
            "weekday": date_format(day, "l"),
        }
    if reason == "bank_holiday":
        return _("%(day)s is a bank holiday (%(name)s).") % {"day": when, "name": name}
    if reason == "closure":
        return _("%(day)s is a closure day at %(school)s.") % {"day": when, "school": school}
    holiday = {
        "half_term": _("in half term"),
        "christmas": _("in the Christmas holidays"),
        "easter": _("in the Easter holidays"),
        "summer": _("in the summer holidays"),
    }.get(name, _("in the school holidays"))
    return _("%(day)s is %(holiday)s.") % {"day": when, "holiday": holiday}
