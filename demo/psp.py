"""Demo Pastoral Support Programmes in Neath Port Talbot and Worcestershire, at every stage.

Idempotent: a pupil who already has a PSP is left alone, so a second run makes nothing twice.
Only the demo's own schools, people and pupils are used. The reduced timetables' demo runs next
and reuses a pupil's PSP: the pupils it will choose (the same query as its own) get signed PSPs
here, so each reduced timetable sits on a complete PSP. Source: 004_f815cbfe89cfcc2a.txt.
"""

import datetime
import logging

from django.db.models import Q
from django.utils import timezone

from cases.models import (
    PastoralSupportProgramme,
    PspAgreement,
    PspCheckIn,
    PspMonitoring,
    PspOutcome,
    PspProgress,
    PspReview,
    Pupil,
)
from cases.psp import documents as psp_documents
from cases.psp.services import child_details, psp_refresh_deadlines
from documents.models import Letter, OutboxMessage
from documents.rendering import DocumentRenderError
from tenancy.models import Role, School, User

logger = logging.getLogger(__name__)
Stage = PastoralSupportProgramme.Stage
WEEK = datetime.timedelta(weeks=1)

# (school URN, how many of the reduced timetables' demo pupils it has, each as "clean"
# (no safeguarding indicator) or not, in its order): see demo/reduced_timetables.py.
RTT_PUPILS = {"900301": [True, True], "900302": [False], "900101": [True, False, False]}
# Further PSPs at the other stages: (school URN, stage, story).
OTHERS = [
    ("900301", Stage.MEETING, "meeting"),
    ("900301", Stage.DECIDING, "exclusion_risk"),
    ("900302", Stage.INFORMATION_GATHERING, "information"),
    ("900101", Stage.DECIDING, "deciding"),
    ("900101", Stage.ORGANISING, "organising"),
    ("900101", Stage.CEASED, "ceased"),
]

OUTCOMES = [
    {
        "what_matters": "Art and football; her nan; the art room, where she feels safe. "
        "Wants to be a tattoo artist.",
        "working": "Art lessons; walking in with Ffion at the gate.",
        "not_working": "Maths after lunch; leaves the room when she feels shown up.",
        "positive_change": "I want to stay in my maths lessons.",
        "outcome": "Stays in every maths lesson for the whole lesson, four weeks in a row, "
        "using her time-out card when she needs to.",
        "starting_point": "Left 7 of 10 maths lessons in the last fortnight.",
        "tried_already": "Sitting by the door; a report card (she felt it singled her out).",
        "support_yourself": "Uses the breathing she learned in counselling; keeps her "
        "sketchbook for the last five minutes when she has finished.",
        "support_technology": "A timer on her tablet for work in short chunks.",
        "support_family": "Nan asks about maths every Thursday and praises it.",
        "support_services": "Seated at the front near the teaching assistant; time-out card "
        "to the art room for 5 minutes.",
        "support_specialist": "School-based counselling, weekly, until Easter.",
    },
    {
        "what_matters": "Her friends at break; being trusted.",
        "working": "Mornings, after breakfast club.",
        "not_working": "Arguments at lunchtime that carry into the afternoon.",
        "positive_change": "I want lunchtimes without falling out.",
        "outcome": "Goes to the lunchtime art club at least three days a week and has no "
        "lunchtime incidents for three weeks.",
        "starting_point": "Four lunchtime incidents last half term.",
        "support_community": "Saturday youth art group at the leisure centre.",
        "support_services": "Lunchtime art club with Ffion, Monday to Wednesday.",
    },
]


def _staff(school: School, role: str) -> User | None:
    return User.objects.filter(memberships__school=school, memberships__role=role).first()


def _clean() -> Q:
    return (
        Q(looked_after=False)
        & ~Q(safeguarding__child_protection_plan="yes")
        & ~Q(safeguarding__child_in_need_plan="yes")
    )


def _rtt_pupils(school: School, cleans: list[bool]) -> list[Pupil]:
    """The pupils the reduced timetables' demo picks, in its order (-upn, clean first)."""
    chosen: list[Pupil] = []
    for clean in cleans:
        pupils = Pupil.objects.filter(school=school).exclude(pk__in=[p.pk for p in chosen])
        pupil = (pupils.filter(_clean()) if clean else pupils).order_by("-upn").first()
        if pupil is not None:
            chosen.append(pupil)
    return chosen


def seed_psps(today: datetime.date) -> None:
    monday = today - datetime.timedelta(days=today.weekday())
    taken: set[int] = set()
    for urn, cleans in RTT_PUPILS.items():
        school = School.objects.select_related("local_authority").get(urn=urn)
        for n, pupil in enumerate(_rtt_pupils(school, cleans)):
            taken.add(pupil.pk)
            if not pupil.psps.exists():
                _signed(school, pupil, monday, today, full_story=n == 0)
    for urn, stage, story in OTHERS:
        school = School.objects.select_related("local_authority").get(urn=urn)
        pupil = (
            Pupil.objects.filter(school=school, psps__isnull=True)
            .exclude(pk__in=taken)
            .order_by("upn")
            .first()
        )
        # Idempotent: this school already has its demo PSP at this stage.
        existing = PastoralSupportProgramme.objects.filter(school=school, stage=stage).exclude(
            pupil__pk__in=taken
        )
        if pupil is None or existing.exists():
            continue
        taken.add(pupil.pk)
        _early(school, pupil, stage, story, monday, today)


def _base(school, pupil, lead, stage, **fields) -> PastoralSupportProgramme:

    details = child_details(pupil)
    return PastoralSupportProgramme.objects.create(
        pupil=pupil, school=school, school_lead=lead, stage=stage, **(details | fields)
    )


STAGE_ONE = {
    "graduated_response": "Assessed by the ALNCo and the Educational Psychologist in the "
    "autumn; behaviour plan, mentoring and a nurture group since September.",
    "alnco_informed_on": None,  # set per PSP
}
STAGE_TWO = {
    "evidence_staff": "Behaviour logs from every subject; form tutor's weekly notes.",
    "child_contribution": "Says maths is hard after lunch and she gets shown up. Likes art.",
    "parent_contribution": "Nan says mornings are calm; she worries about the walk home.",
    "previous_interventions": "Report card (autumn 1), nurture group, IDP since 2025.",
    "agency_support": "School-based counselling weekly; Team Around the Family since October.",
}


def _signed(school, pupil, monday, today, *, full_story: bool) -> PastoralSupportProgramme:
    """A signed PSP in stage 5: its meeting, outcomes, agreements and, for the full story,
    two reviews, weekly check-ins, the copy sent to the LA and the monitoring group."""
    lead = _staff(school, Role.CASE_LEAD)
    key_adult = _staff(school, Role.KEY_ADULT) or lead
    meeting = monday - (9 if full_story else 2) * WEEK + datetime.timedelta(days=1)
    la = school.local_authority
    psp = _base(
        school,
        pupil,
        lead,
        Stage.REVIEW,
        **STAGE_ONE
        | STAGE_TWO
        | {
            "alnco_informed_on": meeting - 5 * WEEK,
            "key_adult": key_adult,
            "attendance_concern": True,
            "ewo_name": "Gwen Harris, Education Welfare Officer",
            "ewo_involved_on": meeting - 3 * WEEK,
            "meeting_on": meeting,
            "meeting_time": datetime.time(15, 30),
            "venue": "The family room, by the main entrance",
            "invited": "Parent, form tutor, ALNCo, EWO, school counsellor",
            "child_chosen_adult": f"{key_adult.full_name}, her key adult",
            "attendees": f"{pupil.first_name}; parent; {lead.full_name} (PSP lead); "
            f"{key_adult.full_name}; Gwen Harris (EWO)",
            "reason": "Leaving maths lessons most afternoons and lunchtime fall-outs; two "
            "fixed-term exclusions this year. School: disruption to learning. Family: she is "
            "anxious about maths. Pupil: she feels shown up in front of others.",
            "previous_strategies": "Report card, nurture group, seat moves, counselling.",
            "what_is_working": "Art lessons, breakfast club, the relationship with her key adult.",
            "school_agrees": "Proactive: time-out card, seat near the TA, lunchtime art club. "
            "Reactive: a calm space and a restorative chat with the key adult the same day.",
            "signed_child_on": meeting,
            "signed_school_by": lead.full_name,
            "signed_school_on": meeting,
            "signed_parent_name": _parent_name(pupil),
            "signed_parent_on": meeting,
            "first_review_on": meeting + la.psp_first_review_weeks * WEEK,
            "agreed_on": meeting,
        },
    )
    outcomes = [
        PspOutcome.objects.create(
            psp=psp,
            number=n,
            **values,
            **{name: True for name, _label in PspOutcome.CHECKS},
            child_involved=True,
        )
        for n, values in enumerate(OUTCOMES, start=1)
    ]
    PspAgreement.objects.create(
        psp=psp,
        party=PspAgreement.Party.PARENT,
        name=_parent_name(pupil),
        agrees_to="Ask about maths every Thursday; walk her in on Mondays.",
    )
    PspAgreement.objects.create(
        psp=psp,
        party=PspAgreement.Party.PROFESSIONAL,
        name="Gwen Harris",
        agency="Education Welfare Service",
        agrees_to="A home visit each half term; attendance reviewed fortnightly.",
    )
    if full_story:
        first = psp.first_review_on
        r1 = PspReview.objects.create(
            psp=psp,
            held_on=first,
            attendees=psp.attendees,
            working="Stays in maths in the mornings; uses her card well.",
            not_working="Afternoon maths is still hard.",
            parents_views="Pleased; she talks about art club at home.",
            child_views="The card helps. Afternoons are still long.",
            outcome=PspReview.Outcome.ADAPT,
            changes="Afternoon maths moved to a small group with the TA for three weeks.",
            next_review_on=first + 4 * WEEK,
            recorded_by=lead,
        )
        r2 = PspReview.objects.create(
            psp=psp,
            held_on=first + 4 * WEEK,
            attendees=psp.attendees,
            working="In every maths lesson for three weeks; no lunchtime incidents.",
            parents_views="Happy with the progress.",
            child_views="I like the small group.",
            outcome=PspReview.Outcome.CONTINUE,
            next_review_on=first + 10 * WEEK,
            recorded_by=lead,
        )
        for review, ratings in ((r1, ("some", "some")), (r2, ("good", "good"))):
            for outcome, rating in zip(outcomes, ratings, strict=True):
                PspProgress.objects.create(outcome=outcome, review=review, rating=rating)
        # Weekly check-ins since the meeting, the last one eight days ago: one is now overdue.
        day = meeting + WEEK
        while day <= today - datetime.timedelta(days=8):
            check_in = PspCheckIn.objects.create(
                psp=psp,
                held_on=day,
                working="Used her card twice; stayed in maths.",
                not_working="Tuesday afternoons",
                next_step="Try the timer in science too.",
                recorded_by=key_adult,
            )
            PspProgress.objects.create(
                outcome=outcomes[0], check_in=check_in, rating="good" if day > first else "some"
            )
            day += WEEK
        officer = User.objects.filter(
            memberships__local_authority=la, memberships__role=Role.LA_OFFICER
        ).first()
        if officer is not None:
            PspMonitoring.objects.create(
                psp=psp,
                considered_on=meeting + datetime.timedelta(days=2),
                notes="Signed PSP received; EWO involved; review in two weeks.",
                recorded_by=officer,
            )
        _copy_sent(psp, lead, meeting)

    psp_refresh_deadlines(psp=psp, today=today)
    return psp


def _parent_name(pupil: Pupil) -> str:
    parent = pupil.parents.filter(parental_responsibility=True).order_by("pk").first()
    return parent.name if parent else "Parent"


def _copy_sent(psp, lead, day) -> None:
    """The signed PSP as the outbox sent it to the LA's PSP inbox on the day it was agreed."""

    la = psp.school.local_authority
    if not la.psp_email:
        return
    try:
        document = psp_documents.generate(psp, by=lead, today=day)
    except DocumentRenderError:
        logger.warning("Demo PSP copy not made: the document printer is not set up")
        return
    sent = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 40)))
    letter = Letter.objects.create(
        pupil=psp.pupil,
        document=document,
        subject=f"Signed PSP: {psp.pupil.full_name}, {psp.school.name}",
        body="Please find attached the signed Pastoral Support Programme.",
        sent_by=lead,
    )
    Letter.objects.filter(pk=letter.pk).update(created_at=sent)
    OutboxMessage.objects.create(
        letter=letter,
        to_name=f"{la.name} PSP Monitoring Group",
        to_email=la.psp_email,
        state=OutboxMessage.State.SENT,
        attempts=1,
        claimed_at=sent,
        sent_at=sent,
    )


def _early(school, pupil, stage, story, monday, today) -> None:
    """A PSP before it is signed, with what its stage has recorded so far."""
    lead = _staff(school, Role.CASE_LEAD) or _staff(school, Role.HEADTEACHER)
    if lead is None:
        return
    fields: dict = {}
    if story == "exclusion_risk":
        fields = {
            "graduated_response": "Behaviour plan since September; three fixed-term exclusions.",
            "risk_of_permanent_exclusion": True,
        }
    if stage in (Stage.INFORMATION_GATHERING, Stage.ORGANISING, Stage.MEETING, Stage.CEASED):
        fields |= STAGE_ONE | {"alnco_informed_on": monday - 3 * WEEK}
    if stage in (Stage.ORGANISING, Stage.MEETING, Stage.CEASED):
        fields |= STAGE_TWO
    if stage == Stage.INFORMATION_GATHERING:
        fields["child_contribution"] = ""  # still being gathered with the child
    if stage in (Stage.ORGANISING, Stage.MEETING, Stage.CEASED):
        fields |= {
            "meeting_on": monday + datetime.timedelta(days=3)
            if stage == Stage.ORGANISING
            else monday - datetime.timedelta(days=4),
            "venue": "Meeting room 2",
            "invited": "Parent, form tutor, ALNCo",
            "child_chosen_adult": "Mr Price, PE teacher",
        }
    if stage in (Stage.MEETING, Stage.CEASED):
        fields |= {
            "attendees": "Parent; PSP lead; ALNCo; Mr Price",
            "reason": "Refusing to go to lessons after breaks; low mood at home.",
            "previous_strategies": "Mentoring; time-out pass.",
            "what_is_working": "PE and the relationship with Mr Price.",
        }
    if stage == Stage.CEASED:
        start = monday - 16 * WEEK
        fields |= {
            "meeting_on": start,
            "school_agrees": "A daily check-in with Mr Price.",
            "signed_school_by": lead.full_name,
            "signed_school_on": start,
            "signed_parent_name": _parent_name(pupil),
            "signed_parent_on": start,
            "first_review_on": start + 2 * WEEK,
            "agreed_on": start,
            "ceased_on": start + 14 * WEEK,
        }
    psp = _base(school, pupil, lead, stage, **fields)
    if stage in (Stage.MEETING, Stage.CEASED):
        checked = {name: True for name, _label in PspOutcome.CHECKS}
        if stage == Stage.MEETING:
            checked["check_measurable"] = False  # the starting point is still to find
        PspOutcome.objects.create(
            psp=psp,
            number=1,
            what_matters="PE, his older brother, the sports hall.",
            working="PE; Mr Price.",
            not_working="Going back in after break.",
            positive_change="I want to go back into lessons after break.",
            outcome="Back in class within five minutes of the bell after every break, for "
            "three weeks.",
            support_yourself="Uses the five-minute warning to get ready.",
            support_services="Mr Price meets him at the sports hall door after break.",
            **checked,
        )
    if stage == Stage.CEASED:
        PspAgreement.objects.create(
            psp=psp,
            party=PspAgreement.Party.PARENT,
            name=_parent_name(pupil),
            agrees_to="Talk about the day each evening.",
        )
        for weeks, outcome, following in (
            (2, PspReview.Outcome.CONTINUE, 6),
            (8, PspReview.Outcome.CONTINUE, 14),
            (14, PspReview.Outcome.CEASE, None),
        ):
            review = PspReview.objects.create(
                psp=psp,
                held_on=psp.agreed_on + weeks * WEEK,
                attendees="Parent; PSP lead; Mr Price",
                working="Back in class after every break.",
                outcome=outcome,
                next_review_on=psp.agreed_on + following * WEEK if following else None,
                recorded_by=lead,
            )
            PspProgress.objects.create(
                outcome=psp.outcomes.get(),
                review=review,
                rating="achieved" if outcome == PspReview.Outcome.CEASE else "good",
            )

        psp_refresh_deadlines(psp=psp, today=today)
