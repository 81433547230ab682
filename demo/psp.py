"""Demo Pastoral Support Programmes in Neath Port Talbot and Worcestershire, at every stage.

Every PSP is made the way a school would make it, through the services and their guards:
opened, each stage recorded and moved on, outcomes and agreements written, signed, reviewed,
checked in with weekly and copied to the LA, each step on the day it happened. Idempotent: a
pupil who already has a PSP is left alone, so a second run makes nothing twice. Only the
demo's own schools, people and pupils are used. The reduced timetables' demo runs next and
reuses a pupil's PSP: the pupils it will choose (the same query as its own) get signed PSPs
here, so each reduced timetable sits on a complete PSP. Source: 004_f815cbfe89cfcc2a.txt.
"""

import datetime
import logging

from django.db.models import Q
from django.utils import timezone

from cases.guards import GuardError
from cases.psp import guards
from cases.psp import services as svc
from cases.psp.deadlines import psp_refresh_deadlines
from cases.psp.models import PastoralSupportProgramme, PspOutcome, PspReview
from cases.pupils.models import Pupil
from demo import reduced_timetables as rtt_demo
from demo.pupils import school_day_on_or_after, school_day_on_or_before
from documents.models import Letter, OutboxMessage
from documents.rendering import DocumentRenderError
from reviews import rules
from reviews.calendars import calendar_for_school
from tenancy.models import Role, School, User

logger = logging.getLogger(__name__)
Stage = PastoralSupportProgramme.Stage
WEEK = datetime.timedelta(weeks=1)
DAY = datetime.timedelta(days=1)

# School URN → the reduced timetables' demo pupils set up through a PSP, in its order, each as
# (which pupils it may pick, weeks before today's Monday the reduced timetable starts): see
# demo/reduced_timetables.py.
RTT_PUPILS = rtt_demo.psp_route()
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
ALL_CHECKED = {name: True for name, _label in PspOutcome.CHECKS}

STAGE_ONE = {
    "graduated_response": "Assessed by the ALNCo and the Educational Psychologist in the "
    "autumn; behaviour plan, mentoring and a nurture group since September.",
}
STAGE_TWO = {
    "evidence_staff": "Behaviour logs from every subject; form tutor's weekly notes.",
    "child_contribution": "Says maths is hard after lunch and she gets shown up. Likes art.",
    "parent_contribution": "Nan says mornings are calm; she worries about the walk home.",
    "previous_interventions": "Report card (autumn 1), nurture group, IDP since 2025.",
    "agency_support": "School-based counselling weekly; Team Around the Family since October.",
}
EWO = "Gwen Harris, Education Welfare Officer"


def _staff(school: School, role: str) -> User | None:
    return User.objects.filter(memberships__school=school, memberships__role=role).first()


def _rtt_pupils(school: School, wanted: list[tuple[Q, int]]) -> list[tuple[Pupil, int]]:
    """The pupils the reduced timetables' demo picks, in its order (the first by -upn of those
    each may pick), each with the weeks before today's Monday its reduced timetable starts."""
    chosen: list[tuple[Pupil, int]] = []
    for which, weeks_ago in wanted:
        pupils = Pupil.objects.filter(school=school).exclude(pk__in=[p.pk for p, _w in chosen])
        pupil = pupils.filter(which).order_by("-upn").first()
        if pupil is not None:
            chosen.append((pupil, weeks_ago))
    return chosen


def seed_psps(today: datetime.date) -> None:
    monday = today - datetime.timedelta(days=today.weekday())
    taken: set[int] = set()
    for urn, wanted in RTT_PUPILS.items():
        school = School.objects.select_related("local_authority").get(urn=urn)
        for n, (pupil, weeks_ago) in enumerate(_rtt_pupils(school, wanted)):
            taken.add(pupil.pk)
            if not pupil.psps.exists():
                rtt_start = rtt_demo.first_day(school, monday, weeks_ago)
                _signed(school, pupil, monday, today, full_story=n == 0, before=rtt_start)
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


# The stages, as the school records them ----------------------------------------------------


def _record(psp, by, changes: dict, *, move_on: bool) -> PastoralSupportProgramme:
    """Save a stage's page and, when it is complete, move on to the next stage."""
    psp = svc.psp_update(psp=psp, changes=changes, by=by)
    return svc.psp_advance(psp=psp, by=by) if move_on else psp


def _decided(psp, by, *, alnco_informed_on) -> PastoralSupportProgramme:
    """Stage one: the graduated response and the ALNCo; a child with ALN has an IDP."""
    changes = STAGE_ONE | {"alnco_informed_on": alnco_informed_on}
    if psp.has_aln and not psp.idp_in_place:
        changes["idp_in_place"] = True
    return _record(psp, by, changes, move_on=True)


def _gathered(psp, by, *, ewo_since, **fields) -> PastoralSupportProgramme:
    """Stage two: the five kinds of information; the EWO wherever attendance is an issue."""
    psp = svc.psp_update(psp=psp, changes=STAGE_TWO | fields, by=by)
    if guards.needs_ewo(psp):
        changes = {"ewo_name": EWO, "ewo_involved_on": ewo_since}
        psp = svc.psp_update(psp=psp, changes=changes, by=by)
    return svc.psp_advance(psp=psp, by=by)


def _outcome(psp, by, values: dict, **checks) -> PspOutcome:
    return svc.outcome_save(psp=psp, changes=values | ALL_CHECKED | checks, by=by)


def _parent_name(pupil: Pupil) -> str:
    parent = pupil.parents.filter(parental_responsibility=True).order_by("pk").first()
    return parent.name if parent else "Parent"


def _sign(psp, by, *, on, child_signed: bool, first_review_on) -> PastoralSupportProgramme:
    """Everyone signs at the end of the meeting."""
    return svc.psp_sign(
        psp=psp,
        signed_child_on=on if child_signed else None,
        signed_school_by=by.full_name,
        signed_school_on=on,
        signed_parent_name=_parent_name(psp.pupil),
        signed_parent_on=on,
        first_review_on=first_review_on,
        by=by,
        today=on,
    )


def _signed(
    school, pupil, monday, today, *, full_story: bool, before: datetime.date | None = None
) -> PastoralSupportProgramme:
    """A signed PSP in stage 5: its meeting, outcomes, agreements and, for the full story,
    the reviews held so far, weekly check-ins, the copy sent to the LA and the monitoring
    group. A reduced timetable starts from the signed PSP (004), so one that carries a reduced
    timetable starting on `before` is met and signed a week before that day, on a school day,
    and its reviews and check-ins since are recorded."""
    lead = _staff(school, Role.CASE_LEAD)
    key_adult = _staff(school, Role.KEY_ADULT) or lead
    meeting = monday - (9 if full_story else 2) * WEEK + DAY
    reviewed = full_story
    if before is not None and meeting > before - WEEK:
        meeting = school_day_on_or_before(before - WEEK, calendar_for_school(school))
        reviewed = True
    la = school.local_authority
    psp = svc.psp_open(pupil=pupil, school_lead=lead, by=lead)
    psp = _decided(psp, lead, alnco_informed_on=meeting - 5 * WEEK)
    psp = _gathered(psp, lead, ewo_since=meeting - 3 * WEEK, attendance_concern=True)
    psp = _record(
        psp,
        lead,
        {
            "meeting_on": meeting,
            "meeting_time": datetime.time(15, 30),
            "venue": "The family room, by the main entrance",
            "invited": "Parent, form tutor, ALNCo, EWO, school counsellor",
            "child_chosen_adult": f"{key_adult.full_name}, her key adult",
        },
        move_on=True,
    )
    psp = _record(
        psp,
        lead,
        {
            "key_adult": key_adult,
            "attendees": f"{pupil.first_name}; parent; {lead.full_name} (PSP lead); "
            f"{key_adult.full_name}; Gwen Harris (EWO)",
            "reason": "Leaving maths lessons most afternoons and lunchtime fall-outs; two "
            "fixed-term exclusions this year. School: disruption to learning. Family: she is "
            "anxious about maths. Pupil: she feels shown up in front of others.",
            "previous_strategies": "Report card, nurture group, seat moves, counselling.",
            "what_is_working": "Art lessons, breakfast club, the relationship with her key adult.",
            "school_agrees": "Proactive: time-out card, seat near the TA, lunchtime art club. "
            "Reactive: a calm space and a restorative chat with the key adult the same day.",
        },
        move_on=False,
    )
    outcomes = [_outcome(psp, lead, values | {"child_involved": True}) for values in OUTCOMES]
    svc.agreement_add(
        psp=psp,
        party="parent",
        name=_parent_name(pupil),
        agrees_to="Ask about maths every Thursday; walk her in on Mondays.",
        by=lead,
    )
    svc.agreement_add(
        psp=psp,
        party="professional",
        name="Gwen Harris",
        agency="Education Welfare Service",
        agrees_to="A home visit each half term; attendance reviewed fortnightly.",
        by=lead,
    )
    psp = _sign(
        psp,
        lead,
        on=meeting,
        child_signed=True,
        first_review_on=meeting + la.psp_first_review_weeks * WEEK,
    )
    if full_story:
        _copy_sent(psp, lead, meeting)
        _monitored(psp, la, meeting + 2 * DAY)
    if reviewed:
        _reviewed_and_checked_in(psp, lead, key_adult, outcomes, today)
    psp_refresh_deadlines(psp=psp, today=today)
    return psp


def _reviewed_and_checked_in(psp, lead, key_adult, outcomes, today) -> None:
    """The reviews held by today (two, then one every six weeks, continuing), and weekly
    check-ins since the meeting, the last one eight days ago (one is now overdue), each
    recorded on its day; reviews are held on school days."""
    cal = calendar_for_school(psp.school)
    first = school_day_on_or_after(psp.first_review_on, cal)
    # Each review sets the date of the next, within the LA's interval; the next is held on the
    # first school day from then (late after a long holiday, as happens).
    second = school_day_on_or_after(first + 4 * WEEK, cal)
    reviews = [
        (
            first,
            {
                "working": "Stays in maths in the mornings; uses her card well.",
                "not_working": "Afternoon maths is still hard.",
                "parents_views": "Pleased; she talks about art club at home.",
                "child_views": "The card helps. Afternoons are still long.",
                "outcome": PspReview.Outcome.ADAPT,
                "changes": "Afternoon maths moved to a small group with the TA for three weeks.",
                "next_review_on": first + 4 * WEEK,
            },
            "some",
        ),
        (
            second,
            {
                "working": "In every maths lesson for three weeks; no lunchtime incidents.",
                "parents_views": "Happy with the progress.",
                "child_views": "I like the small group.",
                "outcome": PspReview.Outcome.CONTINUE,
                "next_review_on": second + 6 * WEEK,
            },
            "good",
        ),
    ]
    planned = second + 6 * WEEK
    while planned <= today and (held := school_day_on_or_after(planned, cal)) <= today:
        later = {
            "working": "Still in every maths lesson; the small group has ended.",
            "parents_views": "Happy; she wants more hours at school.",
            "child_views": "I'm fine in maths now.",
            "outcome": PspReview.Outcome.CONTINUE,
            "next_review_on": held + 6 * WEEK,
        }
        reviews.append((held, later, "good"))
        planned = held + 6 * WEEK
    reviews = [review for review in reviews if review[0] <= today]
    check_ins = []
    day = psp.meeting_on + WEEK
    while day <= today - 8 * DAY:
        check_ins.append((day, None, "good" if day > first else "some"))
        day += WEEK
    for day, review, rating in sorted(reviews + check_ins, key=lambda e: (e[0], e[1] is None)):
        if review is not None:
            svc.psp_record_review(
                psp=psp,
                held_on=day,
                attendees=psp.attendees,
                **review,
                ratings={o.pk: (rating, "") for o in outcomes},
                by=lead,
                today=day,
            )
        else:
            svc.psp_record_check_in(
                psp=psp,
                held_on=day,
                working="Used her card twice; stayed in maths.",
                not_working="Tuesday afternoons",
                next_step="Try the timer in science too.",
                ratings={outcomes[0].pk: (rating, "")},
                by=key_adult,
                today=day,
            )


def _monitored(psp, la, on) -> None:
    officer = User.objects.filter(
        memberships__local_authority=la, memberships__role=Role.LA_OFFICER
    ).first()
    if officer is not None:
        svc.psp_record_monitoring(
            psp=psp,
            considered_on=on,
            notes="Signed PSP received; EWO involved; review in two weeks.",
            by=officer,
            today=on,
        )


def _copy_sent(psp, lead, day) -> None:
    """The signed PSP sent to the LA's PSP inbox on the day it was agreed, and delivered by the
    outbox that afternoon."""
    if not psp.school.local_authority.psp_email:
        return
    try:
        letter = svc.psp_send_copy(psp=psp, by=lead, today=day)
    except (GuardError, DocumentRenderError) as error:
        logger.warning("Demo PSP copy not sent: %s", error)
        return
    sent = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 40)))
    Letter.objects.filter(pk=letter.pk).update(created_at=sent)
    letter.messages.update(
        state=OutboxMessage.State.SENT, attempts=1, claimed_at=sent, sent_at=sent
    )


def _early(school, pupil, stage, story, monday, today) -> None:
    """A PSP before it is signed (or one that has ceased), with what its stages recorded."""
    lead = _staff(school, Role.CASE_LEAD) or _staff(school, Role.HEADTEACHER)
    if lead is None:
        return
    # A ceased PSP began about sixteen weeks ago (its meeting on a school day); the others
    # this half term.
    cal = calendar_for_school(school)
    start = school_day_on_or_after(monday - 16 * WEEK, cal) if stage == Stage.CEASED else monday
    meeting = start if stage == Stage.CEASED else monday - 4 * DAY
    psp = svc.psp_open(pupil=pupil, school_lead=lead, by=lead)
    if story == "exclusion_risk":
        psp = _record(
            psp,
            lead,
            {
                "graduated_response": "Behaviour plan since September; three fixed-term "
                "exclusions.",
                "risk_of_permanent_exclusion": True,
            },
            move_on=False,
        )
    if stage == Stage.DECIDING:
        return
    psp = _decided(psp, lead, alnco_informed_on=start - 3 * WEEK)
    if stage == Stage.INFORMATION_GATHERING:
        return  # the information is still being gathered, with the child first
    psp = _gathered(psp, lead, ewo_since=start - 2 * WEEK)
    organised = {
        "venue": "Meeting room 2",
        "invited": "Parent, form tutor, ALNCo",
        "child_chosen_adult": "Mr Price, PE teacher",
    }
    if stage == Stage.ORGANISING:
        _record(psp, lead, organised | {"meeting_on": monday + 3 * DAY}, move_on=False)
        return
    psp = _record(psp, lead, organised | {"meeting_on": meeting}, move_on=True)
    held = {
        "attendees": "Parent; PSP lead; ALNCo; Mr Price",
        "reason": "Refusing to go to lessons after breaks; low mood at home.",
        "previous_strategies": "Mentoring; time-out pass.",
        "what_is_working": "PE and the relationship with Mr Price.",
    }
    if stage == Stage.CEASED:
        held["school_agrees"] = "A daily check-in with Mr Price."
    psp = _record(psp, lead, held, move_on=False)
    outcome = _outcome(
        psp,
        lead,
        {
            "what_matters": "PE, his older brother, the sports hall.",
            "working": "PE; Mr Price.",
            "not_working": "Going back in after break.",
            "positive_change": "I want to go back into lessons after break.",
            "outcome": "Back in class within five minutes of the bell after every break, for "
            "three weeks.",
            "support_yourself": "Uses the five-minute warning to get ready.",
            "support_services": "Mr Price meets him at the sports hall door after break.",
        },
        # At the meeting still: the starting point is still to find.
        **({"check_measurable": False} if stage == Stage.MEETING else {}),
    )
    if stage == Stage.MEETING:
        return
    svc.agreement_add(
        psp=psp,
        party="parent",
        name=_parent_name(pupil),
        agrees_to="Talk about the day each evening.",
        by=lead,
    )
    psp = _sign(psp, lead, on=meeting, child_signed=False, first_review_on=meeting + 2 * WEEK)
    held = _review_days(
        psp.agreed_on, cal, today=today, max_weeks=school.local_authority.psp_review_weeks
    )
    outcomes = [PspReview.Outcome.CONTINUE] * (len(held) - 1) + [PspReview.Outcome.CEASE]
    for held_on, result, following in zip(held, outcomes, [*held[1:], None], strict=True):
        svc.psp_record_review(
            psp=psp,
            held_on=held_on,
            attendees="Parent; PSP lead; Mr Price",
            working="Back in class after every break.",
            outcome=result,
            next_review_on=following,
            ratings={outcome.pk: ("achieved" if result == PspReview.Outcome.CEASE else "good", "")},
            by=lead,
            today=held_on,
        )
    psp.refresh_from_db()
    psp_refresh_deadlines(psp=psp, today=today)


def _review_days(agreed_on, cal, *, today, max_weeks) -> list:
    """Reviews about 10, 30 and 50 school days in, in term, never more than the LA's interval
    apart and none later than yesterday (at least one: the one that ceased the PSP)."""
    latest = rules.add_school_days(today, -1, cal)
    days, previous = [], agreed_on
    for gap in (10, 20, 20):
        limit = previous + datetime.timedelta(weeks=max_weeks)
        day = min(
            rules.add_school_days(previous, gap, cal),
            rules.add_school_days(limit + DAY, -1, cal),  # the last school day within it
        )
        if day <= previous or day > latest:
            break
        days.append(day)
        previous = day
    return days or [latest]
