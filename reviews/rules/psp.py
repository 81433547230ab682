"""Pastoral Support Programmes (004_f815cbfe89cfcc2a.txt)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from reviews.rules.calendar import _ONE_DAY, SchoolCalendar, _non_negative


def next_psp_review_deadline(last: date, weeks: int = 6) -> date:
    """The latest date for the next review of a Pastoral Support Programme.

    Source: 004_f815cbfe89cfcc2a.txt ("reviews should be at least every six weeks and more
    frequently initially"). Calendar weeks after the last review (or the PSP's start).
    """
    _non_negative("weeks", weeks)
    return last + timedelta(weeks=weeks)


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
