"""What a parent does from their page: each action is recorded in the case's history with
their name, and reaches the case lead where it should."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from cases.directions.form_contexts import review_form
from cases.templatetags.timeline_tags import timeline_events
from parents.models import EmailChange, ParentAction, ParentLink
from reviews.models import Meeting, MeetingReply, Notification, ReviewRequest


def url(name, token, *args):
    return reverse(name, args=[token, *args])


def timeline_text(direction) -> str:
    return "\n".join(f"{e.title} | {e.detail} | {e.who}" for e in timeline_events(direction))


@pytest.fixture
def lead_client(client, world):
    client.force_login(world.users["school_case_lead"])
    return client


# Receipt ---------------------------------------------------------------------------------


def test_it_records_receipt_once_and_the_notice_line_shows_it(client, world, family, now):
    target = url("parent-letter-received", family.mum_token, family.mum_letter.pk)
    response = client.post(target)
    assert response.status_code == 302
    client.post(target)  # pressed again: nothing more
    [action] = ParentAction.objects.filter(kind="received")
    assert (action.parent_name, action.letter, action.at) == ("Pat Parent", family.mum_letter, now)
    page = client.get(response.url).content.decode()
    assert "You told the school you received this on 3 December 2026" in page
    assert "Pat Parent" in timeline_text(family.direction)

    client.force_login(world.users["school_case_lead"])
    detail = client.get(family.direction.get_absolute_url()).content.decode()
    assert "10 November 2026" in detail  # sent
    assert "Received by Pat Parent on 3 December 2026" in detail


def test_a_parent_cannot_confirm_another_parents_letter(client, family):
    target = url("parent-letter-received", family.mum_token, family.dad_letter.pk)
    assert client.post(target).status_code == 404
    assert not ParentAction.objects.exists()


def test_receipt_needs_a_post(client, family):
    target = url("parent-letter-received", family.mum_token, family.mum_letter.pk)
    assert client.get(target).status_code == 405


# Views and attendance --------------------------------------------------------------------


def test_views_reach_the_case_lead_the_direction_page_and_the_review_form(
    client, lead_client, world, family
):
    family.review.parents_views = "Mum said on the phone she is worried about maths."
    family.review.save()
    response = client.post(
        url("parent-meeting-views", family.mum_token, family.review.pk),
        {"views": "He is happier at the host school.\nPlease keep the same key worker."},
    )
    assert response.status_code == 302
    [reply] = MeetingReply.objects.all()
    assert reply.parent_name == "Pat Parent" and reply.meeting == family.review

    lead = world.users["school_case_lead"]
    note = Notification.objects.get(user=lead)
    assert "Pat Parent sent their views" in note.message

    detail = lead_client.get(family.direction.get_absolute_url()).content.decode()
    assert "He is happier at the host school." in detail
    assert "Pat Parent" in detail

    _template, context = review_form(family.direction, family.review, today=now_date())
    views = context["parents_views"]
    assert views.startswith("Mum said on the phone")  # what staff typed, then the parent's
    assert "From Pat Parent, sent on 3 December 2026:" in views
    assert "Please keep the same key worker." in views
    assert "Pat Parent" in timeline_text(family.direction)


def now_date():
    return datetime.date(2026, 12, 3)


def test_empty_views_are_refused(client, family):
    response = client.post(url("parent-meeting-views", family.mum_token, family.review.pk), {})
    assert response.status_code == 200
    assert "Enter your views" in response.content.decode()
    assert not MeetingReply.objects.exists()


def test_a_meeting_already_held_or_of_another_case_takes_no_answer(client, world, family):
    family.review.held = True
    family.review.save()
    assert (
        client.get(url("parent-meeting-views", family.mum_token, family.review.pk)).status_code
        == 404
    )
    response = client.post(
        url("parent-meeting-attending", family.mum_token, family.review.pk), {"attending": "yes"}
    )
    assert response.status_code == 404
    assert not MeetingReply.objects.exists()


def test_attendance_is_recorded_and_the_latest_answer_counts(client, world, family, lead_client):
    target = url("parent-meeting-attending", family.dad_token, family.review.pk)
    client.post(target, {"attending": "yes"})
    client.post(target, {"attending": "no"})
    assert list(MeetingReply.objects.values_list("attending", flat=True)) == ["yes", "no"]
    page = client.get(url("parent-page", family.dad_token)).content.decode()
    assert "You cannot come" in page
    history = timeline_text(family.direction)
    assert "Parent cannot come to the meeting of 14 December 2026" in history
    assert "Sam Separate" in history
    detail = lead_client.get(family.direction.get_absolute_url()).content.decode()
    assert "Cannot come" in detail


# A written request for a review ------------------------------------------------------------


def _held_review(family, day):
    return Meeting.objects.create(
        direction=family.direction,
        kind=Meeting.Kind.REVIEW,
        date=day,
        held=True,
        outcome="continue",
        recorded_by=family.direction.case_lead,
    )


def test_a_review_request_is_recorded_in_writing_today_and_must_be_held(client, world, family):
    _held_review(family, datetime.date(2026, 9, 18))  # 11 weeks before
    response = client.post(
        url("parent-review-request", family.mum_token), {"reason": "He is unhappy there."}
    )
    assert response.status_code == 302
    request = ReviewRequest.objects.get()
    assert request.requested_by == ReviewRequest.From.PARENTS
    assert request.received_on == datetime.date(2026, 12, 3)
    assert request.must_hold is True
    assert (request.parent, request.recorded_by, request.notes) == (
        family.mum,
        None,
        "He is unhappy there.",
    )
    note = Notification.objects.get(user=world.users["school_case_lead"])
    assert "Pat Parent asked in writing for a review" in note.message
    assert "must be held as soon as practicable" in note.message
    assert note.by_email
    assert "Written request for a review | Parents or carers" in timeline_text(family.direction)
    assert "| Pat Parent" in timeline_text(family.direction)
    # asked again the same day: the same request
    client.post(url("parent-review-request", family.mum_token), {"reason": ""})
    assert ReviewRequest.objects.count() == 1


def test_a_review_request_within_10_weeks_of_a_review_need_not_be_held(client, world, family):
    _held_review(family, datetime.date(2026, 11, 20))
    client.post(url("parent-review-request", family.mum_token), {"reason": ""})
    request = ReviewRequest.objects.get()
    assert request.must_hold is False
    note = Notification.objects.get(user=world.users["school_case_lead"])
    assert "need not be held now" in note.message


def test_no_review_request_before_the_direction_runs(client, family):
    family.direction.state = "decided"
    family.direction.save()
    assert client.get(url("parent-review-request", family.mum_token)).status_code == 404
    assert client.post(url("parent-review-request", family.mum_token)).status_code == 404
    assert not ReviewRequest.objects.exists()


# Language and email ------------------------------------------------------------------------


def test_the_language_choice_is_saved_for_future_letters(client, family):
    response = client.post(url("parent-language", family.mum_token), {"language": "cy"})
    assert response.status_code == 302
    family.mum.refresh_from_db()
    assert family.mum.preferred_language == "cy"
    assert "Pat Parent" in timeline_text(family.direction)
    client.post(url("parent-language", family.mum_token), {"language": "xx"})
    family.mum.refresh_from_db()
    assert family.mum.preferred_language == "cy"


def test_an_email_change_takes_effect_only_once_confirmed(
    client, family, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("parent-email", family.mum_token), {"email": "pat@new.example"})
    assert response.status_code == 302
    family.mum.refresh_from_db()
    assert family.mum.email == "pat@example.com"  # not yet
    [message] = mail.outbox
    assert message.to == ["pat@new.example"]
    confirm = next(w for w in message.body.split() if "/p/email/" in w)
    path = confirm.split("127.0.0.1:8000", 1)[-1]
    raw = path.rstrip("/").rsplit("/", 1)[-1]
    assert raw not in repr(list(EmailChange.objects.values()))  # only its hash is kept

    page = client.get(path)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and "pat@new.example" in page.content.decode()
    family.mum.refresh_from_db()
    assert family.mum.email == "pat@example.com"

    done = client.post(path)
    assert done.status_code == 302
    family.mum.refresh_from_db()
    assert family.mum.email == "pat@new.example"
    # links sent to the old address stop; the new page opens
    assert client.get(url("parent-page", family.mum_token)).status_code == 404
    assert client.get(done.url).status_code == 200
    assert client.post(path).status_code == 404  # used
    assert ParentLink.objects.filter(parent=family.dad, revoked_at__isnull=True).exists()
    assert "Pat Parent" in timeline_text(family.direction)


def test_an_unconfirmed_email_change_expires(
    client, family, time_machine, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("parent-email", family.mum_token), {"email": "pat@new.example"})
    path = next(w for w in mail.outbox[0].body.split() if "/p/email/" in w).split(
        "127.0.0.1:8000", 1
    )[-1]
    time_machine.move_to(now + datetime.timedelta(days=3), tick=False)
    assert client.post(path).status_code == 404
    family.mum.refresh_from_db()
    assert family.mum.email == "pat@example.com"


def test_an_invalid_email_is_refused(client, family):
    response = client.post(url("parent-email", family.mum_token), {"email": "not an email"})
    assert response.status_code == 200
    assert not EmailChange.objects.exists()


def test_a_parents_request_becomes_the_case_leads_deadline(
    client, world, family, django_capture_on_commit_callbacks
):
    from demo.calendar import seed_term_dates
    from reviews.models import Deadline

    seed_term_dates(world.la)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("parent-review-request", family.mum_token), {"reason": ""})
    deadline = family.direction.deadlines.get(kind=Deadline.Kind.REQUESTED_REVIEW)
    assert deadline.responsible == world.users["school_case_lead"]
    assert deadline.state == Deadline.State.DUE
