"""Copies to an LA inbox (the PSP copies, transport and education safeguarding addresses of
004): one outbox message, delivered with its PDF like a letter to parents."""

import pytest
from django.core import mail

from cases.guards import GuardError
from documents import outbox
from documents.models import GeneratedDocument, Letter, OutboxMessage
from tests.documents.factories import GeneratedDocumentFactory


@pytest.fixture
def document(world):
    return GeneratedDocumentFactory(pupil=world.pupil, kind=GeneratedDocument.Kind.PSP_REVIEW)


def _send(world, document, to_email):
    return outbox.letter_send_to_inbox(
        pupil=world.pupil,
        document=document,
        subject="PSP review",
        body="The PSP review is attached.",
        to_name="Neath Port Talbot PSP inbox",
        to_email=to_email,
        by=world.users["school_case_lead"],
    )


def test_it_emails_the_inbox_with_the_pdf_and_not_the_parents(
    world, document, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = _send(world, document, "psp@npt.gov.uk")

    message = letter.messages.get()
    assert (message.to_email, message.parent, message.state) == (
        "psp@npt.gov.uk",
        None,
        OutboxMessage.State.SENT,
    )
    assert letter.by_post == []
    [email] = mail.outbox
    assert email.to == ["Neath Port Talbot PSP inbox <psp@npt.gov.uk>"]
    assert email.attachments[0][2] == "application/pdf"


@pytest.mark.parametrize("address", ["", "   "])
def test_it_refuses_when_the_la_has_no_address_and_records_nothing(world, document, address):
    with pytest.raises(GuardError, match="has no email address in Waymark"):
        _send(world, document, address)
    assert not Letter.objects.exists()


def test_it_refuses_an_invalid_address_and_records_nothing(world, document):
    with pytest.raises(GuardError, match="is not a valid email address"):
        _send(world, document, "psp at npt")
    assert not Letter.objects.exists()
