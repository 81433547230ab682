"""The host's side of the demo's directions: registers, the contact log and a suspension."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.directions.deadlines import deadlines_refresh
from cases.directions.host_suspension import home_people, suspension_message
from cases.models import (
    AttendanceMark,
    ContactEntry,
    Direction,
    Suspension,
)
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Meeting, Notification
from tenancy.models import (
    User,
)


def seed_host_work(today: datetime.date) -> None:
    """The host's side (helper C): registers with a few days missing, contact logs (one
    overdue), and the host-ended direction's suspension by the host, with the notifications
    to the home school and the emergency review that led to the end (003)."""

    def at(day, hour, minute=0):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def host_user(direction):
        return (
            User.objects.filter(memberships__school=direction.host_school)
            .order_by("memberships__role", "pk")
            .first()
        )

    def register(direction, first, last, skip=(), suspended=()):
        if direction.attendance_marks.exists():
            return
        by = host_user(direction)
        cal = calendar_for_school(direction.host_school)
        marks = []
        for n, day in enumerate(cal.school_days(first, last)):
            for session in ("am", "pm"):
                if day in skip:
                    continue
                code = "/"
                if (day, session) in suspended:
                    code = "E"
                elif n % 9 == 4 and session == "am":
                    code = "L"
                elif n == 7:
                    code = "I"
                marks.append(
                    AttendanceMark(
                        direction=direction,
                        date=day,
                        session=session,
                        code=code,
                        note="Dentist after lunch" if code == "I" and session == "pm" else "",
                        recorded_by=by,
                    )
                )
        AttendanceMark.objects.bulk_create(marks)
        for day in {m.date for m in marks}:  # registers taken on the day, not at seeding
            direction.attendance_marks.filter(date=day).update(recorded_at=at(day, 16, 0))

    def log(direction, entries):
        if direction.contacts.exists():
            return
        home_lead, host_lead = direction.case_lead, host_user(direction)
        for when, between, who, how, what, from_host in entries:
            ContactEntry.objects.create(
                pupil=direction.pupil,
                direction=direction,
                when=when,
                between=between,
                who=who,
                how=how,
                what=what,
                recorded_by=host_lead if from_host else home_lead,
                recorded_by_school=direction.host_school if from_host else direction.home_school,
            )

    yesterday = today - datetime.timedelta(days=1)
    HOME_HOST, FAMILY = ContactEntry.Between.HOME_HOST, ContactEntry.Between.FAMILY
    active = Direction.objects.filter(
        state=Direction.State.ACTIVE, host_school__isnull=False
    ).select_related("host_school", "home_school", "case_lead", "pupil")
    for i, direction in enumerate(active.order_by("planned_start", "pk")):
        cal = calendar_for_school(direction.host_school)
        recent = rules.recent_school_days(direction.planned_start, None, today, cal)
        # The longer direction misses two recent days, the other one: the home school's list.
        skip = set(recent[-3:-1]) if i == 0 else set(recent[-2:-1])
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
        # The first direction keeps in touch every week; the second has let it slip.
        last_week = weeks if i == 0 else max(weeks - 1, 1)
        for week in range(1, last_week + 1):
            day = direction.planned_start + datetime.timedelta(weeks=week, days=-3)
            if day > yesterday:
                day = yesterday
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
        if i == 0 and recent:
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
        log(direction, entries)
        deadlines_refresh(direction=direction, today=today)

    ended = (
        Direction.objects.filter(ending=Direction.Ending.HOST_ENDED, host_school__isnull=False)
        .select_related("host_school", "home_school", "case_lead", "pupil")
        .first()
    )
    if ended is None or ended.suspensions.exists():
        return
    cal = calendar_for_school(ended.host_school)
    start = rules.add_school_days(ended.ended_on, -3, cal)
    review_day = rules.add_school_days(start, 1, cal)
    days = Decimal("2")
    Suspension.objects.create(
        pupil=ended.pupil,
        start_date=start,
        days=days,
        reason="Assaulted a member of the host's staff during a lesson.",
        suspended_by=ended.host_school,
        direction=ended,
    )
    register(
        ended,
        ended.planned_start,
        ended.ended_on,
        suspended=set(rules.suspension_sessions(start, days, cal)),
    )
    log(
        ended,
        [
            (
                at(start, 11, 5),
                HOME_HOST,
                f"Host headteacher and {ended.case_lead.full_name}",
                ContactEntry.How.PHONE,
                "The host has suspended the pupil for 2 days and asks for an emergency review "
                "tomorrow.",
                True,
            )
        ],
    )
    Meeting.objects.create(
        direction=ended,
        kind=Meeting.Kind.EMERGENCY,
        date=review_day,
        held=True,
        recorded_by=ended.case_lead,
        parents_invited_on=start,
        home_representative=f"{ended.case_lead.full_name}, case lead",
        host_representative=f"{ended.host_school.headteacher_name}, headteacher",
        parent_carer="Mother",
        progress="Attendance good until the incident; work completed in most lessons.",
        concerns="A serious assault on a member of staff. The host will not continue.",
        support="Reintegration plan at the home school with a key adult.",
        outcome=Meeting.Outcome.RETURN,
        signed_by_parent=True,
        signed_by_home=True,
        signed_by_host=True,
    )
    people = home_people(ended)
    sent = at(start, 11, 0)
    for person in dict.fromkeys(people):
        Notification.objects.get_or_create(
            user=person,
            key=f"host-suspension:{ended.pk}:{start.isoformat()}",
            defaults={
                "school": ended.home_school,
                "pupil": ended.pupil,
                "direction": ended,
                "message": suspension_message(ended, days=2, start_date=start, review=review_day),
                "url": ended.get_absolute_url(),
                "emailed_at": sent,
                "read_at": sent if person != ended.case_lead else None,
            },
        )
    Notification.objects.filter(key__startswith=f"host-suspension:{ended.pk}:").update(
        created_at=sent
    )
    deadlines_refresh(direction=ended, today=today)
