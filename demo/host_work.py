"""The host's side of the demo's directions, recorded through the same services as the pages:
the register (a few days missing), the contact log (one host slipping behind on the weekly
contact) and a suspension by the host, with its notifications to the home school (003)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.directions.host_models import ContactEntry
from cases.directions.host_suspension import direction_host_suspends
from cases.directions.host_work import attendance_record, contact_record
from cases.directions.models import Direction
from cases.pupils.models import Suspension
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Notification
from tenancy.models import User

HOME_HOST, FAMILY = ContactEntry.Between.HOME_HOST, ContactEntry.Between.FAMILY


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def host_user(direction: Direction) -> User:
    """Who records the host's register and log: its first member who takes registers."""
    return (
        User.objects.filter(memberships__school=direction.host_school)
        .order_by("memberships__role", "pk")
        .first()
    )


def register(direction: Direction, first, last, *, skip=(), suspended=()) -> None:
    """The host's register of each school day from `first` to `last`, taken at 4pm on the day
    (attendance_record, as the register page saves it): present, a late now and then, a day
    off ill, E for the host's own suspension; the days in `skip` were never recorded."""
    by = host_user(direction)
    cal = calendar_for_school(direction.host_school)
    for n, day in enumerate(cal.school_days(first, last)):
        if day in skip:
            continue
        marks = {}
        for session in ("am", "pm"):
            code = "/"
            if (day, session) in suspended:
                code = "E"
            elif n % 9 == 4 and session == "am":
                code = "L"
            elif n == 7:
                code = "I"
            marks[(day, session)] = (code, "Dentist after lunch" if n == 7 else "")
        attendance_record(direction=direction, marks=marks, by=by, now=at(day, 16))
        # Taken on the day, not when the demo ran (the register page shows who and when).
        direction.attendance_marks.filter(date=day).update(recorded_at=at(day, 16))


def log(direction: Direction, entries) -> None:
    """Contacts as the contact page records them: (when, between, who, how, what, by the host)."""
    home_lead, host_lead = direction.case_lead, host_user(direction)
    for when, between, who, how, what, from_host in entries:
        contact_record(
            direction=direction,
            when=when,
            between=between,
            who=who,
            how=how,
            what=what,
            by=host_lead if from_host else home_lead,
            school=direction.host_school if from_host else direction.home_school,
            now=when + datetime.timedelta(minutes=5),
        )


def run_active_host_work(direction: Direction, today: datetime.date, *, keeps_in_touch: bool):
    """An active direction's register up to yesterday and its contact log. The one that keeps
    in touch every week misses two recent registers; the other misses one and has let the
    weekly home–host contact slip, so both show on the home school's Due page."""
    yesterday = today - datetime.timedelta(days=1)
    cal = calendar_for_school(direction.host_school)
    recent = rules.recent_school_days(direction.planned_start, None, today, cal)
    skip = set(recent[-3:-1]) if keeps_in_touch else set(recent[-2:-1])
    register(direction, direction.planned_start, yesterday, skip=skip)
    weeks = (today - direction.planned_start).days // 7
    entries = [
        (
            at(direction.planned_start + datetime.timedelta(days=2), 15, 40),
            FAMILY,
            f"{direction.pupil.first_name}'s mother",
            ContactEntry.How.PHONE,
            "Settling in; worried about the bus. Agreed to meet the bus on Friday.",
            True,
        )
    ]
    last_week = weeks if keeps_in_touch else max(weeks - 1, 1)
    for week in range(1, last_week + 1):
        day = min(direction.planned_start + datetime.timedelta(weeks=week, days=-3), yesterday)
        entries.append(
            (
                at(day, 16, 10),
                HOME_HOST,
                f"{direction.case_lead.full_name} (home) and the host's head of year",
                ContactEntry.How.PHONE if week % 2 else ContactEntry.How.EMAIL,
                "Weekly update: attendance good, one late. Work set by the home school "
                "is being completed; no incidents.",
                week % 2 == 0,
            )
        )
    if keeps_in_touch and recent:
        entries.append(
            (
                at(recent[-1], 15, 50),
                HOME_HOST,
                f"{direction.case_lead.full_name} (home) and the host's head of year",
                ContactEntry.How.EMAIL,
                "Two days off this week (a cold, says Mum); the host will chase the "
                "register for those days.",
                True,
            )
        )
    log(direction, sorted(entries))


def host_suspends(direction: Direction, start: datetime.date, review_day: datetime.date):
    """The host suspends the pupil for two days and asks for an emergency review the next
    school day (direction_host_suspends, as the host's page records it on the day). The home
    school's people were told at once: the emails went, and all but the case lead read it."""
    suspension = direction_host_suspends(
        direction=direction,
        start_date=start,
        days=Decimal("2"),
        reason="Assaulted a member of the host's staff during a lesson.",
        review_on=review_day,
        by=host_user(direction),
        today=start,
    )
    sent = at(start, 11, 0)
    told = Notification.objects.filter(key=f"host-suspension:{direction.pk}:{start.isoformat()}")
    # Read and emailed as on the day; setting emailed_at first also means the demo emails nobody.
    told.update(created_at=sent, emailed_at=sent, read_at=sent)
    told.filter(user=direction.case_lead).update(read_at=None)
    log(
        direction,
        [
            (
                at(start, 11, 5),
                HOME_HOST,
                f"Host headteacher and {direction.case_lead.full_name}",
                ContactEntry.How.PHONE,
                "The host has suspended the pupil for 2 days and asks for an emergency review "
                "tomorrow.",
                True,
            )
        ],
    )
    return suspension


def suspended_sessions(suspension: Suspension):
    cal = calendar_for_school(suspension.suspended_by)
    return set(rules.suspension_sessions(suspension.start_date, suspension.days, cal))
