"""Demo data for Back-on-Track off-siting (000_6280d14dcdeb4d53.txt) between the centres of the
Worcestershire Pupil Education Service: Kingfisher, Heron and Otter Centre.

Four off-sitings, one of each state that matters: a respite off-siting waiting for the Head of
Service; a respite off-siting running with all seven items shared and work tracked; a safety
off-siting just ended, its restorative meeting still to hold; and a consequence off-siting
closed after the restorative meeting. Idempotent: a pupil who has an off-siting is skipped.
"""

import datetime

from django.db import transaction

from cases.models import OffSiting, OffSitingMeeting, OffSitingWork, Pupil
from cases.offsiting import services as svc
from reviews import rules
from reviews.calendars import calendar_for_school
from safeguarding.models import SharedItem
from tenancy.models import School, User
from tenancy.services import grant_host_access

ITEMS = {
    SharedItem.Item.PASSPORT: ("Pupil Passport, shared drive › PES › Passports", ""),
    SharedItem.Item.RISK_ASSESSMENT: ("Risk assessment v3, shared drive › PES › Risk", ""),
    SharedItem.Item.ISP: ("Individual Support Plan, autumn review", ""),
    SharedItem.Item.HANDLING_PLAN: ("Positive Handling Plan, signed by parent", ""),
    SharedItem.Item.MY_CONCERN: ("My Concern access set up for the receiving DSL", ""),
    SharedItem.Item.SAFEGUARDING: (
        "Discussed DSL to DSL by phone",
        "Early Help plan open; no current child protection concerns. Home DSL keeps the "
        "existing concerns and the multi-agency meetings.",
    ),
    SharedItem.Item.HOME: (
        "",
        "Mum is the contact; call after 10am. Dad has no contact. Mornings at home are hard "
        "after weekends with family changes.",
    ),
}


def _school_days(cal, start: datetime.date, count: int) -> list[datetime.date]:
    """`count` school days from `start` (inclusive, if a school day) onwards."""
    days = list(cal.school_days(start, start + datetime.timedelta(days=count * 3 + 21)))
    if len(days) < count:
        raise ValueError("not enough term")
    return days[:count]


def _school_days_before(cal, day: datetime.date, count: int) -> list[datetime.date]:
    first = rules.add_school_days(day, -count, cal)
    return list(cal.school_days(first, day - datetime.timedelta(days=1)))


def _make(pupil, receiving, kind, first, last, lead, reasons, **extra) -> OffSiting:
    o = OffSiting(
        pupil=pupil,
        home_centre=pupil.school,
        receiving_centre=receiving,
        kind=kind,
        case_lead=lead,
        first_day=first,
        last_day=last,
        reasons=reasons,
        **extra,
    )
    svc._apply_days(o)
    o._history_user = lead
    o.full_clean()
    o.save()
    svc._sync_meetings(o, lead)
    return o


def _share(o: OffSiting, on: datetime.date, by, only=None) -> None:
    for item in SharedItem.Item.values:
        document, note = ITEMS[item]
        available = only is None or item in only
        SharedItem.objects.create(
            offsiting=o,
            item=item,
            available=available,
            available_on=on if available else None,
            document=document if available else "",
            note=note if available else "",
            recorded_by=by,
        )


def _hold(meeting: OffSitingMeeting, by, attendees: str, notes: str) -> None:
    meeting.held = True
    meeting.date = meeting.scheduled_for
    meeting.time = datetime.time(9, 30)
    meeting.attendees = attendees
    meeting.notes = notes
    meeting.recorded_by = by
    meeting.parents_invited_on = meeting.scheduled_for - datetime.timedelta(days=3)
    meeting.save()


@transaction.atomic
def seed_offsitings(today: datetime.date) -> None:
    centres = {s.urn: s for s in School.objects.filter(urn__in=["900104", "900105", "900106"])}
    kingfisher, heron, otter = centres.get("900104"), centres.get("900105"), centres.get("900106")
    if not (kingfisher and heron and otter):
        return
    head_of_service = User.objects.filter(email="head-of-service@pes.demo").first()
    owen = User.objects.filter(email="head@kingfisher.demo").first()  # head and DSL, Kingfisher
    lucy = User.objects.filter(email="case-lead@heron.demo").first()
    if not (head_of_service and owen and lucy):
        return
    heron_pupils = list(Pupil.objects.filter(school=heron).order_by("upn"))
    kingfisher_pupils = list(Pupil.objects.filter(school=kingfisher).order_by("upn"))
    if len(heron_pupils) < 2 or len(kingfisher_pupils) < 2:
        return
    cal = calendar_for_school(kingfisher)
    try:
        ahead = _school_days(cal, today + datetime.timedelta(days=7), 10)
        running = _school_days_before(cal, today, 6) + _school_days(cal, today, 4)
        ended = _school_days_before(cal, today, 3)
        closed = _school_days_before(cal, today, 25)[:2]
    except ValueError:
        return  # outside the demo's term dates: nothing honest to show

    # 1. Respite, 2 weeks, waiting for the Head of Service's agreement.
    pupil = heron_pupils[0]
    if not pupil.offsitings.exists():
        o = _make(
            pupil,
            kingfisher,
            OffSiting.Kind.RESPITE,
            ahead[0],
            ahead[-1],
            lucy,
            "Repeated dysregulation in the afternoons since October; two incidents with the "
            "same peer group. A fresh start for two weeks with intensive support.",
            intervention="Daily small-group work on managing strong feelings; mentor check-ins.",
            work_agreed="Maths and English each day; reading for 20 minutes.",
            receiving_class="Kestrel class",
        )
        _share(
            o,
            today,
            lucy,
            only={SharedItem.Item.PASSPORT, SharedItem.Item.RISK_ASSESSMENT, SharedItem.Item.ISP},
        )
        svc.deadlines_refresh(offsiting=o, today=today)

    # 2. Respite, running, agreed, every item shared and work tracked.
    pupil = kingfisher_pupils[0]
    if not pupil.offsitings.exists():
        o = _make(
            pupil,
            heron,
            OffSiting.Kind.RESPITE,
            running[0],
            running[-1],
            owen,
            "Escalating conflict with staff; needs intensive support to succeed back at "
            "Kingfisher.",
            intervention="Back-on-Track workbook with a mentor every morning.",
            work_agreed="Maths, English and each option subject: one piece a day.",
            receiving_class="Group 2, Room 4",
            state=OffSiting.State.STARTED,
            started_on=running[0],
            approval_decision=OffSiting.Decision.AGREED,
            approval_by=head_of_service,
            approval_on=running[0] - datetime.timedelta(days=4),
            approval_days=len(running),
            approval_notes="Agreed for two weeks; review at the end of week one.",
            ta_requested_on=running[0] - datetime.timedelta(days=4),
            ta_request_reason="Structured 1:1 mentoring for the workbook in the first week.",
            topics_done=["causes", "brain", "impact"],
            workbook_notes="Engaging well; found the anger cycle session hard.",
        )
        _share(o, running[0] - datetime.timedelta(days=5), owen)
        grant_host_access(pupil, heron)
        start = o.meetings.order_by("scheduled_for").first()
        _hold(
            start,
            owen,
            "Mum\nOwen Price, Kingfisher Centre\nLucy Hart, Heron Centre",
            "Agreed the timetable, the work and the workbook. Mum will bring him each day.",
        )
        for week in svc.weeks_of(o)[:2]:
            for subject in svc.required_subjects(o, today):
                OffSitingWork.objects.create(
                    offsiting=o,
                    subject=subject,
                    week_beginning=week,
                    set_by_home=True,
                    returned=week < rules.week_monday(today),
                    marked=week < rules.week_monday(today) and subject != "English",
                    recorded_by=owen,
                )
        svc.deadlines_refresh(offsiting=o, today=today)

    # 3. Safety, one day, ended yesterday: the restorative meeting is to hold.
    pupil = heron_pupils[1]
    if not pupil.offsitings.exists():
        o = _make(
            pupil,
            otter,
            OffSiting.Kind.SAFETY,
            ended[-1],
            ended[-1],
            lucy,
            "To separate two pupils quickly after a fight at lunchtime while the risk "
            "assessment is redone.",
            state=OffSiting.State.ENDED,
            started_on=ended[-1],
            ended_on=ended[-1],
        )
        _share(o, ended[-1] - datetime.timedelta(days=1), lucy)
        # The pupil is home: Otter no longer sees the pupil (only the off-siting's record).
        for meeting in o.meetings.all():
            _hold(meeting, lucy, "Mum\nLucy Hart, Heron Centre", "Explained the day and why.")
        OffSitingMeeting.objects.create(
            offsiting=o,
            kind=OffSitingMeeting.Kind.RESTORATIVE,
            scheduled_for=rules.offsiting_restorative_due(ended[-1], cal),
            place=heron.name,
        )
        svc.deadlines_refresh(offsiting=o, today=today)

    # 4. Consequence, two days last month, closed after the restorative meeting.
    pupil = kingfisher_pupils[1]
    if not pupil.offsitings.exists():
        o = _make(
            pupil,
            otter,
            OffSiting.Kind.CONSEQUENCE,
            closed[0],
            closed[-1],
            owen,
            "Kicked a door off its hinges after a disagreement in PE.",
            circumstance=OffSiting.Circumstance.DAMAGE,
            state=OffSiting.State.CLOSED,
            started_on=closed[0],
            ended_on=closed[-1],
            closed_on=closed[-1] + datetime.timedelta(days=3),
            topics_done=["impact", "put_right", "react"],
        )
        _share(o, closed[0] - datetime.timedelta(days=1), owen)
        for meeting in o.meetings.all():
            _hold(meeting, owen, "Dad\nOwen Price, Kingfisher Centre", "Agreed and reviewed.")
        restorative = OffSitingMeeting.objects.create(
            offsiting=o,
            kind=OffSitingMeeting.Kind.RESTORATIVE,
            scheduled_for=rules.offsiting_restorative_due(closed[-1], cal),
            place=kingfisher.name,
        )
        _hold(
            restorative,
            owen,
            "The pupil\nMr Green, PE teacher\nOwen Price, Kingfisher Centre",
            "Apologised to Mr Green and agreed to help repair the door with the site team.",
        )
        svc.deadlines_refresh(offsiting=o, today=today)
