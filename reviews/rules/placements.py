"""Alternative provision: the provider's safeguarding declaration (004_f815cbfe89cfcc2a.txt)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from datetime import time as _clock
from decimal import Decimal

from reviews.rules.calendar import _ONE_DAY, SchoolCalendar, _non_negative

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
