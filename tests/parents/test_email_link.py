"""Every email of a letter to a parent carries their personal link; documents never imports
the parents app (documents.signals.parent_email_link)."""

import datetime
import re

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cases.offsiting.models import OffSiting, OffSitingMeeting
from documents import outbox
from parents.models import ParentLink
from tests.factories import OutboxMessageFactory
from tests.parents.conftest import letter_for

LINK = re.compile(r"http://127\.0\.0\.1:8000(/p/[A-Za-z0-9_-]{43}/)")


def _path(email) -> str:
    [path] = LINK.findall(email.body)
    return path


def test_the_email_of_a_letter_carries_the_parents_own_link(client, family):
    message = OutboxMessageFactory(
        letter=family.dad_letter,
        parent=family.dad,
        to_name="Sam Separate",
        to_email="sam@example.com",
    )
    email = outbox.build_email(message)
    assert "this link is personal to you and works for 30 days" in email.body
    link = ParentLink.objects.get(message=message)
    assert (link.parent, link.case) == (family.dad, family.direction)
    page = client.get(_path(email)).content.decode()
    assert "Letter to Sam about the direction" in page
    assert "Letter to Pat" not in page


def test_a_letter_about_a_meeting_opens_the_page_of_its_case(client, family):
    invitation = letter_for(
        family.mum, family.direction, "Invitation to the review", about=family.review,
        kind="review_invitation",
    )  # fmt: skip
    message = OutboxMessageFactory(letter=invitation, parent=family.mum)
    page = client.get(_path(outbox.build_email(message))).content.decode()
    assert "Invitation to the review" in page and "Letter to Pat about the direction" in page


def test_a_copy_to_an_organisation_carries_no_link(family):
    family.mum_letter.parent = None
    family.mum_letter.save()
    message = OutboxMessageFactory(letter=family.mum_letter, to_email="admissions@la.example")
    assert "/p/" not in outbox.build_email(message).body


def test_a_back_on_track_parents_link_opens_their_letters(client, world, now):
    today = datetime.date(2026, 12, 3)
    offsiting = OffSiting.objects.create(
        pupil=world.pupil,
        home_centre=world.school,
        receiving_centre=world.host,
        kind=OffSiting.Kind.RESPITE,
        case_lead=world.users["school_case_lead"],
        first_day=today + datetime.timedelta(days=4),
        last_day=today + datetime.timedelta(days=6),
        reasons="A fresh start",
    )
    meeting = OffSitingMeeting.objects.create(
        offsiting=offsiting, kind=OffSitingMeeting.Kind.START, scheduled_for=offsiting.first_day
    )
    parent = world.pupil.parents.get()
    letter = letter_for(
        parent, None, "Invitation to a Back-on-Track meeting", about=meeting,
        kind="offsiting_invitation",
    )  # fmt: skip
    message = OutboxMessageFactory(letter=letter, parent=parent)
    path = _path(outbox.build_email(message))
    link = ParentLink.objects.get(message=message)
    assert link.case_type == ContentType.objects.get_for_model(OffSiting)
    response = client.get(path)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Invitation to a Back-on-Track meeting" in text
    assert "Ask for a review" not in text  # the direction's statutory route only
    token = path.strip("/").rsplit("/", 1)[-1]
    assert client.get(reverse("parent-letter", args=[token, letter.pk])).status_code == 200


def test_a_failing_link_never_stops_the_letter(family, monkeypatch, caplog):
    from parents import services

    def broken(message):
        raise RuntimeError("database said no")

    monkeypatch.setattr(services, "link_for_email", broken)
    message = OutboxMessageFactory(letter=family.mum_letter, parent=family.mum)
    email = outbox.build_email(message)
    assert "/p/" not in email.body
    assert "No parent link" in caplog.text
