"""The off-siting's family summary and meeting invitations: what they print, what they keep
out, and how they go to the parents through the outbox (000_6280d14dcdeb4d53.txt)."""

import datetime

import pytest
from django.urls import reverse

from cases.guards import GuardError
from cases.offsiting import documents as docs
from cases.offsiting import services as svc
from demo.catalogue import RENDERERS
from documents.models import GeneratedDocument, Letter, OutboxMessage
from documents.outbox import letters_about
from documents.rendering import render_pdf
from tests.cases.test_offsiting_lifecycle import MONDAY, plan, receiving, share_all
from tests.documents.pdf import pdf_text

__all__ = ["receiving"]

HOME_NOTE = "SGNOTE-dad-has-no-contact"


@pytest.fixture(autouse=True)
def _december(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))


@pytest.fixture
def offsiting(world, receiving):
    o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=11))
    share_all(world, o)
    home = o.shared_items.get(item="home")
    home.note = HOME_NOTE
    home.save()
    o.topics_done = ["causes", "brain"]
    o.save()
    return o


def test_the_summary_prints_the_plan_and_no_safeguarding_detail(world, offsiting):
    text = pdf_text(render_pdf(*docs.summary(offsiting, today=MONDAY)))
    assert "Back-on-Track off-siting" in text
    assert "Receiving Centre" in text
    assert "16 November 2026 to 27 November 2026 (10 school days)" in text
    assert "The Back-on-Track workbook" in text
    assert "Unpicking the causes of negative behaviours Covered" in text
    assert "Final review before return" in text
    assert "Maths" in text and "English" in text
    assert HOME_NOTE not in text


def test_a_short_off_siting_has_the_light_booklet(world, receiving):
    o = plan(world, receiving)
    text = pdf_text(render_pdf(*docs.summary(o, today=MONDAY)))
    assert "Understanding my behaviour and the consequences" in text


def test_the_invitation_goes_to_the_parents_and_records_the_day(world, offsiting):
    meeting = offsiting.meetings.get(kind="review")
    (letter,) = docs.invitation_send(
        meeting=meeting, by=world.users["school_case_lead"], today=datetime.date(2026, 11, 18)
    ).letters
    meeting.refresh_from_db()
    assert meeting.parents_invited_on == datetime.date(2026, 11, 18)
    assert OutboxMessage.objects.get(letter=letter).to_email == "pat@example.com"
    assert letter.document.kind == GeneratedDocument.Kind.OFFSITING_INVITATION
    assert not letter.document.includes_safeguarding
    with letter.document.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Monday 23 November 2026" in text
    assert "Receiving Centre" in text
    assert list(letters_about(offsiting, offsiting.meetings.all())) == [letter]


def test_a_held_meeting_is_not_invited_to(world, offsiting):
    meeting = offsiting.meetings.get(kind="start")
    meeting.held, meeting.date = True, MONDAY
    meeting.save()
    with pytest.raises(GuardError, match="already been held"):
        docs.invitation_send(meeting=meeting, by=world.users["school_case_lead"], today=MONDAY)
    assert not Letter.objects.exists()


def test_the_summary_is_sent_from_the_page(client, world, offsiting):
    client.force_login(world.users["school_case_lead"])
    url = reverse("offsiting-summary-send", args=[offsiting.pk])
    assert "Pat Parent" in client.get(url).content.decode()
    page = client.post(url)
    assert page.status_code == 302
    letter = Letter.objects.get()
    assert letter.document.kind == GeneratedDocument.Kind.OFFSITING_SUMMARY
    assert letter.document.about == offsiting


def test_pressing_send_twice_on_the_same_page_sends_one_summary(client, world, offsiting):
    client.force_login(world.users["school_case_lead"])
    url = reverse("offsiting-summary-send", args=[offsiting.pk])
    key = client.get(url).context["send_key"]
    assert client.post(url, {"send_key": key}).status_code == 302
    again = client.post(url, {"send_key": key}, follow=True)
    assert "already sent from this page: nothing was sent again" in again.content.decode()
    assert Letter.objects.count() == 1
    client.post(url, {"send_key": client.get(url).context["send_key"]})  # again, on purpose
    assert Letter.objects.count() == 2


def test_the_home_centre_makes_the_summary_and_the_receiving_centre_may_not(
    client, world, offsiting
):
    svc.offsiting_decide_approval(
        offsiting=offsiting, agreed=True, notes="", by=world.users["head_of_service"], today=MONDAY
    )
    svc.offsiting_start(offsiting=offsiting, by=world.users["school_case_lead"], today=MONDAY)
    client.force_login(world.users["recv_lead"])
    assert client.post(reverse("offsiting-summary", args=[offsiting.pk])).status_code == 403
    assert not GeneratedDocument.objects.exists()
    client.force_login(world.users["school_case_lead"])
    page = client.post(reverse("offsiting-summary", args=[offsiting.pk]))
    assert page.status_code == 302
    assert client.get(page.url).status_code == 200


def test_render_forms_knows_both_documents():
    slugs = {r.slug for r in RENDERERS}
    assert {"offsiting-summary", "offsiting-invitation"} <= slugs
