"""Sending the direction's three letters from the case page, and "Send again"."""

import datetime

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from cases.directions.deadlines import deadlines_refresh
from cases.directions.models import Direction
from documents.models import GeneratedDocument, Letter, OutboxMessage
from reviews.models import Deadline, Meeting
from tenancy.services import revoke_host_access
from tests.documents.conftest import decided_direction
from tests.documents.factories import GeneratedDocumentFactory
from tests.documents.pdf import pdf_text
from tests.factories import DirectionFactory, ParentCarerFactory

TODAY = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)  # a Monday in term
State = OutboxMessage.State


@pytest.fixture
def direction(world, time_machine):
    time_machine.move_to(TODAY, tick=False)
    return decided_direction(world)  # `lead` is tests/documents/conftest.py's too


def _active(direction):
    direction.state = Direction.State.ACTIVE
    direction.notice_sent_on = datetime.date(2026, 11, 2)
    direction.save()
    return direction


def _meeting(direction, **fields):
    return Meeting.objects.create(
        direction=direction,
        kind=Meeting.Kind.REVIEW,
        recorded_by=direction.case_lead,
        **({"time": datetime.time(16, 0)} | fields),
    )


def test_the_confirmation_page_says_who_gets_it_by_email_and_by_post(lead, world, direction):
    ParentCarerFactory(pupil=world.pupil, name="Dee Post", email="", address="9 Far Lane\nLeeds")
    ParentCarerFactory(pupil=world.pupil, name="No Rights", parental_responsibility=False)
    page = lead.get(reverse("direction-letter-send", args=[direction.pk])).content.decode()
    assert "Send the direction letter to parents" in page
    assert "Pat Parent" in page and "pat@example.com" in page
    assert "Dee Post, 9 Far Lane, Leeds" in page
    assert "No Rights (no parental responsibility)" in page
    assert "Send the direction letter</button>" in page


def test_sending_the_direction_letter_emails_it_and_records_the_notice_in_time(
    lead, world, direction, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(reverse("direction-letter-send", args=[direction.pk]))
    assert response.status_code == 302
    assert response.url == f"{direction.get_absolute_url()}#letters"

    direction.refresh_from_db()
    assert (direction.state, direction.notice_sent_on) == (
        "notice_sent",
        datetime.date(2026, 11, 2),
    )
    notice = direction.deadlines.get(kind=Deadline.Kind.DIRECTION_NOTICE)
    assert (notice.state, notice.met_on) == (Deadline.State.ON_TIME, datetime.date(2026, 11, 2))
    assert notice.due >= notice.met_on

    letter = Letter.objects.get(is_copy=False)
    assert letter.document.kind == GeneratedDocument.Kind.DIRECTION_LETTER
    assert letter.document.about == direction
    [email] = mail.outbox
    assert email.to == ["Pat Parent <pat@example.com>"]
    [(name, pdf, mimetype)] = email.attachments
    assert (name, mimetype) == ("direction-letter-alex-home.pdf", "application/pdf")
    text = pdf_text(pdf)
    assert "Alex Home" in text and "Host School" in text

    page = lead.get(response.url).content.decode()
    assert "The written notice is recorded as sent today." in page
    assert "The letter is being emailed to Pat Parent." in page
    assert "Off-site direction for Alex Home" in page
    assert "Sent at 10:00am on 2 November 2026" in page
    assert letter.document.get_absolute_url() in page


def test_pressing_send_twice_sends_one_letter(lead, direction, django_capture_on_commit_callbacks):
    url = reverse("direction-letter-send", args=[direction.pk])
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(url)
        second = lead.post(url)
    assert second.status_code == 200
    assert "The direction letter has already gone" in second.content.decode()
    assert Letter.objects.filter(is_copy=False).count() == 1
    assert Letter.objects.filter(is_copy=True).count() == 2  # the host head, School Admissions
    assert len(mail.outbox) == 1


def test_the_letter_cannot_be_sent_before_the_decision(lead, direction):
    direction.state = Direction.State.HOST_AGREED
    direction.save()
    page = lead.get(reverse("direction-letter-send", args=[direction.pk])).content.decode()
    assert "There is a problem" in page and "record the decision first" in page
    assert "</button>" not in page.split("govuk-footer")[0].split("Who it goes to")[1]
    assert lead.post(reverse("direction-letter-send", args=[direction.pk])).status_code == 200
    assert not Letter.objects.exists() and not GeneratedDocument.objects.exists()


def test_nobody_with_parental_responsibility_is_explained_and_nothing_is_lost(
    lead, world, direction
):
    world.pupil.parents.update(parental_responsibility=False)
    url = reverse("direction-letter-send", args=[direction.pk])
    page = lead.get(url).content.decode()
    assert "Nobody with parental responsibility is recorded for Alex Home" in page
    response = lead.post(url)
    assert response.status_code == 200
    assert "Nobody with parental responsibility is recorded" in response.content.decode()
    direction.refresh_from_db()
    assert direction.state == "decided" and direction.notice_sent_on is None
    assert not Letter.objects.exists()


def test_with_no_email_address_the_office_is_told_to_post_it(
    lead, world, direction, django_capture_on_commit_callbacks
):
    world.pupil.parents.update(email="")
    url = reverse("direction-letter-send", args=[direction.pk])
    assert "Nothing will be emailed" in lead.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(url, follow=True)
    page = response.content.decode()
    assert (
        "Nobody with parental responsibility has an email address, so nothing was emailed. "
        "Print the letter and post it to: Pat Parent, 2 Home Street." in page
    )
    assert "Send by post to: Pat Parent, 2 Home Street" in page
    assert not mail.outbox
    direction.refresh_from_db()
    assert direction.state == "notice_sent"


def test_sending_the_invitation_records_the_date_parents_were_invited(
    lead, direction, django_capture_on_commit_callbacks
):
    review = _meeting(_active(direction), date=datetime.date(2026, 11, 27))
    page = lead.get(direction.get_absolute_url()).content.decode()
    url = reverse("meeting-invitation-send", args=[direction.pk, review.pk])
    assert url in page
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(url)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.parents_invited_on == datetime.date(2026, 11, 2)
    letter = Letter.objects.get()  # an invitation names no copies
    assert letter.document.kind == GeneratedDocument.Kind.REVIEW_INVITATION
    assert letter.document.about == review
    invitation = direction.deadlines.get(kind=Deadline.Kind.REVIEW_INVITATION)
    assert invitation.state == Deadline.State.ON_TIME
    assert "Invitation to the review" in mail.outbox[0].subject
    page = lead.get(direction.get_absolute_url()).content.decode()
    assert url not in page  # invited: no button to invite again
    assert "Invitation to the review of Alex Home" in page


def test_an_invitation_again_keeps_the_first_date(
    lead, direction, django_capture_on_commit_callbacks
):
    review = _meeting(
        _active(direction),
        date=datetime.date(2026, 11, 27),
        parents_invited_on=datetime.date(2026, 10, 30),
    )
    url = reverse("meeting-invitation-send", args=[direction.pk, review.pk])
    assert "already invited on 30 October 2026" in lead.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(url)
    review.refresh_from_db()
    assert review.parents_invited_on == datetime.date(2026, 10, 30)
    assert len(mail.outbox) == 1


def test_a_double_click_sends_the_invitation_once(
    lead, direction, django_capture_on_commit_callbacks
):
    """Issue 13, finding 9: the confirmation page's key makes a repeated POST a no-op."""
    review = _meeting(_active(direction), date=datetime.date(2026, 11, 27))
    url = reverse("meeting-invitation-send", args=[direction.pk, review.pk])
    key = lead.get(url).context["send_key"]
    with django_capture_on_commit_callbacks(execute=True):
        first = lead.post(url, {"send_key": key})
        second = lead.post(url, {"send_key": key}, follow=True)
    assert first.status_code == 302
    assert "already sent" in second.content.decode()
    assert Letter.objects.count() == 1 and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(url, {"send_key": lead.get(url).context["send_key"]})  # sent again on purpose
    assert Letter.objects.count() == 2


def test_sending_the_decision_records_it(lead, direction, django_capture_on_commit_callbacks):
    review = _meeting(
        _active(direction),
        date=datetime.date(2026, 10, 30),
        held=True,
        outcome=Meeting.Outcome.CONTINUE,
        continue_until=datetime.date(2027, 2, 12),
    )
    url = reverse("meeting-decision-send", args=[direction.pk, review.pk])
    assert url in lead.get(direction.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert lead.post(url).status_code == 302
    review.refresh_from_db()
    assert review.decision_sent_on == datetime.date(2026, 11, 2)
    decision = direction.deadlines.get(kind=Deadline.Kind.DECISION_NOTICE)
    assert decision.state == Deadline.State.ON_TIME
    assert Letter.objects.get().document.kind == GeneratedDocument.Kind.DECISION_LETTER
    assert "Decision of the review" in mail.outbox[0].subject


def test_a_review_not_yet_held_has_no_decision_to_send(lead, direction):
    review = _meeting(_active(direction), date=datetime.date(2026, 11, 27))
    response = lead.post(reverse("meeting-decision-send", args=[direction.pk, review.pk]))
    assert response.status_code == 200
    assert "Only a review that decided to continue" in response.content.decode()
    assert not Letter.objects.exists()


def test_another_directions_meeting_looks_missing(lead, world, direction):
    other = DirectionFactory(pupil=world.other_pupil)
    theirs = _meeting(other, date=datetime.date(2026, 11, 27))
    url = reverse("meeting-invitation-send", args=[direction.pk, theirs.pk])
    assert lead.get(url).status_code == 404


# The section on the direction page, and "Send again" --------------------------------------


def _failed_letter(world, direction, *, state=State.FAILED, claimed=None):
    document = GeneratedDocumentFactory(
        pupil=world.pupil, kind=GeneratedDocument.Kind.DIRECTION_LETTER, about=direction
    )
    letter = Letter.objects.create(
        pupil=world.pupil,
        document=document,
        subject="Off-site direction for Alex Home",
        body="Please read it.",
        by_post=[{"name": "Dee Post", "address": "9 Far Lane\nLeeds"}],
        sent_by=world.users["school_case_lead"],
    )
    message = OutboxMessage.objects.create(
        letter=letter,
        to_name="Pat Parent",
        to_email="pat@example.com",
        state=state,
        attempts=6,
        claimed_at=claimed,
        last_error="The mail server could not be reached: connection refused.",
    )
    return message


def test_a_failed_email_is_shown_with_its_error_and_sent_again(
    lead, world, direction, django_capture_on_commit_callbacks
):
    message = _failed_letter(world, direction)
    page = lead.get(direction.get_absolute_url()).content.decode()
    assert "Not sent" in page
    assert "The mail server could not be reached: connection refused." in page
    assert "Send by post to: Dee Post, 9 Far Lane, Leeds" in page
    retry = reverse("outbox-message-retry", args=[message.pk])
    assert retry in page

    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(retry, {"next": f"{direction.get_absolute_url()}#letters"})
    assert response.url == f"{direction.get_absolute_url()}#letters"
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 1)
    assert len(mail.outbox) == 1
    assert "will be sent again" in lead.get(response.url).content.decode()


def test_delivery_uncertain_is_shown_and_only_a_person_sends_it_again(lead, world, direction):
    claimed = timezone.now() - datetime.timedelta(minutes=16)
    message = _failed_letter(world, direction, state=State.SENDING, claimed=claimed)
    page = lead.get(direction.get_absolute_url()).content.decode()
    assert "Delivery uncertain" in page
    assert reverse("outbox-message-retry", args=[message.pk]) in page


def test_send_again_never_redirects_off_site(lead, world, direction):
    message = _failed_letter(world, direction)
    response = lead.post(
        reverse("outbox-message-retry", args=[message.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == world.pupil.get_absolute_url()


@override_settings(EMAIL_BACKEND="tests.documents.test_outbox.RefusingBackend")
def test_sending_again_while_the_server_is_still_down_keeps_the_error_visible(
    lead, world, direction, django_capture_on_commit_callbacks
):
    message = _failed_letter(world, direction)
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(reverse("outbox-message-retry", args=[message.pk]))
    message.refresh_from_db()
    assert message.state == State.FAILED  # eager tasks run every retry at once
    assert "connection refused" in message.last_error


@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        ("school_headteacher", True),
        ("school_case_lead", True),
        ("school_office", False),
        ("school_dsl", False),
        ("host_case_lead", False),
        ("la_la_officer", False),
    ],
)
def test_only_the_home_schools_head_and_case_lead_send_letters(
    client, world, direction, role, buttons
):
    message = _failed_letter(world, direction)
    client.force_login(world.users[role])
    page = client.get(direction.get_absolute_url()).content.decode()
    assert "Letters to parents" in page and "Not sent" in page
    assert (reverse("outbox-message-retry", args=[message.pk]) in page) == buttons
    assert (reverse("direction-letter-send", args=[direction.pk]) in page) == buttons


def test_the_section_runs_a_fixed_number_of_queries(world, direction, django_assert_num_queries):
    for _n in range(6):
        message = _failed_letter(world, direction)
        OutboxMessage.objects.create(
            letter=message.letter, to_name="Sam", to_email="sam@x.test", state=State.SENT
        )
    _meeting(_active(direction), date=datetime.date(2026, 11, 27))
    request = RequestFactory().get(direction.get_absolute_url())
    request.user = world.users["school_case_lead"]
    request.membership = request.user.memberships.get()
    template = Template("{% load outbox_tags %}{% direction_letters direction %}")
    context = Context({"request": request, "direction": direction})
    template.render(context)  # content types cached
    # letters with their PDFs and senders, their emails, the meetings (for the send buttons)
    with django_assert_num_queries(3):
        html = template.render(context)
    assert html.count('card__title">Off-site direction for Alex Home</h3>') == 6
    assert html.count("Send again") == 6


def test_the_host_sees_the_letters_while_hosting_but_never_sends_them(client, world, direction):
    message = _failed_letter(world, direction)
    review = _meeting(_active(direction), date=datetime.date(2026, 11, 27))
    client.force_login(world.users["host_case_lead"])
    urls = [
        reverse("direction-letter-send", args=[direction.pk]),
        reverse("meeting-invitation-send", args=[direction.pk, review.pk]),
        reverse("meeting-decision-send", args=[direction.pk, review.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    retry = reverse("outbox-message-retry", args=[message.pk])
    assert client.post(retry).status_code == 403

    revoke_host_access(world.pupil, world.host)
    assert client.post(retry).status_code == 404
    assert client.get(urls[0]).status_code == 404
    message.refresh_from_db()
    assert message.state == State.FAILED


def test_the_confirmation_page_says_when_the_letter_is_due_and_when_it_is_late(
    lead, world, direction, time_machine
):
    deadlines_refresh(direction=direction)
    url = reverse("direction-letter-send", args=[direction.pk])
    assert "It must be sent by Thursday 12 November 2026." in lead.get(url).content.decode()
    time_machine.move_to(datetime.datetime(2026, 11, 13, 9, 0, tzinfo=datetime.UTC), tick=False)
    deadlines_refresh(direction=direction)
    lead.force_login(world.users["school_case_lead"])  # the old session has expired
    page = lead.get(url).content.decode()
    assert "This is late: it was due by Thursday 12 November 2026." in page
