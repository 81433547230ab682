"""The PSP's PDFs (cases/psp/documents.py), read back as text: every field of the PSP Initial
Meeting template of 004_f815cbfe89cfcc2a.txt, the Outcome and Support Sequences, and a review's
record."""

import datetime
from decimal import Decimal

from cases.psp import documents as psp_documents
from cases.psp.models import PastoralSupportProgramme, PspCheckIn, PspProgress, PspReview
from demo.catalogue import RENDERERS
from documents.rendering import render_pdf
from tests.cases.test_psp_lifecycle import TODAY, in_neath_port_talbot, make_outcome, make_psp
from tests.documents.pdf import pdf_text

Stage = PastoralSupportProgramme.Stage

TEMPLATE_LABELS = [
    "Pastoral Support Programme",
    "Initial Meeting",
    "Child/young person’s Name",
    "Child/young person’s Date of Birth",
    "School",
    "UPN",
    "FSM Y/N",
    "CLA Y/N",
    "School IDP Y/N",
    "LA IDP Y/N",
    "ALN need",
    "Attendance %",
    "Number of exclusions",
    "Number of days excluded",
    "Date of Meeting:",
    "PSP School Lead",
    "Meeting attendees:",
    "Reason for PSP? (objective summary from all perspectives)",
    "Previous strategies and interventions? (refer/attach any supporting documentation)",
    "What is working?",
    "What is the positive change I want to achieve?",
    "The school agrees to:",
    "agrees to:",
    "Other professionals agree to: (name and agency)",
    "Signed by child/young person",
    "Signed by school",
    "Signed by parent/carer",
    "Review Date",
]


def _text(template_and_context) -> str:
    return pdf_text(render_pdf(*template_and_context))


def test_the_signed_initial_meeting_form_prints_every_field(world):
    in_neath_port_talbot(world)  # 004's form, as Neath Port Talbot's schools fill it in
    psp = make_psp(
        world,
        Stage.REVIEW,
        upn=world.pupil.upn,
        fsm="yes",
        cla="yes",
        school_idp="no",
        la_idp="yes",
        aln_need="Speech and language",
        attendance_percent=Decimal("86.5"),
        exclusions_count=2,
        days_excluded=Decimal("3.5"),
        signed_school_by="Casey Lead",
        signed_parent_name="Pat Home",
        signed_child_on=TODAY - datetime.timedelta(days=3),
        ewo_name="Gwen Harris",
    )
    make_outcome(
        psp,
        positive_change="Lunchtimes without falling out",
        outcome="Art club three days a week",
        support_community="Saturday art group",
        starting_point="Four incidents",
    )
    psp.agreements.create(
        party="professional", name="Gwen Harris", agency="Education Welfare", agrees_to="Visit"
    )
    text = _text(psp_documents.initial_meeting_form(psp, today=TODAY))
    for label in TEMPLATE_LABELS:
        assert label in text, label
    for value in (
        world.pupil.full_name,
        world.school.name,
        world.pupil.upn,
        "86.5",
        "3.5",
        "Speech and language",
        "Mum, Mr Jones, case lead",
        "Leaving lessons",
        "Report card",
        "Art lessons",
        "1. Stay in lessons",
        "2. Lunchtimes without falling out",
        "Stays in every maths lesson for 4 weeks",
        "Is there a solution embedded in the outcome?",
        "Does it keep or build on what is working?",
        "1. Yourself",
        "Use the calm card",
        "5. Community",
        "Saturday art group",
        "Daily check-in",
        "Pat Home agrees to:",
        "Walk in",
        "Gwen Harris (Education Welfare): Visit",
        "Casey Lead",
        "13 November 2026",  # the signatures
        "27 November 2026",  # the review date
        "Mr Jones, art teacher",  # the adult the child chose
        "Education Welfare Officer: Gwen Harris",
    ):
        assert value in text, value
    assert "Not yet signed" not in text


def test_before_the_meeting_it_prints_lines_to_fill_in(world):
    psp = make_psp(world, Stage.ORGANISING, upn="", aln_need="")
    template, context = psp_documents.initial_meeting_form(psp, today=TODAY)
    text = _text((template, context))
    assert "Not yet signed" in text
    assert "[Parent/carer name] agrees to:" in text
    assert "1 2 3" in text.replace("\n", " ") or all(f" {n} " in text for n in (1, 2, 3))
    assert "UPN" in context["blanks"].missing
    assert "None" not in text


def test_a_review_record_prints_progress_the_outcome_and_the_check_ins(world):
    psp = make_psp(world, Stage.REVIEW)
    outcome = psp.outcomes.get()
    lead = world.users["school_case_lead"]
    PspCheckIn.objects.create(
        psp=psp, held_on=TODAY - datetime.timedelta(days=1), working="x", recorded_by=lead
    )
    review = PspReview.objects.create(
        psp=psp,
        held_on=TODAY,
        attendees="Mum, lead, EWO",
        working="Stays in maths",
        not_working="Afternoons",
        parents_views="Pleased",
        child_views="Card helps",
        outcome=PspReview.Outcome.ADAPT,
        changes="Small group for maths",
        next_review_on=TODAY + datetime.timedelta(weeks=4),
        recorded_by=lead,
    )
    PspProgress.objects.create(outcome=outcome, review=review, rating="good", note="3 of 4")
    text = _text(psp_documents.review_form(review, today=TODAY))
    for value in (
        "Pastoral Support Programme",
        "Review",
        world.pupil.full_name,
        "16 November 2026",
        "Mum, lead, EWO",
        "1. Stays in every maths lesson for 4 weeks",
        "Good progress",
        "3 of 4",
        "15 November 2026",  # the check-in since the agreement
        "Stays in maths",
        "Afternoons",
        "Pleased",
        "Card helps",
        "Continue: progress is made and interventions are effective",
        "Adapt or amend the PSP to meet need",
        "Cease the PSP: the outcomes have been achieved",
        "Discuss next steps with the relevant professionals",
        "Small group for maths",
        "14 December 2026",
        lead.full_name,
    ):
        assert value in text, value


def test_a_ceasing_review_says_there_is_no_next_review(world):
    psp = make_psp(world, Stage.REVIEW)
    review = PspReview.objects.create(
        psp=psp,
        held_on=TODAY,
        attendees="a",
        working="b",
        outcome=PspReview.Outcome.CEASE,
        recorded_by=world.users["school_case_lead"],
    )
    text = _text(psp_documents.review_form(review, today=TODAY))
    assert "None: the PSP has ceased" in text
    assert "No weekly check-ins" in text


def test_render_forms_knows_the_psp_forms():
    slugs = {r.slug for r in RENDERERS}
    assert {"psp-initial-meeting", "psp-review"} <= slugs


def test_the_generated_copy_is_stored_about_the_psp(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    psp = make_psp(world, Stage.REVIEW)
    document = psp_documents.generate(psp, by=world.users["school_case_lead"], today=TODAY)
    assert document.about == psp and document.version == 1
    assert not document.includes_safeguarding and not document.includes_send
    with document.file.open("rb") as handle:
        assert "Number of days excluded" in pdf_text(handle.read())
