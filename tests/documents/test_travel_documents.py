"""The Home to School Travel Assistance change form as a PDF: every field of 004's form, the
weekday grid, where completed forms go and its NOTE (004_f815cbfe89cfcc2a.txt)."""

import datetime

import pytest

from cases.travel import documents as travel_documents
from documents.models import GeneratedDocument
from documents.rendering import render_pdf
from tests.conftest import SAFEGUARDING_MARKER, SEND_MARKER
from tests.documents.pdf import pdf_text
from tests.permission_cases.travel import make_travel_request

TODAY = datetime.date(2026, 11, 23)


def _text(travel_request) -> str:
    template, context = travel_documents.build(travel_request, today=TODAY)
    return pdf_text(render_pdf(template, context))


@pytest.fixture
def complete(world):
    world.la.transport_email = "educationtransport@la.example"
    world.la.save()
    t = datetime.time
    return make_travel_request(
        world,
        requester_signature="O. Office",
        requester_signed_on=datetime.date(2026, 11, 20),
        pupil_address="2 Home Street\nWorcester\nWR1 2AB",
        requested_change="Arrive later, leave after lunch.",
        monday_arrival=t(10, 30),
        monday_departure=t(13),
        tuesday_arrival=t(9, 15),
        tuesday_departure=t(12),
        wednesday_arrival=t(11),
        wednesday_departure=t(14, 45),
        thursday_arrival=t(8, 40),
        thursday_departure=t(15, 10),
        reason="Phased return agreed at the PSP review.",
        sanctioner_name="Sam Service",
        sanctioner_service="Pupil Wellbeing Service",
        sanctioner_position="Team leader",
        sanctioner_email="sam@la.example",
        sanctioner_phone="01905 222 333",
        sanction_reason="Time limited, with an exit plan.",
        sanctioner_signature="S. Service",
        sanctioned_on=datetime.date(2026, 11, 21),
    )


def test_every_field_of_the_form_is_printed_with_its_answer(complete):
    text = _text(complete)
    for line in [
        "Home to School Travel Assistance Service",
        "Request for Change to Current Travel Assistance Arrangements",
        "(this form should only be completed if the pupil has completed the HTST online "
        "application process and has received confirmation of an entitlement to home to "
        "school travel assistance)",
        "The school confirms the pupil has received confirmation of an entitlement",
        "(Section to be completed by the school)",
        "Name of person requesting the change: Olive Office",
        "Name of School: Home School",
        "Position within the school: Office manager",
        "Contact email: office@school.example",
        "Contact telephone number: 01905 000 000",
        "Signature: O. Office",
        "Date: 20 November 2026",
        "Name of pupil request is for: Alex Home",
        "Pupil’s D.O.B: 17 May 2013",
        "Pupil Address: 2 Home Street, Worcester, WR1 2AB",
        "Proposed start date of requested change: 4 January 2027",
        "Proposed end date of requested change: 12 February 2027",
        "What is the requested change (please provide full details): Arrive later, leave after "
        "lunch.",
        "Reason for the request (please provide full details): Phased return agreed at the PSP "
        "review.",
        "(Section to be completed by the relevant service within Worcestershire Special "
        "Educational Needs and Disabilities/Pupil Wellbeing Services and/or relevant Health "
        "Service)",
        "Name of person sanctioning the change: Sam Service",
        "Name of service area: Pupil Wellbeing Service",
        "Position within the service: Team leader",
        "Contact email: sam@la.example",
        "Contact telephone number: 01905 222 333",
        "Reason for sanctioning the request (please provide full details): Time limited, with "
        "an exit plan.",
        "Signature: S. Service",
        "Date: 21 November 2026",
        "completed forms should be emailed to: educationtransport@la.example",
    ]:
        assert line in text, line


def test_the_weekday_grid_has_every_day_with_its_times(complete):
    text = _text(complete)
    assert "Day Time of Arrival Time of Departure" in text
    for row in [
        "Monday 10:30am 1pm",
        "Tuesday 9:15am midday",
        "Wednesday 11am 2:45pm",
        "Thursday 8:40am 3:10pm",
        "Friday Not needed Not needed",
    ]:
        assert row in text, row


def test_the_note_is_printed_word_for_word(complete):
    text = _text(complete)
    assert (
        "NOTE: The Home to School Transport Service accommodates pupils getting to and from "
        "school in line with school start and finish times and is not intended to provide for "
        "changes due to reduced timetables or for transition arrangements."
    ) in text
    assert "their commitments to other external contracts." in text
    assert (
        "Home to School Transport contracts are subject to the Local Authority’s procurement "
        "rules and evidence of contract establishment must be available for auditing purposes"
    ) in text


def test_what_is_not_recorded_prints_as_a_line_to_fill_in(world):
    text = _text(make_travel_request(world))
    blank = "__________________________"
    assert f"Signature: {blank}" in text
    assert f"Name of person sanctioning the change: {blank}" in text
    assert f"completed forms should be emailed to: {blank}" in text  # no inbox set yet


def test_a_welsh_la_names_its_additional_learning_needs_service(world):
    world.la.nation = "wales"
    world.la.name = "Neath Port Talbot"
    world.la.save()
    text = _text(make_travel_request(world))
    assert (
        "(Section to be completed by the relevant service within Neath Port Talbot Additional "
        "Learning Needs/Pupil Wellbeing Services and/or relevant Health Service)"
    ) in text


def test_the_pdf_carries_no_safeguarding_or_send_detail(world):
    text = _text(make_travel_request(world))
    assert SAFEGUARDING_MARKER not in text and SEND_MARKER not in text


def test_generate_stores_versions_about_the_request(world):
    travel_request = make_travel_request(world)
    by = world.users["school_office"]
    first = travel_documents.generate(travel_request, by=by, today=TODAY)
    second = travel_documents.generate(travel_request, by=by, today=TODAY)
    assert (first.version, second.version) == (1, 2)
    assert second.kind == GeneratedDocument.Kind.TRAVEL_ASSISTANCE_CHANGE
    assert second.about == travel_request
