"""Rules of an off-site direction and of the pupil's time at the host.
Sources: 003_db4daf6c9cf2ba51.txt, 002_decd2720d6352690.txt, the 2010 regulations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from reviews.rules.calendar import (
    _ONE_DAY,
    SchoolCalendar,
    _non_negative,
    add_school_days,
    add_school_weeks,
)


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


def next_review_deadline(last_review: date, cal: SchoolCalendar, weeks: int = 6) -> date:
    """The latest date for the next review of an off-site direction: ``weeks`` calendar weeks
    after the last review held, the interval agreed at the initial meeting.

    Sources: 003_db4daf6c9cf2ba51.txt "Off-site Direction Meetings" ("At the initiation of an
    Off-site Direction, it must be agreed how regularly review meetings will take place") and
    template 3 ("Date of first review meeting and agreed frequency of subsequent reviews");
    001_c58a6ee2a70ae155.txt ("reviewed at agreed intervals, typically every 6 weeks");
    002_decd2720d6352690.txt (fortnightly reviews as best practice). The first review has its
    own rule (``first_review_deadline``, in school weeks, as the 003 letter says).

    A review meeting is held on a school day, so a date that is not one (a holiday, a bank
    holiday, a closure day) moves back to the last school day before it: moving it later
    would stretch the agreed interval. Over the summer that can be weeks earlier. Only when
    there is no school day after the last review up to that date (a weekly review across half
    term) does it move forward, to the first school day after it: the soonest the review can
    be held. Raises ValueError for ``weeks`` below 1, and when the calendar's term dates do not
    reach the date (whether it is a school day cannot be told).
    """
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    due = last_review + timedelta(weeks=weeks)
    if cal.first_day is None or not cal.first_day <= due <= cal.last_day:
        raise ValueError(f"the school calendar's term dates do not reach {due}")
    day = due
    while day > last_review:
        if cal.is_school_day(day):
            return day
        day -= _ONE_DAY
    day = due + _ONE_DAY
    while day <= cal.last_day:
        if cal.is_school_day(day):
            return day
        day += _ONE_DAY
    raise ValueError(f"the school calendar's term dates have no school day after {due}")


def weekly_contact_overdue(last_contact: date | None, today: date, days: int = 7) -> bool:
    """True when contact between the home and host schools is overdue.

    Source: 002_decd2720d6352690.txt ("at least weekly correspondence"). Overdue when there has
    been no contact at all, or more than ``days`` calendar days have passed since the last one.
    """
    _non_negative("days", days)
    if last_contact is None:
        return True
    return (today - last_contact).days > days


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
