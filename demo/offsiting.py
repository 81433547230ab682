"""Demo data for Back-on-Track off-siting (000_6280d14dcdeb4d53.txt) between the centres of the
Worcestershire Pupil Education Service: Kingfisher, Heron and Otter Centre.

Four off-sitings, one of each state that matters: a respite off-siting waiting for the Head of
Service; a respite off-siting running with all seven items shared and work tracked; a safety
off-siting just ended, its restorative meeting still to hold; and a consequence off-siting
closed after the restorative meeting. Each is made as the centres would make it, through the
services and their guards, each step on the day it happened. Idempotent: a pupil who has an
off-siting is skipped.
"""

import datetime

from django.db import transaction

from cases.offsiting import records
from cases.offsiting import services as svc
from cases.offsiting.deadlines import deadlines_refresh
from cases.offsiting.models import OffSiting, OffSitingMeeting
from cases.offsiting.selectors import required_subjects, weeks_of
from cases.pupils.models import Pupil
from reviews import rules
from reviews.calendars import calendar_for_school
from safeguarding.models import SharedItem
from tenancy.models import School, User

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


def _plan(pupil, receiving, kind, first, last, lead, reasons, **extra) -> OffSiting:
    return svc.offsiting_plan(
        pupil=pupil,
        receiving_centre=receiving,
        kind=kind,
        first_day=first,
        last_day=last,
        reasons=reasons,
        by=lead,
        **extra,
    )


def _share(o: OffSiting, on: datetime.date, by, only=None) -> None:
    """The home centre makes the items available to the receiving centre (all, or `only`)."""
    for shared in o.shared_items.all():
        if only is not None and shared.item not in only:
            continue
        document, note = ITEMS[shared.item]
        svc.offsiting_share_item(
            offsiting=o,
            item=shared,
            available=True,
            available_on=on,
            document=document,
            note=note,
            by=by,
        )


def _hold(meeting: OffSitingMeeting, by, attendees: str, notes: str) -> None:
    """The parents were invited three days before, and the meeting was held on its day."""
    records.offsiting_record_invitation(
        meeting=meeting, on=meeting.scheduled_for - datetime.timedelta(days=3), by=by
    )
    records.offsiting_record_meeting(
        meeting=meeting,
        date=meeting.scheduled_for,
        time=datetime.time(9, 30),
        place=meeting.place,
        attendees=attendees,
        notes=notes,
        by=by,
    )


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

    day = datetime.timedelta(days=1)

    # A respite of 2 weeks, waiting for the Head of Service's agreement.
    pupil = heron_pupils[0]
    if not pupil.offsitings.exists():
        o = _plan(
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
        deadlines_refresh(offsiting=o, today=today)

    # A respite running: agreed, every item shared, a 1:1 TA asked for, work tracked.
    pupil = kingfisher_pupils[0]
    if not pupil.offsitings.exists():
        o = _plan(
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
        )
        _share(o, running[0] - 5 * day, owen)
        svc.offsiting_decide_approval(
            offsiting=o,
            agreed=True,
            notes="Agreed for two weeks; review at the end of week one.",
            by=head_of_service,
            today=running[0] - 4 * day,
        )
        svc.offsiting_request_ta(
            offsiting=o,
            reason="Structured 1:1 mentoring for the workbook in the first week.",
            by=owen,
            today=running[0] - 4 * day,
        )
        o = svc.offsiting_start(offsiting=o, by=owen, today=running[0])
        _hold(
            o.meetings.order_by("scheduled_for").first(),
            owen,
            "Mum\nOwen Price, Kingfisher Centre\nLucy Hart, Heron Centre",
            "Agreed the timetable, the work and the workbook. Mum will bring him each day.",
        )
        svc.offsiting_record_workbook(
            offsiting=o,
            topics=["causes", "brain", "impact"],
            notes="Engaging well; found the anger cycle session hard.",
            by=owen,
        )
        this_week = rules.week_monday(today)
        for week in weeks_of(o)[:2]:
            for subject in required_subjects(o, today):
                records.offsiting_record_work(
                    offsiting=o,
                    subject=subject,
                    week_beginning=week,
                    set_by_home=True,
                    returned=week < this_week,
                    marked=week < this_week and subject != "English",
                    notes="",
                    by=owen,
                    by_home_centre=True,
                )
        deadlines_refresh(offsiting=o, today=today)

    # A safety off-siting of one day, ended yesterday: the restorative meeting is to hold.
    pupil = heron_pupils[1]
    if not pupil.offsitings.exists():
        o = _plan(
            pupil,
            otter,
            OffSiting.Kind.SAFETY,
            ended[-1],
            ended[-1],
            lucy,
            "To separate two pupils quickly after a fight at lunchtime while the risk "
            "assessment is redone.",
        )
        _share(o, ended[-1] - day, lucy)
        o = svc.offsiting_start(offsiting=o, by=lucy, today=ended[-1])
        for meeting in o.meetings.all():
            _hold(meeting, lucy, "Mum\nLucy Hart, Heron Centre", "Explained the day and why.")
        # The pupil is home: Otter no longer sees the pupil (only the off-siting's record).
        o = svc.offsiting_end(offsiting=o, on=ended[-1], by=lucy)
        deadlines_refresh(offsiting=o, today=today)

    # A consequence of two days last month, closed after the restorative meeting.
    pupil = kingfisher_pupils[1]
    if not pupil.offsitings.exists():
        o = _plan(
            pupil,
            otter,
            OffSiting.Kind.CONSEQUENCE,
            closed[0],
            closed[-1],
            owen,
            "Kicked a door off its hinges after a disagreement in PE.",
            circumstance=OffSiting.Circumstance.DAMAGE,
        )
        _share(o, closed[0] - day, owen)
        o = svc.offsiting_start(offsiting=o, by=owen, today=closed[0])
        for meeting in o.meetings.all():
            _hold(meeting, owen, "Dad\nOwen Price, Kingfisher Centre", "Agreed and reviewed.")
        svc.offsiting_record_workbook(
            offsiting=o, topics=["impact", "put_right", "react"], notes="", by=owen
        )
        o = svc.offsiting_end(offsiting=o, on=closed[-1], by=owen)
        _hold(
            o.meetings.get(kind=OffSitingMeeting.Kind.RESTORATIVE),
            owen,
            "The pupil\nMr Green, PE teacher\nOwen Price, Kingfisher Centre",
            "Apologised to Mr Green and agreed to help repair the door with the site team.",
        )
        o = svc.offsiting_close(offsiting=o, by=owen, today=closed[-1] + 3 * day)
        deadlines_refresh(offsiting=o, today=today)
