"""Travel assistance change requests: prefill, the form's rules, sending through the outbox.

Source: 004_f815cbfe89cfcc2a.txt, the Home to School Travel Assistance change form.
"""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.test import override_settings

from cases.guards import GuardError
from cases.travel import services as svc
from cases.travel.forms import TravelRequestForm
from cases.travel.guards import ensure_entitlement_confirmed
from cases.travel.models import TravelAssistanceRequest
from cases.travel.selectors import travel_request_initial
from documents import outbox
from documents.models import GeneratedDocument, Letter, OutboxMessage
from documents.outbox import letters_about
from tests.documents.pdf import pdf_text
from tests.factories import SchoolFactory
from tests.permission_cases.travel import make_travel_request

Kind = GeneratedDocument.Kind


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(world):
    user = world.users["school_office"]
    return user, user.memberships.get()


class Timetable:
    """What the travel form reads of a reduced timetable: its skeleton fields, and the optional
    daily times."""

    def __init__(self, pupil, times=None):
        self.pupil, self.pupil_id = pupil, pupil.pk
        self.start = datetime.date(2027, 1, 4)
        self.provisional_end = datetime.date(2027, 3, 26)
        if times is not None:
            self.travel_times = lambda: times


FORM = {
    "entitlement_confirmed": "on",
    "requester_name": "Olive Office",
    "requester_position": "Office manager",
    "requester_email": "office@school.example",
    "requester_phone": "01905 000 000",
    "pupil_name": "Alex Home",
    "pupil_date_of_birth_0": "17",
    "pupil_date_of_birth_1": "5",
    "pupil_date_of_birth_2": "2013",
    "pupil_address": "2 Home Street",
    "change_start_0": "4",
    "change_start_1": "1",
    "change_start_2": "2027",
    "change_end_0": "12",
    "change_end_1": "2",
    "change_end_2": "2027",
    "requested_change": "Later arrival",
    "monday_arrival": "10:30",
    "monday_departure": "13:00",
    "reason": "Reduced timetable agreed at the PSP meeting",
}


# Prefill ------------------------------------------------------------------------------------


def test_it_prefills_the_pupil_from_the_passport_and_the_person_from_their_account(world, office):
    user, membership = office
    user.job_title = ""
    initial = travel_request_initial(pupil=world.pupil, by=user, membership=membership)
    assert initial == {
        "pupil_name": "Alex Home",
        "pupil_date_of_birth": world.pupil.date_of_birth,
        "pupil_address": world.pupil.home_address,
        "requester_name": user.full_name,
        "requester_position": "Office / attendance",
        "requester_email": user.email,
        "requester_phone": world.school.phone,
    }


def test_a_job_title_is_the_position_within_the_school(world, office):
    user, membership = office
    user.job_title = "School business manager"
    initial = travel_request_initial(pupil=world.pupil, by=user, membership=membership)
    assert initial["requester_position"] == "School business manager"


def test_a_reduced_timetable_gives_its_dates(world, office):
    user, membership = office
    initial = travel_request_initial(
        pupil=world.pupil, by=user, membership=membership, reduced_timetable=Timetable(world.pupil)
    )
    assert (initial["change_start"], initial["change_end"]) == (
        datetime.date(2027, 1, 4),
        datetime.date(2027, 3, 26),
    )
    assert "4 January 2027 to 26 March 2027" in initial["requested_change"]
    assert "monday_arrival" not in initial


def test_a_reduced_timetable_with_daily_times_fills_the_grid(world, office):
    user, membership = office
    times = {"monday": (datetime.time(10, 30), datetime.time(13)), "saturday": (1, 2)}
    initial = travel_request_initial(
        pupil=world.pupil,
        by=user,
        membership=membership,
        reduced_timetable=Timetable(world.pupil, times),
    )
    assert (initial["monday_arrival"], initial["monday_departure"]) == (
        datetime.time(10, 30),
        datetime.time(13),
    )
    assert "saturday_arrival" not in initial


# The form's rules ---------------------------------------------------------------------------


def test_a_complete_form_is_valid_and_accepts_a_dot_in_times(db):
    form = TravelRequestForm({**FORM, "tuesday_arrival": "9.15", "tuesday_departure": "14.45"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tuesday_arrival"] == datetime.time(9, 15)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"monday_departure": "10:00"},
            "monday_departure",
            "On Monday the time of departure must be after the time of arrival (10:30am)",
        ),
        (
            {"monday_departure": "10:30"},
            "monday_departure",
            "On Monday the time of departure must be after the time of arrival (10:30am)",
        ),
        (
            {"friday_arrival": "25:99"},
            "friday_arrival",
            "Enter the Friday time of arrival as a time like 8:45 or 15:10",
        ),
        (
            {"wednesday_departure": "half two"},
            "wednesday_departure",
            "Enter the Wednesday time of departure as a time like 8:45 or 15:10",
        ),
        (
            {"change_end_2": "2026"},
            "change_end",
            "The proposed end date must be on or after the proposed start date",
        ),
        (
            {"entitlement_confirmed": ""},
            "entitlement_confirmed",
            "Confirm the pupil has a confirmed entitlement to home to school travel assistance",
        ),
        ({"reason": ""}, "reason", "Enter the reason for the request, with full details"),
        (
            {"change_start_0": ""},
            "change_start",
            "Enter the proposed start date of the requested change",
        ),
        (
            {"change_end_0": "", "change_end_1": "", "change_end_2": ""},
            "change_end",
            "Enter the proposed end date of the requested change",
        ),
        ({"requester_email": "nope"}, "requester_email", "Enter a valid email address"),
        ({"requested_change": "<b>x</b>"}, "requested_change", "plain text"),
    ],
)
def test_bad_answers_are_explained_next_to_the_field(db, changes, field, message):
    form = TravelRequestForm({**FORM, **changes})
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])
    assert "__all__" not in form.errors  # never a second copy at the top of the page


def test_an_empty_day_is_allowed_and_one_time_alone_too(db):
    form = TravelRequestForm({**FORM, "monday_departure": "", "tuesday_arrival": "9:00"})
    assert form.is_valid(), form.errors


def test_the_database_keeps_departure_after_arrival_and_the_confirmed_entitlement(world):
    travel_request = make_travel_request(
        world, thursday_arrival=datetime.time(9), thursday_departure=datetime.time(15)
    )
    travel_request.thursday_departure = datetime.time(8)
    with pytest.raises(ValidationError, match="On Thursday the time of departure must be after"):
        travel_request.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        make_travel_request(world, entitlement_confirmed=False)
    with transaction.atomic(), pytest.raises(IntegrityError):
        make_travel_request(world, change_end=datetime.date(2026, 12, 1))


# Create and change ----------------------------------------------------------------------------


def test_create_records_the_pupil_school_and_person_with_history(world, office):
    user, _membership = office
    form = TravelRequestForm(FORM)
    assert form.is_valid()
    travel_request = svc.travel_request_create(
        pupil=world.pupil, by=user, details=form.cleaned_data
    )
    assert (travel_request.pupil, travel_request.school, travel_request.requested_by) == (
        world.pupil,
        world.school,
        user,
    )
    assert travel_request.status == "draft"
    assert travel_request.history.get().history_user == user


def test_a_timetable_of_another_pupil_is_refused(world, office):
    user, _membership = office
    form = TravelRequestForm(FORM)
    assert form.is_valid()
    with pytest.raises(ValueError):
        svc.travel_request_create(
            pupil=world.pupil,
            by=user,
            details=form.cleaned_data,
            reduced_timetable=Timetable(world.other_pupil),
        )


def test_a_pupil_who_left_the_school_cannot_have_its_request_changed(world, office):
    user, _membership = office
    travel_request = make_travel_request(world)
    world.pupil.school = SchoolFactory(local_authority=world.la)
    world.pupil.save()
    travel_request.refresh_from_db()
    form = TravelRequestForm(FORM, instance=travel_request)
    assert form.is_valid()
    with pytest.raises(GuardError, match="no longer on this school's roll"):
        svc.travel_request_update(travel_request=travel_request, by=user, changes=form.cleaned_data)


# Sending --------------------------------------------------------------------------------------


@pytest.fixture
def transport(world):
    world.la.transport_email = "transport@la.example"
    world.la.save()
    return world.la.transport_email


def _send(world, travel_request, captured, *, deliver=True):
    with captured(execute=deliver):
        return svc.travel_request_send(
            travel_request=travel_request,
            by=world.users["school_office"],
            today=datetime.date(2026, 11, 23),
        )


def test_it_emails_the_pdf_to_the_las_transport_inbox(
    world, transport, django_capture_on_commit_callbacks
):
    travel_request = make_travel_request(world, monday_arrival=datetime.time(10, 30))
    letter = _send(world, travel_request, django_capture_on_commit_callbacks)
    document = letter.document
    assert (document.kind, document.about, document.version) == (
        Kind.TRAVEL_ASSISTANCE_CHANGE,
        travel_request,
        1,
    )
    assert not (document.includes_safeguarding or document.includes_send)
    [message] = letter.messages.all()
    assert (message.to_email, message.to_name, message.state) == (
        transport,
        "Worcestershire Home to School Transport",
        OutboxMessage.State.SENT,
    )
    [email] = mail.outbox
    assert email.to == ["Worcestershire Home to School Transport <transport@la.example>"]
    assert email.subject == "Request for change to travel assistance: Alex Home, Home School"
    assert "from 4 January 2027 to 12 February 2027" in email.body
    assert "Olive Office, Office manager, at office@school.example" in email.body
    [(name, pdf, mimetype)] = email.attachments
    assert (name, mimetype) == ("travel-assistance-change-alex-home.pdf", "application/pdf")
    assert "Time of Arrival" in pdf_text(pdf) and "10:30am" in pdf_text(pdf)
    travel_request.refresh_from_db()
    assert travel_request.status == "sent"
    assert travel_request.sent_by == world.users["school_office"]
    assert list(letters_about(travel_request)) == [letter]


def test_a_change_after_sending_is_sent_again_as_the_next_version(
    world, transport, django_capture_on_commit_callbacks, office
):
    user, _membership = office
    travel_request = make_travel_request(world)
    _send(world, travel_request, django_capture_on_commit_callbacks)
    form = TravelRequestForm(
        {**FORM, "reason": "Now only three days a week"}, instance=travel_request
    )
    assert form.is_valid(), form.errors
    travel_request = svc.travel_request_update(
        travel_request=travel_request, by=user, changes=form.cleaned_data
    )
    assert travel_request.status == "changed"
    letter = _send(world, travel_request, django_capture_on_commit_callbacks)
    assert letter.document.version == 2
    assert "Now only three days a week" in pdf_text(mail.outbox[-1].attachments[0][1])
    travel_request.refresh_from_db()
    assert travel_request.status == "sent"
    assert [letter.document.version for letter in letters_about(travel_request)] == [2, 1]


def test_with_no_transport_inbox_nothing_is_made_and_the_request_stays(
    world, django_capture_on_commit_callbacks
):
    travel_request = make_travel_request(world)
    with pytest.raises(GuardError, match="Worcestershire has no travel assistance inbox"):
        _send(world, travel_request, django_capture_on_commit_callbacks)
    assert not GeneratedDocument.objects.exists() and not Letter.objects.exists()
    assert TravelAssistanceRequest.objects.get().status == "draft"


def test_a_pupil_who_left_is_not_sent_for(world, transport, django_capture_on_commit_callbacks):
    travel_request = make_travel_request(world)
    world.pupil.school = SchoolFactory(local_authority=world.la)
    world.pupil.save()
    travel_request.refresh_from_db()
    with pytest.raises(GuardError, match="no longer on this school's roll"):
        _send(world, travel_request, django_capture_on_commit_callbacks)
    assert not Letter.objects.exists()


def test_an_unconfirmed_entitlement_is_never_sent(world, transport):
    travel_request = TravelAssistanceRequest(entitlement_confirmed=False)
    with pytest.raises(GuardError, match="only for a pupil who already has a confirmed"):
        ensure_entitlement_confirmed(travel_request)


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("gone")


def test_a_mail_failure_keeps_the_copy_queued_to_try_again(
    world, transport, django_capture_on_commit_callbacks
):
    travel_request = make_travel_request(world)
    letter = _send(world, travel_request, django_capture_on_commit_callbacks, deliver=False)
    message = letter.messages.get()
    with (
        override_settings(EMAIL_BACKEND="tests.cases.test_travel_service.RefusingBackend"),
        pytest.raises(outbox.TemporaryDeliveryError),
    ):
        outbox.message_deliver(message.pk)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxMessage.State.QUEUED, 1)
    assert message.last_error == "The mail server closed the connection."
    assert not mail.outbox
    assert outbox.message_deliver(message.pk) == "sent"
    assert len(mail.outbox) == 1
