"""The reduced timetable checklist PDF (004_f815cbfe89cfcc2a.txt Appendix 1 and the timetable
examples), read back as text."""

import datetime

import pytest

from cases.reduced_timetables import services as svc
from cases.reduced_timetables.documents import build, generate, key_stage
from cases.reduced_timetables.models import RttTimetableEntry
from documents.rendering import render_pdf
from tests.cases.test_reduced_timetable_support import (
    MONDAY,
    add_step,
    agreed,
    answer_all,
    fill_secondary,
    loaded,
    make_timetable,
    on_the_004_protocol,
)
from tests.conftest import SAFEGUARDING_MARKER
from tests.documents.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_004_protocol(world):
    """Appendix 1, the Director's step: 004's protocol (the DfE's national expectations are
    in tests/cases/test_reduced_timetable_protocols.py)."""
    on_the_004_protocol(world)


def _text(timetable, today=MONDAY):
    template, context = build(loaded(timetable), today=today)
    return pdf_text(render_pdf(template, context))


def test_every_field_of_appendix_1_and_the_secondary_grid(world):
    timetable = make_timetable(world, weeks=14, safeguarding_concern=True, timetable_weeks=2)
    fill_secondary(timetable)
    RttTimetableEntry.objects.create(
        timetable=timetable, week=2, day=4, lesson=6, activity="PE, sports hall"
    )
    add_step(timetable, hours="15")
    answer_all(timetable, world.users["school_case_lead"])
    text = _text(timetable)
    assert "Checklist for using Reduced Timetables" in text
    assert "Home School / Key Stage 3" in text
    assert f"Name of pupil {world.pupil.full_name}" in text
    assert "Date of Birth 17 May 2013" in text
    for question in (
        "Have referrals been made to relevant agencies",
        "Risk assessments completed and any risks managed",
        "Pastoral Support Programme (PSP) in place",
        "Parental consent and signature",
        "Looked After Social Worker authorises",
        "Are agreed suitable arrangements in place",
        "Travelling and transport arrangements",
        "statement or IDP of additional learning needs",
        "agreed plan for reintegration back to full-time education",
    ):
        assert question in text
    assert "Not applicable" in text and "Yes" in text
    assert "16 November 2026 21 February 2027 Behaviour 2" in text
    assert "X Ticked" in text
    assert "Secondary Timetable: week 1" in text and "Secondary Timetable: week 2" in text
    assert "PE, sports hall" in text
    assert "Hours a week on this timetable: 5.5." in text  # 11 lessons over two weeks
    assert "Full time for this pupil: 32.5 hours a week." in text
    assert "14 December 2026 15" in text  # the reintegration step
    assert "Last day within 12 weeks 7 February 2027" in text
    assert "Needed before the limit" in text
    assert "C2 (leave of absence" in text
    assert SAFEGUARDING_MARKER not in text


def test_a_primary_timetable_with_its_times_and_blank_answers(world):
    timetable = make_timetable(world, layout="primary")
    RttTimetableEntry.objects.create(
        timetable=timetable,
        day=0,
        activity="Class 3, nurture room",
        starts_at=datetime.time(9),
        ends_at=datetime.time(11, 30),
    )
    text = _text(timetable)
    assert "Primary Timetable" in text
    assert "Monday Class 3, nurture room 9am to 11:30am" in text
    assert "Yes / No" in text  # questions not yet answered are left to fill in
    assert "No planned increase of hours recorded." in text


def test_generate_stores_a_version_about_the_timetable(world):
    timetable = make_timetable(world)
    document = generate(loaded(timetable), by=world.users["school_case_lead"], today=MONDAY)
    assert (document.kind, document.about, document.version) == ("rtt_checklist", timetable, 1)
    assert not document.includes_safeguarding and not document.includes_send


@pytest.mark.parametrize(
    ("year", "nation", "stage"),
    [
        (0, "wales", "Foundation Phase"),
        (0, "england", "Early Years Foundation Stage"),
        (2, "england", "Key Stage 1"),
        (5, "wales", "Key Stage 2"),
        (9, "wales", "Key Stage 3"),
        (11, "england", "Key Stage 4"),
        (12, "england", "Key Stage 5 (sixth form)"),
        (None, "wales", ""),
    ],
)
def test_the_key_stage_is_named_as_the_nation_names_it(year, nation, stage):
    assert key_stage(year, nation) == stage


def test_the_looked_after_authorisation_the_signed_psp_and_the_directors_decline(world):
    """004 Appendix 1's N.B. for a looked-after pupil, the PSP it starts from, and the
    Director's decision beyond 12 weeks."""
    timetable = make_timetable(world, weeks=14, **agreed(world))
    svc.authorisation_decline(
        timetable=timetable,
        reason="Back to full time by the limit",
        by=world.users["la_director"],
        today=MONDAY,
    )
    text = _text(timetable)
    assert "Looked After: authorised by The looked-after social worker" in text
    assert "Sam Jones, Children's Services, 11 November 2026" in text
    assert "signed 9 November 2026" in text
    assert "Declined by the Director" in text
    assert "Back to full time by the limit" in text
    assert "It must end by 7 February 2027." in text


def test_a_blank_to_fill_in_while_nobody_has_authorised_it(world):
    text = _text(make_timetable(world))
    assert "Name and date:" in text
    assert "otherwise the Looked After Social Worker." in text
    assert "Not signed yet" in text
