"""The Pupil Passport PDF: every heading and field of template 2, need-to-know applied."""

import datetime
import socket

import pytest

from cases.pupils import documents as passport
from cases.pupils.models import (
    Exclusion,
    Intervention,
    Ks4Option,
    PreviousDirection,
    PreviousSchool,
)
from documents import rendering
from documents.rendering import INTERNAL_ORIGIN, render_pdf
from tests.conftest import SAFEGUARDING_MARKER, SEND_MARKER
from tests.documents.pdf import pdf_text
from tests.factories import InterventionFactory

TODAY = datetime.date(2026, 11, 20)

HEADINGS = (
    "Off-site Direction Pupil Passport",
    "Section 1a: Child Details",
    "Parent/Carer Name/s & Contact Details",
    "Section 1b: Additional Information",
    "Special Educational Needs & Disabilities",
    "School Interventions",
    "Exclusions",
    "Suspensions",
    "Other Agency Involvement",
    "Section 1c: Academic Information",
    "Academic Information for Key Stage 4 ONLY",
    "Exam Board",
    "Date of admission",
    "Other Schools Attended in the Last 5 years",
    "Off-site Directions",
    "Section 1e: Formulation",
    "Section 2: Details of person completing",
)


def _passport_text(world, role):
    membership = world.users[role].memberships.get()
    allowed = passport.Access.for_membership(membership, world.pupil)
    context = passport.passport_context(world.pupil, allowed=allowed, today=TODAY)
    return pdf_text(render_pdf(passport.TEMPLATE, context))


@pytest.fixture
def full_record(world):
    pupil = world.pupil
    pupil.upn = "A885123426001"
    pupil.attainment_term = "Summer 2026"
    pupil.attainment_maths = "Greater depth"
    pupil.formulation = "Finds transitions between lessons hard."
    pupil.completed_by_name = "Rachel Booth"
    pupil.admission_date = datetime.date(2024, 9, 3)
    pupil.previous_direction = "yes"
    pupil.save()
    InterventionFactory(
        pupil=pupil,
        kind=Intervention.Kind.SPEECH_LANGUAGE,
        start_date=datetime.date(2026, 1, 5),
        end_date=datetime.date(2026, 3, 27),
    )
    Exclusion.objects.create(pupil=pupil, date=datetime.date(2025, 2, 3), reason="Arson")
    Ks4Option.objects.create(pupil=pupil, subject="Geography", course="GCSE", exam_board="AQA")
    PreviousSchool.objects.create(
        pupil=pupil,
        name="Northfield Primary",
        admitted=datetime.date(2017, 9, 4),
        left=datetime.date(2023, 7, 21),
    )
    PreviousDirection.objects.create(
        pupil=pupil,
        home_school="Elmbridge High",
        destination_school="Severn Meadow Academy",
        successful="no",
        reasons_not_successful="Travel too far",
    )
    return world


def test_it_prints_every_section_heading_and_the_pupils_answers(full_record):
    text = _passport_text(full_record, "school_dsl")
    for heading in HEADINGS:
        assert heading in text, heading
    for value in (
        "Alex Home",
        "A885123426001",
        "17 May 2013",  # date of birth
        "Pat Parent",
        "pat@example.com",
        "2 Home Street",
        "Summer 2026",
        "Greater depth",
        "Geography",
        "AQA",
        "3 September 2024",
        "Northfield Primary",
        "21 July 2023",
        "Severn Meadow Academy",
        "Travel too far",
        "Arson",
        "Finds transitions between lessons hard.",
        "Rachel Booth",
        "Home School",  # the letterhead
        "1 Test Road",
        "Page 1 of",
    ):
        assert value in text, value


def test_it_prints_all_fourteen_interventions_with_the_pupils_dates(full_record):
    text = _passport_text(full_record, "school_case_lead")
    for kind in Intervention.Kind:
        assert str(kind.label) in text, kind.label
    assert "Speech and language input 5 January 2026 27 March 2026" in text


def test_yes_no_questions_print_yes_or_no_and_blanks_say_so(world):
    text = _passport_text(world, "school_case_lead")
    assert "Child Looked After Yes" in text
    assert "Does this child have an EHCP? Yes" in text
    assert "Is this child in receipt of any of the Pupil Premiums? Not recorded" in text


def test_the_home_dsl_sees_safeguarding_and_the_case_lead_does_not(world):
    dsl = _passport_text(world, "school_dsl")
    assert SAFEGUARDING_MARKER in dsl
    assert "Held by the school's DSL" not in dsl
    assert "Held by the SENCo" in dsl and SEND_MARKER not in dsl

    lead = _passport_text(world, "school_case_lead")
    assert SAFEGUARDING_MARKER not in lead
    assert "Held by the school's DSL — ask them" in lead
    assert SEND_MARKER not in lead


def test_the_senco_sees_send_detail_but_not_safeguarding(world):
    text = _passport_text(world, "school_senco")
    assert SEND_MARKER in text
    assert SAFEGUARDING_MARKER not in text


def test_user_text_is_printed_as_text_and_never_fetched(world, monkeypatch):
    monkeypatch.setattr(
        socket.socket, "connect", lambda *a: pytest.fail(f"connection attempted: {a}")
    )
    fetched = []
    fetcher_class = rendering._url_fetcher_class()
    original = fetcher_class.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher_class, "fetch", spy)
    hostile = '<img src="http://127.0.0.1:9/x"> file:///etc/passwd'
    world.pupil.formulation = hostile
    world.pupil.home_address = '<link rel="stylesheet" href="file:///etc/passwd">'
    world.pupil.save()

    text = _passport_text(world, "school_dsl")

    assert fetched == [f"{INTERNAL_ORIGIN}/static/documents/print.css"]
    assert hostile in text
    assert '<link rel="stylesheet" href="file:///etc/passwd">' in text
    assert "root:x:0:0" not in text
