"""Dates for the synthetic cases: school days a number of weeks from today on the demo's
English calendar (the term dates Loadshire is given), and the rows' history in bulk."""

import datetime
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from demo.calendar import demo_calendar
from demo.pupils import school_day_on_or_after, school_day_on_or_before
from reviews import rules

CAL = demo_calendar("england")


def school_day(today: datetime.date, weeks: float, days: int = 0) -> datetime.date:
    """The school day on or after today's Monday plus `weeks` weeks and `days` days (weeks
    may be negative: the past)."""
    d = rules.week_monday(today) + datetime.timedelta(days=round(weeks * 7) + days)
    return school_day_on_or_after(d, CAL)


def past_school_day(d: datetime.date) -> datetime.date:
    return school_day_on_or_before(d, CAL)


def add_days(d: datetime.date, n: int) -> datetime.date:
    return rules.add_school_days(d, n, CAL)


def school_days_between(first: datetime.date, last: datetime.date, weekdays=None):
    """Every school day from `first` to `last` inclusive (on `weekdays` only, if given)."""
    d = first
    while d <= last:
        if CAL.is_school_day(d) and (weekdays is None or d.weekday() in weekdays):
            yield d
        d += datetime.timedelta(days=1)


def at(d: datetime.date, hour: int = 16) -> datetime.datetime:
    """An aware moment on day `d` (when a register or a contact was recorded)."""
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time(hour, 0)))


def done_on(due: datetime.date, rng: random.Random, today: datetime.date, *, late=0.2, missed=0.1):
    """When a step due on `due` was done: mostly on time, some late, some not yet (None). A
    step not yet due is not done."""
    roll = rng.random()
    if roll < missed:
        return None
    if roll < missed + late:
        d = due + datetime.timedelta(days=rng.randint(1, 9))
    else:
        d = due - datetime.timedelta(days=rng.randint(0, 4))
    return d if d <= today else None


def create(model, objs: list, by=None) -> list:
    """Bulk-create rows with a history row each, as saving them through a service records."""
    if not objs:
        return objs
    if hasattr(model, "history"):
        return bulk_create_with_history(objs, model, batch_size=500, default_user=by)
    return model.objects.bulk_create(objs, batch_size=500)
