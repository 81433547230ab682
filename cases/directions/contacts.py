"""The contact log of a direction: every contact between home, host, family and professionals.

Source: 002_decd2720d6352690.txt: "Off-site direction should be monitored via regular contact
between schools, as well as with the pupil's family and wider professional network. The Local
Authority advises at least weekly correspondence ... All contact should be recorded."
The weekly home–host rule is reviews.rules.home_host_contact_due / weekly_contact_overdue.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from cases.directions.host_models import ContactEntry
from cases.directions.models import Direction
from reviews import rules

# How many of the latest home–host contacts are read to find the latest distinct days.
LATEST_READ = 50


def home_host_contact_dates(
    direction: Direction, limit: int = 2, *, whens: list[datetime.datetime] | None = None
) -> list[datetime.date]:
    """The latest distinct local dates of contact between home and host on or after the
    first day, newest first. One query, reading at most a few dozen rows, or none given the
    latest contacts' times (home_host_contact_times_of)."""
    if not direction.planned_start:
        return []
    if whens is None:
        whens = (
            direction.contacts.filter(between=ContactEntry.Between.HOME_HOST)
            .order_by("-when")
            .values_list("when", flat=True)[:LATEST_READ]
        )
    dates: list[datetime.date] = []
    for when in whens:
        day = timezone.localtime(when).date()
        if day >= direction.planned_start and day not in dates:
            dates.append(day)
            if len(dates) == limit:
                break
    return dates


def home_host_contact_times_of(direction_ids) -> dict[int, list[datetime.datetime]]:
    """For many directions at once (the nightly refresh): direction id → the times of its
    latest LATEST_READ home–host contacts, newest first. One query."""
    out: dict[int, list[datetime.datetime]] = {pk: [] for pk in direction_ids}
    if not out:
        return out
    latest = (
        ContactEntry.objects.filter(
            direction_id__in=list(out), between=ContactEntry.Between.HOME_HOST
        )
        .annotate(
            newest=Window(RowNumber(), partition_by=[F("direction_id")], order_by=F("when").desc())
        )
        .filter(newest__lte=LATEST_READ)
        .order_by("direction_id", "-when")
        .values_list("direction_id", "when")
    )
    for direction_id, when in latest:
        out[direction_id].append(when)
    return out


@dataclass
class WeeklyContact:
    """Where the weekly home–host contact stands on `today`."""

    last: datetime.date | None
    due: datetime.date
    overdue: bool


def weekly_contact_status(
    direction: Direction, today: datetime.date, last: datetime.date | None
) -> WeeklyContact | None:
    """None until the direction has a first day; `last` is the latest home–host contact."""
    if not direction.planned_start:
        return None
    days = direction.home_school.local_authority.home_host_contact_days
    due = rules.home_host_contact_due(direction.planned_start, last, days=days)
    # Overdue the day after it is due (rules.home_host_contact_due).
    return WeeklyContact(last=last, due=due, overdue=today > due)
