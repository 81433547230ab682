"""A PDF made for a case is read only by those who see the case, not everyone who sees the
pupil: the office sees the pupil but not the PSP, and a host school while hosting sees the
passport but not the home school's PSP (access.document_case_scopes)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from access import documents_for_pupil
from cases.psp.models import PastoralSupportProgramme
from documents.models import GeneratedDocument
from tenancy.services import grant_host_access
from tests.cases.test_psp_lifecycle import make_psp
from tests.documents.factories import GeneratedDocumentFactory


@pytest.fixture
def psp_document(world):
    psp = make_psp(world, PastoralSupportProgramme.Stage.REVIEW)
    return GeneratedDocumentFactory(
        pupil=world.pupil,
        kind=GeneratedDocument.Kind.PSP_INITIAL_MEETING,
        content_type=ContentType.objects.get_for_model(psp),
        object_id=psp.pk,
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("school_case_lead", 200),
        ("school_senco", 200),
        ("school_office", 404),
        ("host_case_lead", 404),
        ("la_la_officer", 200),
        ("other_case_lead", 404),
    ],
)
def test_only_those_who_see_the_psp_download_its_form(client, world, psp_document, role, status):
    grant_host_access(world.pupil, world.host)
    client.force_login(world.users[role])
    response = client.get(reverse("document-download", args=[psp_document.pk]))
    assert response.status_code == status


def test_the_pupils_document_list_leaves_it_out_for_the_office(world, psp_document):
    office = world.users["school_office"].memberships.get()
    lead = world.users["school_case_lead"].memberships.get()
    assert psp_document not in documents_for_pupil(office, world.pupil)
    assert psp_document in documents_for_pupil(lead, world.pupil)


@pytest.mark.parametrize("part", ["direction", "meeting"])
def test_a_host_does_not_read_the_letters_of_a_direction_it_no_longer_hosts(client, world, part):
    """Issue 13, finding 2: the host of the pupil's current direction saw an ended direction's
    documents, whose page answers 404, because documents were checked against the pupil."""
    from cases.directions.models import Direction
    from reviews.models import Meeting
    from tests.cases.hosting import hosted_direction

    ended = hosted_direction(world, state=Direction.State.ENDED)
    hosted_direction(world)  # the host hosts the pupil again now
    lead = world.users["school_case_lead"]
    about = ended
    if part == "meeting":
        about = Meeting.objects.create(
            direction=ended, kind=Meeting.Kind.REVIEW, date="2026-10-05", recorded_by=lead
        )
    letter = GeneratedDocumentFactory(
        pupil=world.pupil,
        kind=GeneratedDocument.Kind.DIRECTION_LETTER,
        content_type=ContentType.objects.get_for_model(about),
        object_id=about.pk,
    )
    client.force_login(world.users["host_case_lead"])
    assert client.get(ended.get_absolute_url()).status_code == 404
    assert client.get(reverse("document-download", args=[letter.pk])).status_code == 404
    host = world.users["host_case_lead"].memberships.get()
    assert letter not in documents_for_pupil(host, world.pupil)
    client.force_login(world.users["school_case_lead"])
    assert client.get(reverse("document-download", args=[letter.pk])).status_code == 200
