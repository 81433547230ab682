"""The parent letter outbox: who a letter goes to, and delivery that never sends twice."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import override_settings
from django.utils import timezone
from kombu.exceptions import OperationalError

from cases.guards import GuardError
from documents import outbox
from documents.models import GeneratedDocument, Letter, OutboxMessage
from documents.tasks import deliver_outbox_message, deliver_queued_letters
from tests.documents.factories import PDF_BYTES, GeneratedDocumentFactory
from tests.factories import ParentCarerFactory

State = OutboxMessage.State


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class WrongPasswordBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPAuthenticationError(535, b"5.7.8 password 'hunter2' rejected")


class RefusedAddressBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"pat@example.com": (550, b"No such user")})


class SecondWorkerBackend(LocmemBackend):
    """While this worker is sending, a second worker runs the same message's task."""

    second_worker_saw = []

    def send_messages(self, email_messages):
        message = OutboxMessage.objects.get()
        self.second_worker_saw.append(outbox.message_deliver(message.pk))
        return super().send_messages(email_messages)


@pytest.fixture
def made(world):
    """The PDFs letter_send asked for, each parent's own (None: the copies' one)."""
    return {}


@pytest.fixture
def send(world, made, django_capture_on_commit_callbacks):
    """Send the letter; `deliver=False` leaves the tasks unqueued (a broker that lost them)."""

    def make(parent):
        made[parent.name if parent else None] = document = GeneratedDocumentFactory(
            pupil=world.pupil, kind=GeneratedDocument.Kind.DIRECTION_LETTER
        )
        return document

    def _send(deliver=True, **kwargs):
        with django_capture_on_commit_callbacks(execute=deliver):
            return outbox.letter_send(
                pupil=world.pupil,
                make=make,
                subject="Off-site direction for Alex Home",
                body="Please read the attached letter.",
                by=world.users["school_case_lead"],
                **kwargs,
            )

    return _send


def test_it_emails_each_parent_with_responsibility_once_and_lists_the_rest_for_post(
    world, send, made
):
    pupil = world.pupil
    ParentCarerFactory(pupil=pupil, name="Sam Parent", relationship="Father", email="sam@x.test")
    ParentCarerFactory(
        pupil=pupil, name="Kim Carer", relationship="Step-parent", email="PAT@example.com"
    )
    ParentCarerFactory(
        pupil=pupil, name="No Rights", parental_responsibility=False, email="nr@x.test"
    )
    ParentCarerFactory(pupil=pupil, name="Dee Post", relationship="Father", email="", address="")
    ParentCarerFactory(
        pupil=pupil, name="Lee Away", relationship="Father", email="", address="9 Far Lane\nLeeds"
    )

    letter = send()

    # Issue 14: a letter of their own to each, even two parents sharing an email address.
    assert sorted((m.to_name, m.to_email) for m in letter.messages.all()) == [
        ("Kim Carer", "PAT@example.com"),
        ("Pat Parent", "pat@example.com"),
        ("Sam Parent", "sam@x.test"),
    ]
    assert [(p["name"], p["address"]) for p in letter.by_post] == [
        ("Dee Post", "2 Home Street"),
        ("Lee Away", "9 Far Lane\nLeeds"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Kim Carer <PAT@example.com>",
        "Pat Parent <pat@example.com>",
        "Sam Parent <sam@x.test>",
    ]
    assert "nr@x.test" not in str([m.to for m in mail.outbox])
    assert set(letter.messages.values_list("state", flat=True)) == {State.SENT}
    assert len(letter.letters) == 5 and not letter.copies
    assert {x.to_name: x.document for x in letter.letters} == made


def test_the_email_carries_the_pdf_and_a_message_id_that_never_changes(world, send):
    world.school.email = "office@home.test"
    world.school.save()
    letter = send()
    message = letter.messages.get()
    [email] = mail.outbox
    assert email.attachments == [("direction-letter-alex-home.pdf", PDF_BYTES, "application/pdf")]
    assert email.subject == "Off-site direction for Alex Home"
    assert email.body.startswith("Dear Pat Parent,\n\nPlease read the attached letter.")
    assert email.reply_to == ["office@home.test"]
    assert email.from_email.startswith("Home School <")
    assert email.extra_headers["Message-ID"] == outbox._message_id(message)
    assert str(message.pk) in email.extra_headers["Message-ID"]
    assert (message.attempts, message.sent_at is not None, message.last_error) == (1, True, "")


def test_a_pupil_with_nobody_with_parental_responsibility_gets_a_clear_message(world, send):
    world.pupil.parents.update(parental_responsibility=False)
    with pytest.raises(GuardError, match="Nobody with parental responsibility is recorded"):
        send()
    assert not Letter.objects.exists()
    assert not mail.outbox


def test_with_no_email_address_at_all_the_letter_is_kept_for_post(world, send):
    world.pupil.parents.update(email="")
    letter = send()
    assert not letter.messages.exists()
    assert letter.by_post == [
        {
            "parent_id": world.pupil.parents.get().pk,
            "name": "Pat Parent",
            "relationship": "Mother",
            "address": "2 Home Street",
        }
    ]
    assert not mail.outbox


def test_a_task_delivered_twice_sends_once(send):
    letter = send(deliver=False)
    message = letter.messages.get()
    assert deliver_outbox_message(message.pk) == "sent"
    assert deliver_outbox_message(message.pk) == "skipped"
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 1)


@override_settings(EMAIL_BACKEND="tests.documents.test_outbox.SecondWorkerBackend")
def test_a_second_worker_finds_the_message_already_claimed(send):
    SecondWorkerBackend.second_worker_saw.clear()
    letter = send(deliver=False)
    assert deliver_outbox_message(letter.messages.get().pk) == "sent"
    assert SecondWorkerBackend.second_worker_saw == ["skipped"]
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_leaves_it_queued_with_the_error_until_it_is_back(send, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    letter = send(deliver=False)
    message = letter.messages.get()
    with (
        override_settings(EMAIL_BACKEND="tests.documents.test_outbox.RefusingBackend"),
        pytest.raises(outbox.TemporaryDeliveryError),
    ):
        deliver_outbox_message(message.pk)  # the first try; Celery schedules a retry
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.QUEUED, 1)
    assert message.last_error == "The mail server could not be reached: connection refused."
    status = outbox.message_status(message, now=timezone.now())
    assert (str(status.label), status.can_retry) == ("Waiting to send", False)
    assert f"will try again by itself (1 of {outbox.MAX_ATTEMPTS} tries so far)" in status.detail

    # Within the backoff the sweep leaves it to the scheduled retry ...
    assert deliver_queued_letters() == 0
    # ... after it, the sweep sends it even if the broker lost that retry.
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 2, tzinfo=datetime.UTC), tick=False)
    assert deliver_queued_letters() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (State.SENT, 2, "")
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND="tests.documents.test_outbox.RefusingBackend")
def test_after_the_last_retry_it_is_marked_failed_and_can_be_sent_again(world, send):
    letter = send(deliver=False)
    message = letter.messages.get()
    result = deliver_outbox_message.apply(args=[message.pk])  # eager: retries run at once
    assert result.get() == "failed"
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.FAILED, outbox.MAX_ATTEMPTS)
    assert message.last_error == "The mail server could not be reached: connection refused."
    status = outbox.message_status(message, now=timezone.now())
    assert (str(status.label), status.can_retry) == ("Not sent", True)
    assert not mail.outbox

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        outbox.message_retry(message, world.users["school_case_lead"])
        assert deliver_outbox_message(message.pk) == "sent"
    assert len(mail.outbox) == 1


def test_the_broker_being_down_does_not_lose_the_letter(send, monkeypatch, time_machine):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(deliver_outbox_message, "apply_async", broker_down)
    letter = send()
    message = letter.messages.get()
    assert message.state == State.QUEUED
    assert not mail.outbox

    monkeypatch.undo()
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=2))
    assert deliver_queued_letters() == 1
    message.refresh_from_db()
    assert message.state == State.SENT
    assert len(mail.outbox) == 1


def test_a_message_whose_worker_died_is_sent_again_after_its_lease(world, send):
    """Issue 13, finding 8: a worker killed mid-send left the email "sending" for ever."""
    letter = send(deliver=False)
    message = letter.messages.get()
    claimed = timezone.now() - datetime.timedelta(minutes=10)
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=State.SENDING, attempts=1, claimed_at=claimed
    )
    assert deliver_queued_letters() == 0  # within the lease: perhaps still being sent
    assert deliver_outbox_message(message.pk) == "skipped"
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    message.refresh_from_db()
    status = outbox.message_status(message, now=timezone.now())
    assert (str(status.label), status.can_retry) == ("Delivery uncertain", True)
    assert outbox.reclaim_lost_sends(now=timezone.now()) == 1  # the lease is over
    message.refresh_from_db()
    assert message.state == State.QUEUED
    assert "being sent again with the same Message-ID" in message.last_error
    assert deliver_queued_letters() == 1  # the sweep sends it
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 2)
    (email,) = mail.outbox
    assert email.extra_headers["Message-ID"] == (
        f"<waymark-letter-{message.letter_id}-message-{message.pk}@"
        + email.extra_headers["Message-ID"].rpartition("@")[2]
    )


def test_a_message_being_sent_now_cannot_be_sent_again(world, send):
    letter = send(deliver=False)
    message = letter.messages.get()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=State.SENDING, claimed_at=timezone.now()
    )
    message.refresh_from_db()
    with pytest.raises(GuardError, match="already been sent, or is waiting"):
        outbox.message_retry(message, world.users["school_case_lead"])


def test_a_pdf_that_changed_since_it_was_made_is_not_sent(send):
    letter = send(deliver=False)
    GeneratedDocument.objects.filter(pk=letter.letters[0].document_id).update(checksum="0" * 64)
    deliver_outbox_message(letter.messages.get().pk)
    message = letter.messages.get()
    assert (message.state, message.attempts) == (State.FAILED, 1)
    assert "changed since it was made" in message.last_error
    assert not mail.outbox


@override_settings(EMAIL_BACKEND="tests.documents.test_outbox.RefusedAddressBackend")
def test_a_refused_address_fails_at_once_with_what_to_check(send):
    message = send().messages.get()
    assert (message.state, message.attempts) == (State.FAILED, 1)
    assert message.last_error == (
        "The mail server refused the address pat@example.com. Check it with the parent."
    )


@override_settings(EMAIL_BACKEND="tests.documents.test_outbox.WrongPasswordBackend")
def test_errors_shown_to_staff_never_repeat_the_servers_words(send):
    message = send().messages.get()
    assert message.state == State.FAILED
    assert "hunter2" not in message.last_error
    assert message.last_error.startswith("The mail server refused Waymark's sign-in")


def test_the_letter_must_be_the_pupils_own_document(world, send):
    with pytest.raises(ValueError, match="same pupil"):
        outbox.letter_send(
            pupil=world.pupil,
            make=lambda parent: GeneratedDocumentFactory(pupil=world.other_pupil),
            subject="s",
            body="b",
            by=world.users["school_case_lead"],
        )


def test_the_sweep_waits_for_a_new_letters_own_task(send):
    letter = send(deliver=False)
    assert outbox.queued_due(now=timezone.now()) == []
    later = timezone.now() + outbox.SWEEP_GRACE
    assert outbox.queued_due(now=later) == [letter.messages.get().pk]


def test_backoff_doubles_up_to_four_hours_and_the_tries_outlast_a_day():
    assert [outbox.retry_delay(n).total_seconds() for n in (1, 2, 3, 8, 9, 20)] == [
        60,
        120,
        240,
        7680,
        14400,
        14400,
    ]
    waits = sum(
        (outbox.retry_delay(n) for n in range(1, outbox.MAX_ATTEMPTS)), datetime.timedelta()
    )
    assert waits >= datetime.timedelta(hours=24)  # a mail server down overnight loses nothing


def test_the_sweep_runs_every_few_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["deliver-queued-letters"]
    assert entry["task"] == "documents.tasks.deliver_queued_letters"
    assert entry["schedule"].minute == set(range(0, 60, 5))


def test_an_invalid_address_is_named_and_nothing_is_sent(world, send):
    world.pupil.parents.update(email="pat@")
    with pytest.raises(
        GuardError, match="The email address of Pat Parent, “pat@”, is not a valid address"
    ):
        send()
    assert not Letter.objects.exists()


@override_settings(EMAIL_BACKEND="tests.documents.test_outbox.RefusedAddressBackend")
def test_a_direction_letter_that_reached_nobody_leaves_the_notice_deadline_open(world):
    """The statutory notice is met only if the letter could reach the parents (2010 regs)."""
    import datetime

    from cases.directions.deadlines import deadlines_refresh
    from cases.directions.letters import direction_letter_send
    from cases.directions.models import Direction
    from demo.calendar import seed_term_dates
    from documents.outbox import message_deliver
    from reviews.models import Deadline
    from tests.factories import DirectionFactory

    seed_term_dates(world.la)
    lead = world.users["school_case_lead"]
    direction = DirectionFactory(
        pupil=world.pupil,
        case_lead=lead,
        host_school=world.host,
        state=Direction.State.DECIDED,
        decided_by=world.users["school_headteacher"],
        decided_on=datetime.date(2026, 11, 2),
        delegation=Direction.Delegation.GOVERNING_BOARD,
    )
    letter = direction_letter_send(direction=direction, by=lead, today=datetime.date(2026, 11, 9))
    # The copies named on the letter went too; only the parents' letters meet the notice.
    assert [c.to_name for c in letter.copies] == [
        world.host.headteacher_name,
        "School Admissions, Worcestershire",
        "The Virtual School Head",
        "LA SEND team, Worcestershire",
    ]
    deadlines_refresh(direction=direction, today=datetime.date(2026, 11, 9))
    notice = direction.deadlines.get(kind=Deadline.Kind.DIRECTION_NOTICE)
    assert notice.met_on == datetime.date(2026, 11, 9)

    assert message_deliver(letter.messages.get().pk) == "failed"
    notice.refresh_from_db()
    assert notice.met_on is None
    assert notice.state in (Deadline.State.DUE, Deadline.State.OVERDUE)
