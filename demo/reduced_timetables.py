"""Demo reduced timetables in Neath Port Talbot and Worcestershire, in every audit rating.

Each is made the way a school makes one, through the services and their guards: the plan, the
timetable, the reintegration plan, a looked-after pupil's social worker's authorisation and
the checklist, then the start (on its start date, from a PSP signed before it, so the
checklist goes to the LA's inboxes then), the Director's authorisation (or decline) and the
monitoring, each on the day it happened. Idempotent: a pupil who already has a reduced
timetable is left alone. Only the demo's own schools, people and pupils are used. Source:
004_f815cbfe89cfcc2a.txt (see cases/reduced_timetables/services.py).
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from cases.guards import GuardError
from cases.psp.models import PastoralSupportProgramme
from cases.psp.services import psp_open
from cases.pupils.models import Pupil
from cases.reduced_timetables import services as rtt
from cases.reduced_timetables.deadlines import refresh_deadlines
from cases.reduced_timetables.models import ReducedTimetable, RttChecklistAnswer, RttTimetableEntry
from cases.reduced_timetables.protocols import questions
from demo.letters import delivered
from demo.pupils import school_day_on_or_before
from documents.rendering import DocumentRenderError
from reviews.calendars import calendar_for_school
from tenancy.models import Role, School, User

logger = logging.getLogger(__name__)
Item = RttChecklistAnswer.Item
Answer = RttChecklistAnswer.Answer
WEEK = datetime.timedelta(weeks=1)
DAYS = tuple(RttTimetableEntry.Day)
# The reintegration plan: (weeks after the start, hours a week from then, what changes).
STEPS = ((4, "15", "Add the afternoon session on two days"), (8, "20", "Full mornings"))


@dataclass(frozen=True)
class Demo:
    school_urn: str
    weeks_ago: int  # the start, in weeks before today's Monday (negative: still to come)
    weeks_long: int
    clean: bool = True  # a pupil with no safeguarding indicator of Appendix 2
    looked_after: bool = False  # a looked-after pupil: the social worker authorises it
    reason: str = ReducedTimetable.Reason.BEHAVIOUR
    basis: str = ReducedTimetable.Basis.PSP
    agencies: str = "Education Welfare Officer; Wellbeing and Behaviour Service"
    started: bool = True
    authorised: bool = False
    declined: bool = False  # asked ten weeks in, the Director declined, and it runs on
    increased: bool = False
    monitoring: dict = field(default_factory=dict)
    checklist_items: int = len(Item)


# The Wellbeing and Behaviour Service is Neath Port Talbot's (004); an English school names its own.
WORCESTERSHIRE_AGENCIES = "Education Welfare Officer; Early Help"

DEMOS = [
    # Neath Port Talbot: Afan Vale (secondary), Glan Nedd (primary)
    Demo("900301", 3, 10),  # Green: four weeks in, the first increase still to come
    Demo("900301", 14, 16, authorised=True, increased=True),  # Amber: beyond 12, authorised
    Demo(
        "900302",
        15,
        17,
        clean=False,
        agencies="",
        reason=ReducedTimetable.Reason.WELLBEING,
        declined=True,
    ),
    # Red: beyond 12 weeks, the Director declined and it runs on; the school the single agency
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
    # Worcestershire: Elmbridge High School (the DfE's national expectations: no audit matrix
    # or Director's step; the comments say how 004's matrix would rate them)
    Demo("900101", 2, 8, agencies=WORCESTERSHIRE_AGENCIES),  # Green
    Demo(
        "900101",
        6,
        12,
        clean=False,
        agencies=WORCESTERSHIRE_AGENCIES,
        looked_after=True,
        monitoring={
            "progress": ReducedTimetable.Progress.LITTLE,
            "parent_dissatisfied": True,
            "progress_notes": "Attends the morning lessons but refuses maths; her foster "
            "carer is unhappy with the hours and wants a return to full time.",
        },
    ),  # Red: looked after (the social worker authorised it), with Amber's little progress
    Demo(
        "900101",
        5,
        10,
        clean=False,
        agencies=WORCESTERSHIRE_AGENCIES,
        monitoring={
            "non_attendance": True,
            "progress_notes": "Has not attended since the second week; EWO home visit booked.",
        },
    ),  # Red: non-attendance
]


def psp_route() -> dict[str, list[tuple[Q, int]]]:
    """The demo reduced timetables set up through a PSP, by school in their order, each as
    (which pupils it may pick, weeks before today's Monday it starts): demo/psp.py picks the
    same pupils and signs their PSPs before those starts, as a reduced timetable starts from
    the signed PSP (004)."""
    route: dict[str, list[tuple[Q, int]]] = {}
    for demo in DEMOS:
        if demo.basis == ReducedTimetable.Basis.PSP:
            route.setdefault(demo.school_urn, []).append((pupils_for(demo), demo.weeks_ago))
    return route


def first_day(school: School, monday: datetime.date, weeks_ago: int) -> datetime.date:
    """The first reduced day: a school day (the service refuses a holiday), the one on or
    before that Monday, so the timetable is never shorter than the demo says."""
    return school_day_on_or_before(monday - weeks_ago * WEEK, calendar_for_school(school))


def pupils_for(demo: Demo) -> Q:
    """The pupils a demo may pick (the first of them by -upn)."""
    if demo.clean:
        return (
            Q(looked_after=False)
            & ~Q(safeguarding__child_protection_plan="yes")
            & ~Q(safeguarding__child_in_need_plan="yes")
        )
    return Q(looked_after=True) if demo.looked_after else Q()


def _pupil(school: School, demo: Demo) -> Pupil | None:
    pupils = Pupil.objects.filter(school=school, reduced_timetables__isnull=True)
    return pupils.filter(pupils_for(demo)).order_by("-upn").first()


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
        pupil = _pupil(school, demo)
        if lead is None or pupil is None:
            continue
        timetable = _make(demo, school, pupil, lead, monday, today)
        refresh_deadlines(timetable, today=today)


def _psp(pupil: Pupil, school: School, lead: User) -> PastoralSupportProgramme:
    """The pupil's PSP the reduced timetable is set up through (demo/psp.py gives the pupils
    this demo picks one signed before the start, psp_route); a new one, not signed, if the
    pupil has none (its timetable then stays planned)."""
    psp = (
        PastoralSupportProgramme.objects.filter(pupil=pupil, school=school)
        .exclude(stage=PastoralSupportProgramme.Stage.CEASED)
        .first()
    )
    return psp or psp_open(pupil=pupil, school_lead=lead, by=lead)


def _week(primary: bool, days=DAYS) -> dict:
    """Week 1 of the timetable on the given days: a morning session at primary, English and
    maths at secondary."""
    if primary:
        return {
            (day.value, 0): {
                "activity": "Class 3 with Mrs Hughes, nurture room"
                if day.value % 2 == 0
                else "Small-group literacy, library",
                "starts_at": datetime.time(9, 0),
                "ends_at": datetime.time(11, 30),
            }
            for day in days
        }
    return {
        (day.value, lesson): {"activity": activity}
        for day in days
        for lesson, activity in ((1, "English, Room 12"), (2, "Maths, Room 4"))
    }


def _make(demo: Demo, school, pupil, lead, monday, today) -> ReducedTimetable:
    start = first_day(school, monday, demo.weeks_ago)
    end = monday - demo.weeks_ago * WEEK + demo.weeks_long * WEEK + datetime.timedelta(days=4)
    primary = school.phase == School.Phase.PRIMARY
    medical = demo.basis == ReducedTimetable.Basis.MEDICAL
    timetable = rtt.reduced_timetable_create(
        pupil=pupil,
        case_lead=lead,
        details={
            "basis": demo.basis,
            "psp": None if medical else _psp(pupil, school, lead),
            "health_care_plan": "Individual healthcare plan of 2 November, kept by the school "
            "nurse: mornings only for six weeks after surgery."
            if medical
            else "",
            "reason": demo.reason,
            "start": start,
            "provisional_end": end,
            "hours_per_day": Decimal("2.5") if primary else Decimal("2"),
            "safeguarding_concern": not demo.clean,
            "responsible_adult": "Grandmother, at home" if medical else "Mother, at home",
            "agencies": demo.agencies,
            "parental_views": "Parents agree to the reduced timetable and want a steady return.",
            "layout": ReducedTimetable.Layout.PRIMARY
            if primary
            else ReducedTimetable.Layout.SECONDARY,
            "timetable_weeks": 1,
            "lesson_minutes": 60,
        },
    )
    # An increase of hours since the start: the Friday lessons came once the first step did.
    first_days = (
        tuple(RttTimetableEntry.Day)[:4] if demo.increased else tuple(RttTimetableEntry.Day)
    )
    rtt.timetable_save(timetable=timetable, week=1, cells=_week(primary, first_days), by=lead)
    for weeks, hours, note in (
        (4, "15", "Add the afternoon session on two days"),
        (8, "20", "Full mornings"),
    ):
        rtt.step_add(
            timetable=timetable,
            from_date=start + weeks * WEEK,
            hours_per_week=Decimal(hours),
            note=note,
            by=lead,
        )
    if pupil.looked_after:
        # Appendix 1's N.B.: the foster carer has no delegated authority, so the looked-after
        # social worker (the one on the Pupil Passport) authorised it, the day before the
        # checklist was done.
        on = min(start - datetime.timedelta(days=4), today)
        rtt.lac_authorisation_record(
            timetable=timetable,
            authority=ReducedTimetable.LacAuthority.SOCIAL_WORKER,
            name=pupil.social_worker.split(",")[0].strip() or "The looked-after social worker",
            on=on,
            by=lead,
            today=on,
        )
    answered = start - datetime.timedelta(days=3) if demo.started else today
    rtt.checklist_save(
        timetable=timetable,
        answers={
            item: (
                Answer.NOT_APPLICABLE
                if item in (Item.TRANSPORT, Item.ALN) or (item == Item.PSP and medical)
                else Answer.YES,
                "",
            )
            # the questions of the LA's protocol: 004's eight, or the DfE's expectations
            for item in [q.item for q in questions(timetable)][: demo.checklist_items]
        },
        by=lead,
        today=min(answered, today),
    )
    if demo.started and not _start(timetable, lead, start):
        return timetable
    if demo.increased:
        rtt.timetable_save(timetable=timetable, week=1, cells=_week(primary), by=lead)
    if demo.authorised or demo.declined:
        _ask_the_director(timetable, lead, start, end, authorise=demo.authorised)
    if demo.monitoring:
        rtt.progress_record(
            timetable=timetable,
            progress=demo.monitoring.get("progress", ReducedTimetable.Progress.SOME),
            progress_notes=demo.monitoring.get("progress_notes", ""),
            non_attendance=demo.monitoring.get("non_attendance", False),
            parent_dissatisfied=demo.monitoring.get("parent_dissatisfied", False),
            professional_concerns=demo.monitoring.get("professional_concerns", False),
            by=lead,
            today=today,
        )
    return timetable


def _start(timetable: ReducedTimetable, lead: User, start: datetime.date) -> bool:
    """Record the start on the start date: the checklist goes to the LA's inboxes, delivered
    then (seeding sends no email)."""
    try:
        letters = rtt.reduced_timetable_start(timetable=timetable, by=lead, today=start)
    except (GuardError, DocumentRenderError) as error:
        logger.warning("Demo reduced timetable %s not started: %s", timetable.pk, error)
        return False
    delivered(letters, at=_at_noon(start))
    return True


def _ask_the_director(
    timetable: ReducedTimetable, lead: User, start, end, *, authorise: bool
) -> None:
    """The school asks ten weeks in; the week after, the Director authorises it until the
    provisional end, or declines (it must then end within the 12 weeks)."""
    director = User.objects.filter(
        memberships__local_authority=timetable.school.local_authority_id,
        memberships__role=Role.DIRECTOR,
    ).first()
    if director is None:
        return
    rtt.authorisation_request(
        timetable=timetable,
        reason="Progress is good; two more weeks to reach full time.",
        by=lead,
        today=start + 10 * WEEK,
    )
    decided = start + 11 * WEEK
    if authorise:
        rtt.authorise(timetable=timetable, until=end, note="", by=director, today=decided)
    else:
        rtt.authorisation_decline(
            timetable=timetable,
            reason="No evidence yet that more weeks would bring a return to full time: a "
            "return by the end of week 12, with the EWO and CAMHS involved.",
            by=director,
            today=decided,
        )


def _at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
