"""Demo reduced timetables in Neath Port Talbot and Worcestershire, in every audit rating.

Idempotent: a pupil who already has a reduced timetable is left alone. Only the demo's own
schools, people and pupils are used. Source: 004_f815cbfe89cfcc2a.txt (see
cases/reduced_timetables/services.py).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from cases.models import (
    PastoralSupportProgramme,
    Pupil,
    ReducedTimetable,
    RttChecklistAnswer,
    RttReintegrationStep,
    RttTimetableEntry,
)
from cases.reduced_timetables.deadlines import refresh_deadlines
from tenancy.models import Role, School, User

Item = RttChecklistAnswer.Item


@dataclass(frozen=True)
class Demo:
    school_urn: str
    weeks_ago: int  # the start, in weeks before today's Monday (negative: still to come)
    weeks_long: int
    clean: bool = True  # a pupil with no safeguarding indicator of Appendix 2
    reason: str = ReducedTimetable.Reason.BEHAVIOUR
    basis: str = ReducedTimetable.Basis.PSP
    agencies: str = "Education Welfare Officer; Wellbeing and Behaviour Service"
    started: bool = True
    authorised: bool = False
    increased: bool = False
    monitoring: dict = field(default_factory=dict)
    checklist_items: int = len(Item)


DEMOS = [
    # Neath Port Talbot: Afan Vale (secondary), Glan Nedd (primary)
    Demo("900301", 3, 10),  # Green: four weeks in, the first increase still to come
    Demo("900301", 14, 16, authorised=True, increased=True),  # Amber: beyond 12, authorised
    Demo("900302", 15, 17, clean=False, agencies="", reason=ReducedTimetable.Reason.WELLBEING),
    # Red: beyond 12 weeks without authorisation, the school the single agency
    Demo(
        "900302",
        -1,
        6,
        reason=ReducedTimetable.Reason.MEDICAL,
        basis=ReducedTimetable.Basis.MEDICAL,
        agencies="School nurse; paediatric physiotherapy",
        clean=False,
        started=False,
        checklist_items=5,
    ),  # planned, purely medical with an IHCP, the checklist half done
    # Worcestershire: Elmbridge High School
    Demo("900101", 2, 8),  # Green
    Demo(
        "900101",
        6,
        12,
        clean=False,
        monitoring={
            "progress": ReducedTimetable.Progress.LITTLE,
            "parent_dissatisfied": True,
            "progress_notes": "Attends the morning lessons but refuses maths; mum unhappy "
            "with the hours and wants a return to full time.",
        },
    ),  # Amber (or Red for a looked-after pupil)
    Demo(
        "900101",
        5,
        10,
        clean=False,
        monitoring={
            "non_attendance": True,
            "progress_notes": "Has not attended since the second week; EWO home visit booked.",
        },
    ),  # Red: non-attendance
]


def _clean_pupils() -> Q:
    return (
        Q(looked_after=False)
        & ~Q(safeguarding__child_protection_plan="yes")
        & ~Q(safeguarding__child_in_need_plan="yes")
    )


def _pupil(school: School, clean: bool) -> Pupil | None:
    pupils = Pupil.objects.filter(school=school, reduced_timetables__isnull=True).order_by("-upn")
    if clean:
        pupils = pupils.filter(_clean_pupils())
    return pupils.first()


def seed_reduced_timetables(today: datetime.date) -> None:

    monday = today - datetime.timedelta(days=today.weekday())
    for demo in DEMOS:
        school = School.objects.select_related("local_authority").get(urn=demo.school_urn)
        # Idempotent: each demo is one per school and rating; a school's existing reduced
        # timetables count as already seeded ones.
        existing = ReducedTimetable.objects.filter(school=school).count()
        wanted = sum(1 for d in DEMOS[: DEMOS.index(demo) + 1] if d.school_urn == demo.school_urn)
        if existing >= wanted:
            continue
        lead = User.objects.filter(
            memberships__school=school, memberships__role=Role.CASE_LEAD
        ).first()
        pupil = _pupil(school, demo.clean)
        if lead is None or pupil is None:
            continue
        timetable = _make(demo, school, pupil, lead, monday, today)
        refresh_deadlines(timetable, today=today)


def _make(demo: Demo, school, pupil, lead, monday, today) -> ReducedTimetable:
    start = monday - datetime.timedelta(weeks=demo.weeks_ago)
    end = start + datetime.timedelta(weeks=demo.weeks_long) + datetime.timedelta(days=4)
    primary = school.phase == School.Phase.PRIMARY
    psp = None
    if demo.basis == ReducedTimetable.Basis.PSP:
        psp = PastoralSupportProgramme.objects.filter(pupil=pupil, school=school).first()
        if psp is None:
            psp = PastoralSupportProgramme.objects.create(
                pupil=pupil,
                school=school,
                stage=PastoralSupportProgramme.Stage.REVIEW,
                school_lead=lead,
            )
    la = school.local_authority
    director = User.objects.filter(
        memberships__local_authority=la, memberships__role=Role.DIRECTOR
    ).first()
    medical = demo.basis == ReducedTimetable.Basis.MEDICAL
    timetable = ReducedTimetable.objects.create(
        pupil=pupil,
        school=school,
        psp=psp,
        case_lead=lead,
        start=start,
        provisional_end=end,
        state=ReducedTimetable.State.STARTED if demo.started else ReducedTimetable.State.PLANNED,
        basis=demo.basis,
        health_care_plan="Individual healthcare plan of 2 November, kept by the school nurse: "
        "mornings only for six weeks after surgery."
        if medical
        else "",
        reason=demo.reason,
        hours_per_day=Decimal("2.5") if primary else Decimal("2"),
        safeguarding_concern=not demo.clean,
        responsible_adult="Mother, at home" if not medical else "Grandmother, at home",
        agencies=demo.agencies,
        parental_views="Parents agree to the reduced timetable and want a steady return.",
        layout=ReducedTimetable.Layout.PRIMARY if primary else ReducedTimetable.Layout.SECONDARY,
        timetable_weeks=1,
        lesson_minutes=60,
        started_on=start if demo.started else None,
        started_by=lead if demo.started else None,
        start_weekly_hours=(Decimal("8") if demo.increased else Decimal("10"))
        if demo.started and not primary
        else (Decimal("12.5") if demo.started else None),
        authorisation_requested_on=start + datetime.timedelta(weeks=10)
        if demo.authorised
        else None,
        authorisation_requested_by=lead if demo.authorised else None,
        authorisation_request="Progress is good; two more weeks to reach full time."
        if demo.authorised
        else "",
        authorised_by=director if demo.authorised and director else None,
        authorised_on=start + datetime.timedelta(weeks=11) if demo.authorised else None,
        authorised_until=end if demo.authorised else None,
        monitored_on=today if demo.monitoring else None,
        **demo.monitoring,
    )
    for day in RttTimetableEntry.Day:
        if primary:
            RttTimetableEntry.objects.create(
                timetable=timetable,
                day=day.value,
                activity="Class 3 with Mrs Hughes, nurture room"
                if day.value % 2 == 0
                else "Small-group literacy, library",
                starts_at=datetime.time(9, 0),
                ends_at=datetime.time(11, 30),
            )
        else:
            for lesson, activity in ((1, "English, Room 12"), (2, "Maths, Room 4")):
                RttTimetableEntry.objects.create(
                    timetable=timetable, day=day.value, lesson=lesson, activity=activity
                )
    for weeks, hours in ((4, "15"), (8, "20")):
        RttReintegrationStep.objects.create(
            timetable=timetable,
            from_date=start + datetime.timedelta(weeks=weeks),
            hours_per_week=Decimal(hours),
            note="Add the afternoon session on two days" if weeks == 4 else "Full mornings",
        )
    answered = start - datetime.timedelta(days=3) if demo.started else today
    for item in list(Item)[: demo.checklist_items]:
        na = item in (Item.TRANSPORT, Item.ALN) or (item == Item.PSP and medical)
        RttChecklistAnswer.objects.create(
            timetable=timetable,
            item=item,
            answer=RttChecklistAnswer.Answer.NOT_APPLICABLE
            if na
            else RttChecklistAnswer.Answer.YES,
            answered_by=lead,
            answered_on=min(answered, today),
        )
    return timetable
