"""What an alternative provision placement's pages read: a week at the provider, and why a day
cannot be recorded. Reads only; the rules are in reviews.rules.

Source: 004_f815cbfe89cfcc2a.txt "Monitoring and reviewing an alternative provision".
"""

import datetime

from django.utils.translation import gettext as _

from cases.placements.models import ApPlacement
from reviews import rules
from reviews.calendars import calendar_for_school
from ui.formats import long_date, weekday


def day_text(day: datetime.date) -> str:
    """Tuesday 17 November 2026."""
    return f"{weekday(day)} {long_date(day)}"


def why_not_recordable(
    placement: ApPlacement, day: datetime.date, cal: rules.SchoolCalendar, today: datetime.date
) -> str:
    """Why a day's attendance at the provider cannot be recorded, or "" when it can: the school
    records "the pupil's attendance on a daily basis" (004 "Monitoring and reviewing an
    alternative provision"), for the school days the pupil is at the provider."""
    if day < placement.start:
        return _("%(day)s is before the placement starts.") % {"day": day_text(day)}
    if day > placement.last_day:
        return _("%(day)s is after the placement ends.") % {"day": day_text(day)}
    if day > today:
        return _("%(day)s has not happened yet.") % {"day": day_text(day)}
    if day.weekday() not in placement.times():
        return _("%(day)s is not one of the placement's days.") % {"day": day_text(day)}
    if not cal.is_school_day(day):
        return _("%(day)s is not a school day at %(school)s.") % {
            "day": day_text(day),
            "school": placement.school.name,
        }
    return ""


def week_rows(placement: ApPlacement, monday: datetime.date, today: datetime.date) -> list[dict]:
    """Monday to Friday of one week: each day's hours, mark and why it cannot be recorded.
    Two queries: the school's term dates and the marks."""
    cal = calendar_for_school(placement.school)
    days = [monday + datetime.timedelta(days=i) for i in range(5)]
    marks = {
        a.date: a for a in placement.attendance.filter(date__in=days).select_related("recorded_by")
    }
    times = placement.times()
    return [
        {
            "day": day,
            "times": times.get(day.weekday()),
            "mark": marks.get(day),
            "blocked": why_not_recordable(placement, day, cal, today),
        }
        for day in days
    ]


def current_or_to_come(placements, today):
    """Placements not ended early and not past their planned end: the pupils at the provider
    now or to come (the register's "Pupils now", the LA's list of current placements)."""
    return placements.filter(ended_on__isnull=True, end__gte=today)


def placed_now(placements, today):
    """Placements the pupil attends now: begun, not past their end, not ended early (004)."""
    return placements.filter(start__lte=today, end__gte=today, ended_on__isnull=True)
