"""The PSP's lifecycle services, guards and deadlines (cases/psp/services.py, guards.py,
deadlines.py).

Source: 004_f815cbfe89cfcc2a.txt "The Stages of a Pastoral Support Programme", the PSP Initial
Meeting template and the Outcome and Support Sequence workbook.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from cases.guards import GuardError
from cases.psp import deadlines, guards
from cases.psp import services as svc
from cases.psp.models import PastoralSupportProgramme, PspAgreement, PspOutcome, PspReview
from cases.psp.selectors import child_details
from cases.pupils.models import Exclusion, Suspension
from cases.reduced_timetables.models import ReducedTimetable
from documents.models import GeneratedDocument, Letter
from documents.outbox import letters_about
from reviews.models import Deadline

Stage = PastoralSupportProgramme.Stage
TODAY = datetime.date(2026, 11, 16)  # a Monday in term
CHECKS = {name: True for name, _label in PspOutcome.CHECKS}


def lead(world):
    return world.users["school_case_lead"]


def in_neath_port_talbot(world):
    """The world's LA as the source's own: in Wales, with its Wellbeing and Behaviour Service."""
    world.la.nation = "wales"
    world.la.behaviour_service = "Wellbeing and Behaviour Service"
    world.la.save(update_fields=["nation", "behaviour_service"])
    return world


def make_psp(world, stage=Stage.DECIDING, **fields):
    """A PSP of the world's pupil with every field its stage needs, at `stage`."""
    order = [s.value for s in Stage]
    reached = order.index(stage)
    values = {}
    if reached >= order.index(Stage.INFORMATION_GATHERING):
        values |= {
            "graduated_response": "Behaviour plan, mentoring, EP assessment",
            "has_aln": True,
            "idp_in_place": True,
            "alnco_informed_on": TODAY - datetime.timedelta(days=40),
        }
    if reached >= order.index(Stage.ORGANISING):
        values |= {
            "evidence_staff": "Incident logs",
            "child_contribution": "Likes art",
            "parent_contribution": "Mornings are hard",
            "previous_interventions": "Nurture group",
            "agency_support": "CAMHS",
        }
    if reached >= order.index(Stage.MEETING):
        values |= {
            "meeting_on": TODAY - datetime.timedelta(days=3),
            "venue": "Family room",
            "invited": "Mum, EP, form tutor",
            "child_chosen_adult": "Mr Jones, art teacher",
            "attendees": "Mum, Mr Jones, case lead",
            "reason": "Leaving lessons",
            "previous_strategies": "Report card",
            "what_is_working": "Art lessons",
            "school_agrees": "Daily check-in",
        }
    if reached >= order.index(Stage.REVIEW):
        values |= {
            "agreed_on": TODAY - datetime.timedelta(days=3),
            "signed_school_on": TODAY - datetime.timedelta(days=3),
            "signed_parent_on": TODAY - datetime.timedelta(days=3),
            "first_review_on": TODAY + datetime.timedelta(days=11),
        }
    if stage == Stage.CEASED:
        values["ceased_on"] = TODAY
    values |= fields
    psp = PastoralSupportProgramme.objects.create(
        pupil=world.pupil, school=world.school, school_lead=lead(world), stage=stage, **values
    )
    if reached >= order.index(Stage.REVIEW):
        make_outcome(psp)
        PspAgreement.objects.create(psp=psp, party="parent", name="Pat Home", agrees_to="Walk in")
    return psp


def make_outcome(psp, **fields):
    number = (psp.outcomes.count() or 0) + 1
    values = {
        "positive_change": "Stay in lessons",
        "outcome": "Stays in every maths lesson for 4 weeks",
        "support_yourself": "Use the calm card",
        **CHECKS,
        **fields,
    }
    return PspOutcome.objects.create(psp=psp, number=number, **values)


@pytest.fixture
def today():
    with time_machine.travel(
        datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield TODAY


def test_it_opens_a_psp_prefilled_from_the_passport(world, today):
    Exclusion.objects.create(pupil=world.pupil, date=TODAY, reason="x")
    Suspension.objects.create(pupil=world.pupil, start_date=TODAY, days=Decimal("1.5"), reason="y")
    Suspension.objects.create(pupil=world.pupil, start_date=TODAY, days=Decimal("2"), reason="z")
    world.pupil.attendance_details = "Attendance 84.5% this year"
    world.pupil.pupil_premium_type = "Free school meals (Ever 6)"
    world.pupil.save()
    psp = svc.psp_open(pupil=world.pupil, school_lead=lead(world), by=lead(world))
    assert psp.stage == Stage.DECIDING
    assert psp.school == world.school
    assert psp.upn == world.pupil.upn
    assert (psp.fsm, psp.cla, psp.la_idp) == ("yes", "yes", "yes")
    assert psp.exclusions_count == 3
    assert psp.days_excluded == Decimal("3.5")
    assert psp.attendance_percent == Decimal("84.5")
    assert psp.has_aln and psp.idp_in_place
    assert "EHCP" in psp.aln_need
    assert psp.history.count() == 1


def test_it_leaves_attendance_empty_when_the_passport_gives_no_single_percentage(world, today):
    world.pupil.attendance_details = "Was 80% last year, 85% now"
    world.pupil.save()
    details = child_details(world.pupil)
    assert details["attendance_percent"] is None
    assert details["fsm"] == ""


def test_it_allows_one_open_psp_per_pupil(world, today):
    make_psp(world)
    with pytest.raises(GuardError, match="already has a PSP"):
        svc.psp_open(pupil=world.pupil, school_lead=lead(world), by=lead(world))
    PastoralSupportProgramme.objects.update(stage=Stage.CEASED, ceased_on=TODAY)
    assert svc.psp_open(pupil=world.pupil, school_lead=lead(world), by=lead(world)).pk


def test_stage_one_needs_the_graduated_response_the_alnco_and_the_idp(world, today):
    in_neath_port_talbot(world)
    psp = make_psp(world, has_aln=True, idp_in_place=False)
    with pytest.raises(GuardError) as error:
        svc.psp_advance(psp=psp, by=lead(world))
    text = " ".join(error.value.messages)
    assert "graduated response" in text
    assert "Individual Development Plan" in text
    assert "ALNCo" in text
    psp.graduated_response = "Assessed by the EP"
    psp.idp_sudden_change = "Bereavement in October"
    psp.alnco_informed_on = TODAY
    psp.save()
    assert svc.psp_advance(psp=psp, by=lead(world)).stage == Stage.INFORMATION_GATHERING


def test_in_england_stage_one_asks_of_send_and_the_senco(world, today):
    psp = make_psp(world, has_aln=True, idp_in_place=False, risk_of_permanent_exclusion=True)
    with pytest.raises(GuardError) as error:
        svc.psp_advance(psp=psp, by=lead(world))
    text = " ".join(error.value.messages)
    assert "The child has SEND: record an SEN support plan or an education, health" in text
    assert "SENCo" in text and "ALN" not in text and "IDP" not in text
    assert "Behaviour Service" not in text  # the LA names no such service


def test_at_risk_of_permanent_exclusion_the_wellbeing_and_behaviour_service_is_told(world, today):
    in_neath_port_talbot(world)
    psp = make_psp(
        world,
        graduated_response="x",
        alnco_informed_on=TODAY,
        risk_of_permanent_exclusion=True,
    )
    with pytest.raises(GuardError, match="Wellbeing and Behaviour Service"):
        svc.psp_advance(psp=psp, by=lead(world))
    psp.wbs_informed_on = TODAY
    psp.save()
    assert svc.psp_advance(psp=psp, by=lead(world)).stage == Stage.INFORMATION_GATHERING


def test_stage_two_needs_all_five_kinds_of_information(world, today):
    psp = make_psp(world, Stage.INFORMATION_GATHERING)
    with pytest.raises(GuardError) as error:
        svc.psp_advance(psp=psp, by=lead(world))
    assert len(error.value.messages) == 5
    assert "the child's contribution" in " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("concern", "percent", "needed"),
    [(True, None, True), (False, Decimal("89.9"), True), (False, Decimal("90"), False)],
)
def test_the_ewo_must_be_involved_when_attendance_is_an_issue(
    world, today, concern, percent, needed
):
    psp = make_psp(world, Stage.ORGANISING, attendance_concern=concern, attendance_percent=percent)
    psp.stage = Stage.INFORMATION_GATHERING
    psp.save()
    if needed:
        with pytest.raises(GuardError, match="Education Welfare Officer"):
            svc.psp_advance(psp=psp, by=lead(world))
        psp.ewo_name = "Gwen EWO"
        psp.ewo_involved_on = TODAY
        psp.save()
    assert svc.psp_advance(psp=psp, by=lead(world)).stage == Stage.ORGANISING


def test_stage_three_needs_the_meeting_the_room_and_the_adult_the_child_chose(world, today):
    psp = make_psp(world, Stage.ORGANISING)
    with pytest.raises(GuardError) as error:
        svc.psp_advance(psp=psp, by=lead(world))
    text = " ".join(error.value.messages)
    assert "date of the meeting" in text and "venue" in text and "which adult" in text
    psp.meeting_on, psp.venue = TODAY, "Room 2"
    psp.invited, psp.child_chosen_adult = "Mum", "nobody"
    psp.save()
    assert svc.psp_advance(psp=psp, by=lead(world)).stage == Stage.MEETING


def test_the_meeting_stage_moves_on_only_by_signing(world, today):
    psp = make_psp(world, Stage.MEETING)
    with pytest.raises(GuardError, match="signed or reviewed"):
        svc.psp_advance(psp=psp, by=lead(world))


def _sign(world, psp, **overrides):
    values = {
        "signed_child_on": None,
        "signed_school_by": "Case Lead",
        "signed_school_on": TODAY - datetime.timedelta(days=2),
        "signed_parent_name": "Pat Home",
        "signed_parent_on": TODAY - datetime.timedelta(days=1),
        "first_review_on": TODAY + datetime.timedelta(days=10),
        "by": lead(world),
        "today": TODAY,
    }
    return svc.psp_sign(psp=psp, **(values | overrides))


def test_signing_needs_an_outcome_checked_and_supported_and_a_parents_agreement(world, today):
    psp = make_psp(world, Stage.MEETING)
    with pytest.raises(GuardError) as error:
        _sign(world, psp)
    text = " ".join(error.value.messages)
    assert "at least one outcome" in text and "parent or carer (by name)" in text
    outcome = make_outcome(psp, check_solution=False, support_yourself="")
    with pytest.raises(GuardError) as error:
        _sign(world, psp)
    text = " ".join(error.value.messages)
    assert "Is there a solution embedded in the outcome?" in text
    assert "Support Sequence" in text
    outcome.check_solution, outcome.support_family = True, "Mum walks in with her"
    outcome.save()
    PspAgreement.objects.create(psp=psp, party="parent", name="Pat Home", agrees_to="Walk in")
    signed = _sign(world, psp)
    assert signed.stage == Stage.REVIEW
    assert signed.agreed_on == TODAY - datetime.timedelta(days=1)  # the later signature


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("signed_school_on", None, "when the school signed"),
        ("signed_parent_on", None, "parent or carer signed"),
        ("signed_parent_on", TODAY + datetime.timedelta(days=1), "future"),
        ("signed_school_on", TODAY - datetime.timedelta(days=10), "not before it"),
        ("first_review_on", None, "Set the review date"),
        ("first_review_on", TODAY - datetime.timedelta(days=3), "after the meeting"),
        ("first_review_on", TODAY + datetime.timedelta(weeks=6), "at least every 6 weeks"),
    ],
)
def test_signing_guards(world, today, field, value, message):
    psp = make_psp(world, Stage.MEETING)
    make_outcome(psp)
    PspAgreement.objects.create(psp=psp, party="parent", name="Pat", agrees_to="x")
    with pytest.raises(GuardError, match=message):
        _sign(world, psp, **{field: value})
    psp.refresh_from_db()
    assert psp.stage == Stage.MEETING


def test_the_school_changes_the_plan_through_reviews_once_signed(world, today):
    psp = make_psp(world, Stage.REVIEW)
    with pytest.raises(GuardError, match="Change it through a review"):
        svc.psp_update(psp=psp, changes={"reason": "changed"}, by=lead(world))
    psp.refresh_from_db()
    assert psp.reason == "Leaving lessons"


def test_a_stage_page_saves_only_what_changed(world, today):
    psp = make_psp(world, Stage.ORGANISING)
    svc.psp_update(psp=psp, changes={"venue": "Room 4"}, by=lead(world))
    psp.refresh_from_db()
    assert psp.venue == "Room 4"
    assert psp.history.first().venue == "Room 4"


def test_agreements_and_outcome_removal_only_at_the_meeting(world, today):
    psp = make_psp(world, Stage.REVIEW)
    agreement = psp.agreements.get()
    with pytest.raises(GuardError):
        svc.agreement_remove(agreement=agreement, by=lead(world))
    with pytest.raises(GuardError):
        svc.outcome_remove(outcome=psp.outcomes.get(), by=lead(world))


def test_outcomes_are_numbered_in_order(world, today):
    psp = make_psp(world, Stage.MEETING)
    first = svc.outcome_save(
        psp=psp, changes={"positive_change": "a", "outcome": "b"}, by=lead(world)
    )
    second = svc.outcome_save(
        psp=psp, changes={"positive_change": "c", "outcome": "d"}, by=lead(world)
    )
    assert (first.number, second.number) == (1, 2)
    changed = svc.outcome_save(
        psp=psp, outcome=first, changes={"outcome": "b, measured"}, by=lead(world)
    )
    assert (changed.pk, changed.number, changed.outcome) == (first.pk, 1, "b, measured")
    with pytest.raises(GuardError):
        svc.outcome_save(
            psp=make_psp_at(world, psp, Stage.ORGANISING),
            changes={"positive_change": "e", "outcome": "f"},
            by=lead(world),
        )


def make_psp_at(world, psp, stage):
    psp.stage = stage
    psp.save(update_fields=["stage"])
    return psp


def _review(**fields) -> dict:
    """What a review's form gives psp_record_review."""
    values = {
        "held_on": TODAY,
        "attendees": "Mum, case lead",
        "working": "Art",
        "outcome": PspReview.Outcome.CONTINUE,
        "next_review_on": TODAY + datetime.timedelta(weeks=4),
    }
    return values | fields


def test_a_review_with_progress_continues_or_ceases_the_psp(
    world, today, django_capture_on_commit_callbacks
):
    psp = make_psp(world, Stage.REVIEW)
    outcome = psp.outcomes.get()
    with django_capture_on_commit_callbacks(execute=True):
        review = svc.psp_record_review(
            psp=psp,
            **_review(),
            ratings={outcome.pk: ("good", "Stayed in 3 of 4 lessons"), 99999: ("good", "")},
            by=lead(world),
            today=TODAY,
        )
    assert review.progress.get().rating == "good"
    psp.refresh_from_db()
    assert psp.stage == Stage.REVIEW
    assert (
        psp.deadlines.filter(kind=Deadline.Kind.PSP_REVIEW, key="review:1").get().state == "on_time"
    )
    with django_capture_on_commit_callbacks(execute=True):
        svc.psp_record_review(
            psp=psp,
            **_review(outcome="cease", next_review_on=TODAY + datetime.timedelta(1)),
            ratings={outcome.pk: ("achieved", "")},
            by=lead(world),
            today=TODAY,
        )
    psp.refresh_from_db()
    assert (psp.stage, psp.ceased_on) == (Stage.CEASED, TODAY)
    assert not psp.deadlines.filter(state__in=["due", "overdue"]).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"held_on": TODAY + datetime.timedelta(days=1)}, "once it has been held"),
        ({"held_on": TODAY - datetime.timedelta(days=10)}, "after the agreement"),
        ({"next_review_on": TODAY + datetime.timedelta(weeks=7)}, "at least every 6 weeks"),
    ],
)
def test_review_guards(world, today, fields, message):
    psp = make_psp(world, Stage.REVIEW)
    with pytest.raises(GuardError, match=message):
        svc.psp_record_review(psp=psp, **_review(**fields), ratings={}, by=lead(world), today=TODAY)


def test_reviews_only_once_signed(world, today):
    psp = make_psp(world, Stage.MEETING)
    with pytest.raises(GuardError, match="Stage 4"):
        svc.psp_record_review(psp=psp, **_review(), ratings={}, by=lead(world), today=TODAY)


def test_a_check_in_records_progress_and_meets_the_weekly_deadline(
    world, today, django_capture_on_commit_callbacks
):
    psp = make_psp(world, Stage.REVIEW)
    deadlines.psp_refresh_deadlines(psp=psp, today=TODAY)
    first = psp.deadlines.get(kind=Deadline.Kind.PSP_CHECK_IN)
    assert first.due == psp.agreed_on + datetime.timedelta(days=7)
    key_adult = world.users["school_key_adult"]
    with django_capture_on_commit_callbacks(execute=True):
        svc.psp_record_check_in(
            psp=psp,
            held_on=TODAY,
            working="Art lessons",
            ratings={psp.outcomes.get().pk: ("some", "")},
            by=key_adult,
            today=TODAY,
        )
    first.refresh_from_db()
    assert (first.state, first.met_on) == ("on_time", TODAY)
    current = psp.deadlines.get(kind=Deadline.Kind.PSP_CHECK_IN, state="due")
    assert current.due == TODAY + datetime.timedelta(days=7)
    with pytest.raises(GuardError, match="once it has happened"):
        svc.psp_record_check_in(
            psp=psp,
            held_on=TODAY + datetime.timedelta(1),
            working="x",
            ratings={},
            by=key_adult,
            today=TODAY,
        )
    with pytest.raises(GuardError, match="start once the PSP is agreed"):
        svc.psp_record_check_in(
            psp=psp,
            held_on=TODAY - datetime.timedelta(days=20),
            working="x",
            ratings={},
            by=key_adult,
            today=TODAY,
        )


def test_deadlines_follow_the_schools_first_interval_capped_by_the_la(world, today):
    psp = make_psp(world, Stage.REVIEW, first_review_on=TODAY + datetime.timedelta(weeks=2))
    deadlines.psp_refresh_deadlines(psp=psp, today=TODAY)
    review = psp.deadlines.get(kind=Deadline.Kind.PSP_REVIEW)
    assert review.due == TODAY + datetime.timedelta(weeks=2)
    assert review.responsible_id == lead(world).pk
    assert review.school_id == world.school.pk and review.pupil_id == world.pupil.pk


def test_nightly_refresh_covers_open_signed_psps_only(world, today):
    make_psp(world, Stage.REVIEW)
    assert deadlines.psp_refresh_all(today=TODAY) == 1
    assert Deadline.objects.filter(case_id__isnull=False).count() == 2  # review and check-in


def test_it_sends_the_signed_psp_and_each_review_to_the_las_psp_inbox(
    world, today, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    world.la.psp_email = "psp@worcestershire.test"
    world.la.save()
    psp = make_psp(world, Stage.REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        letter = svc.psp_send_copy(psp=psp, by=lead(world), today=TODAY)
    assert letter.document.kind == GeneratedDocument.Kind.PSP_INITIAL_MEETING
    assert letter.document.about == psp
    message = letter.messages.get()
    assert message.to_email == "psp@worcestershire.test"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    review = PspReview.objects.create(psp=psp, recorded_by=lead(world), **_review())
    with django_capture_on_commit_callbacks(execute=True):
        copy = svc.psp_send_copy(psp=psp, review=review, by=lead(world), today=TODAY)
    assert copy.document.kind == GeneratedDocument.Kind.PSP_REVIEW
    assert set(letters_about(psp, psp.reviews.all())) == {letter, copy}


def test_a_missing_la_address_is_a_clear_message_and_nothing_is_stored(world, today):
    world.la.psp_email = ""
    world.la.save()
    psp = make_psp(world, Stage.REVIEW)
    with pytest.raises(GuardError, match="no PSP copies inbox"):
        svc.psp_send_copy(psp=psp, by=lead(world), today=TODAY)
    assert not Letter.objects.exists() and not GeneratedDocument.objects.exists()


def test_no_copy_before_signing(world, today):
    psp = make_psp(world, Stage.MEETING)
    with pytest.raises(GuardError, match="once the PSP is signed"):
        svc.psp_send_copy(psp=psp, by=lead(world), today=TODAY)


def test_the_ewo_is_needed_on_a_reduced_timetable(world, today):
    psp = make_psp(world, Stage.ORGANISING)
    assert not guards.needs_ewo(psp)
    ReducedTimetable.objects.create(
        pupil=world.pupil,
        school=world.school,
        psp=psp,
        basis="psp",
        reason="behaviour",
        hours_per_day=Decimal("3"),
        case_lead=lead(world),
        start=TODAY,
        provisional_end=TODAY + datetime.timedelta(weeks=6),
    )
    assert guards.needs_ewo(psp)


def test_monitoring_is_recorded_once_signed_and_not_in_the_future(world, today):
    psp = make_psp(world, Stage.MEETING)
    officer = world.users["la_la_officer"]
    with pytest.raises(GuardError, match="once they are signed"):
        svc.psp_record_monitoring(psp=psp, considered_on=TODAY, by=officer, today=TODAY)
    psp = make_psp_at(world, psp, Stage.REVIEW)
    psp.agreed_on = TODAY
    with pytest.raises(GuardError, match="once it has met"):
        svc.psp_record_monitoring(
            psp=psp, considered_on=TODAY + datetime.timedelta(1), by=officer, today=TODAY
        )
    row = svc.psp_record_monitoring(
        psp=psp, considered_on=TODAY, notes="Discussed", by=officer, today=TODAY
    )
    assert (row.recorded_by, row.notes) == (officer, "Discussed")
