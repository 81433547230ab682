"""The outbox against a real mail server (aiosmtpd on a free port, Django's SMTP backend) and a
real broker client, when things go wrong (issue 13): the server down and back, a worker killed
mid-send, a server that accepts and never answers (for letters and notification emails), Redis
down or silent, and a header that cannot be sent. Each test checks what the server received
(letters counted by Message-ID) and what the school sees: the direction page's letters, the
notifications page, the Due page. Production's timeouts are read from config/settings.py as a
deployment's environment would set them."""

import contextlib
import datetime
import email
import html
import re
import runpy
import signal
import socket
import time
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from celery.app.defaults import DEFAULTS as CELERY_DEFAULTS
from django.conf import global_settings, settings
from django.urls import reverse

import config
from cases.pupils.models import ParentCarer, Pupil
from config.celery import app as celery_app
from documents import outbox
from documents.models import Letter, OutboxMessage
from documents.tasks import deliver_outbox_message, deliver_queued_letters
from reviews.models import Deadline, Notification
from reviews.notifications import notification_email, notify, retry_notification_emails
from tests.cases.hosting import NOW as HOSTING_NOW
from tests.cases.hosting import hosted_direction
from tests.documents.conftest import decided_direction
from tests.factories import ParentCarerFactory

TODAY = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)  # a Monday in term
State = OutboxMessage.State
TIMEOUT = 0.5  # seconds: EMAIL_TIMEOUT and REDIS_TIMEOUT in these tests


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """A real SMTP server on 127.0.0.1:`port`, started and stopped by the test; it keeps every
    message it accepted."""

    def __init__(self, port: int):
        self.port = port
        self.received: list[email.message.Message] = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.append(email.message_from_bytes(envelope.original_content))
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_ids(self) -> Counter:
        return Counter(m["Message-ID"] for m in self.received)


@pytest.fixture
def mail_server(settings):
    """A mail server that is down until the test starts it, on the port Waymark sends to."""
    server = MailServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = TIMEOUT
    yield server
    server.stop()


@pytest.fixture
def silent_server():
    """A port that accepts connections (the kernel completes them) and never says a word."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener.getsockname()[1]


class Hung(BaseException):
    """Raised in the test's own thread when a request does not answer in time: a
    BaseException, so that no library's retry loop catches it and waits on."""


@contextlib.contextmanager
def answers_within(seconds: float):
    """Fail, rather than hang the suite, when the block takes longer than `seconds`."""

    def interrupt(signum, frame):
        raise Hung(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def production_settings(monkeypatch, **environment) -> dict:
    """config/settings.py as a deployment with this environment would read it."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(config.__file__).parent / "settings.py"))


@pytest.fixture
def broker(monkeypatch):
    """Celery publishing for real (not eager) to the Redis at `broker.down(url)`, configured
    as config/settings.py configures it when REDIS_URL is set (with REDIS_TIMEOUT short);
    `broker.back()` makes tasks run again (eagerly, as the worker would run them)."""

    class Broker:
        def down(self, url: str) -> None:
            production = production_settings(monkeypatch, REDIS_URL=url, REDIS_TIMEOUT=str(TIMEOUT))
            celery_app.conf.update(
                task_always_eager=False,
                broker_url=production["CELERY_BROKER_URL"],
                broker_transport_options=production["CELERY_BROKER_TRANSPORT_OPTIONS"],
                task_publish_retry_policy=production.get(
                    "CELERY_TASK_PUBLISH_RETRY_POLICY", CELERY_DEFAULTS["task_publish_retry_policy"]
                ),
            )
            self._forget_connections()

        def back(self) -> None:
            celery_app.conf.update(saved)
            self._forget_connections()

        @staticmethod
        def _forget_connections() -> None:
            celery_app._pool = None
            celery_app.amqp._producer_pool = None

    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    saved = {key: celery_app.conf[key] for key in keys}
    saved["task_publish_retry_policy"] = celery_app.conf.task_publish_retry_policy
    state = Broker()
    yield state
    state.back()


@pytest.fixture
def direction(world, time_machine):
    time_machine.move_to(TODAY, tick=False)
    # The notice is due on Tuesday 3 November: on the Due page from today. (`lead` is
    # tests/documents/conftest.py's too.)
    return decided_direction(world, planned_start=datetime.date(2026, 11, 5))


@pytest.fixture
def send_letter(lead, direction, django_capture_on_commit_callbacks):
    """The case lead sends the direction letter from the case page. With `deliver=False` the
    broker takes the emails' tasks and holds them (the test then plays the worker); whatever
    else the page hands to the workers runs as usual."""

    def send(*, deliver: bool) -> Letter:
        held = []
        with pytest.MonkeyPatch.context() as patch:
            if not deliver:
                patch.setattr(outbox, "enqueue", held.append)
            with django_capture_on_commit_callbacks(execute=True):
                response = lead.post(reverse("direction-letter-send", args=[direction.pk]))
        assert response.status_code == 302
        # One letter per parent (issue 14), read as the one send it was.
        letter = outbox.Sending(
            list(Letter.objects.filter(document__kind="direction_letter", is_copy=False))
        )
        assert sorted(held) == ([] if deliver else sorted(m.pk for m in letter.messages.all()))
        return letter

    return send


def statuses(lead, direction) -> dict[str, tuple[str, str]]:
    """Each email's status on the direction page, as the school reads it: address → (tag,
    detail)."""
    page = lead.get(direction.get_absolute_url()).content.decode()
    rows = re.findall(
        r'<span class="govuk-body-s">([^<]+)</span></td>\s*<td class="govuk-table__cell">\s*'
        r'<strong class="govuk-tag[^"]*">([^<]+)</strong>\s*'
        r'(?:<p class="govuk-body-s[^"]*">([^<]*)</p>)?',
        # the parents' letters (the copies named on the letter are listed after them)
        page.split('id="letters"')[1].split("Copies named on the letter")[0],
    )
    return {html.unescape(to): (label, html.unescape(detail)) for to, label, detail in rows}


def run_beat_sweeps() -> None:
    """Run, as beat would, every task it runs every few minutes (the outbox's sweep and any
    other that hands waiting work to the workers again)."""
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if len(entry["schedule"].hour) == 24:
            celery_app.tasks[entry["task"]]()


def message_id(message: OutboxMessage) -> str:
    return outbox._message_id(message)


def test_a_mail_server_down_then_back_gets_each_email_once(
    lead, world, direction, mail_server, time_machine, send_letter
):
    ParentCarerFactory(pupil=world.pupil, name="Sam Parent", email="sam@x.test")
    ParentCarerFactory(pupil=world.pupil, name="Kim Carer", email="kim@x.test")
    letter = send_letter(deliver=False)
    messages = list(letter.messages.order_by("pk"))
    assert len(messages) == 3

    for message in messages:  # the worker's first try: nobody listens on the port
        with pytest.raises(outbox.TemporaryDeliveryError):
            deliver_outbox_message(message.pk)
    waiting = (
        "Waiting to send",
        "The mail server could not be reached: connection refused. Waymark will try again by "
        f"itself (1 of {outbox.MAX_ATTEMPTS} tries so far).",
    )
    assert statuses(lead, direction) == {
        "pat@example.com": waiting,
        "sam@x.test": waiting,
        "kim@x.test": waiting,
    }

    mail_server.start()
    time_machine.move_to(TODAY + datetime.timedelta(minutes=2), tick=False)
    assert deliver_queued_letters() == 3  # the sweep, after the first retry's wait
    for message in messages:  # Celery's own retries arrive late: nothing left to send
        assert deliver_outbox_message(message.pk) == "skipped"
    assert deliver_queued_letters() == 0

    assert mail_server.message_ids() == Counter(message_id(m) for m in messages)
    assert set(mail_server.message_ids().values()) == {1}
    assert sorted(m["To"] for m in mail_server.received) == [
        "Kim Carer <kim@x.test>",
        "Pat Parent <pat@example.com>",
        "Sam Parent <sam@x.test>",
    ]
    assert {to: label for to, (label, _d) in statuses(lead, direction).items()} == {
        "pat@example.com": "Sent",
        "sam@x.test": "Sent",
        "kim@x.test": "Sent",
    }


@pytest.mark.parametrize("server_took_it", [False, True])
def test_a_worker_killed_mid_send_is_sent_again_after_the_lease_with_the_same_message_id(
    lead, direction, mail_server, time_machine, send_letter, server_took_it
):
    mail_server.start()
    letter = send_letter(deliver=False)
    message = letter.messages.get()
    # The worker claims the row as message_deliver does, perhaps hands the email to the
    # server, and is killed before it can record the outcome.
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=State.SENDING, attempts=1, claimed_at=TODAY
    )
    if server_took_it:
        outbox.build_email(message).send()
    before = len(mail_server.received)

    time_machine.move_to(TODAY + datetime.timedelta(minutes=10), tick=False)
    assert deliver_queued_letters() == 0  # within the lease it may still be going
    assert deliver_outbox_message(message.pk) == "skipped"
    assert statuses(lead, direction)["pat@example.com"] == ("Sending", "")
    assert len(mail_server.received) == before

    time_machine.move_to(TODAY + outbox.UNCERTAIN_AFTER + datetime.timedelta(minutes=1))
    label, detail = statuses(lead, direction)["pat@example.com"]
    assert label == "Delivery uncertain"
    assert "never heard whether it went" in detail
    assert deliver_queued_letters() == 1  # the sweep puts it back and it goes

    assert mail_server.message_ids() == Counter({message_id(message): 1 + server_took_it})
    assert statuses(lead, direction)["pat@example.com"][0] == "Sent"
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 2)


def test_a_mail_server_that_never_answers_times_out_and_the_email_waits_its_turn(
    lead, direction, mail_server, silent_server, settings, send_letter
):
    settings.EMAIL_PORT = silent_server
    letter = send_letter(deliver=False)
    message = letter.messages.get()

    started = time.monotonic()
    with pytest.raises(outbox.TemporaryDeliveryError):
        deliver_outbox_message(message.pk)
    assert time.monotonic() - started < TIMEOUT * 4  # the worker is free again

    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.QUEUED, 1)
    assert statuses(lead, direction)["pat@example.com"] == (
        "Waiting to send",
        "The mail server did not answer in time. Waymark will try again by itself "
        f"(1 of {outbox.MAX_ATTEMPTS} tries so far).",
    )

    settings.EMAIL_PORT = mail_server.port
    mail_server.start()
    assert deliver_outbox_message(message.pk) == "sent"  # Celery's retry
    assert mail_server.message_ids() == Counter({message_id(message): 1})
    assert statuses(lead, direction)["pat@example.com"][0] == "Sent"


@pytest.mark.parametrize("redis", ["down", "silent"])
def test_with_redis_unavailable_the_letter_is_saved_queued_and_sent_by_the_sweep(
    lead,
    direction,
    mail_server,
    silent_server,
    broker,
    time_machine,
    django_capture_on_commit_callbacks,
    redis,
):
    mail_server.start()
    port = free_port() if redis == "down" else silent_server
    broker.down(f"redis://127.0.0.1:{port}/0")

    # Making the PDF takes a second or two; queueing its email, one quick publish retry, each
    # giving up after REDIS_TIMEOUT (a silent Redis held the request for ever).
    with answers_within(10), django_capture_on_commit_callbacks(execute=True):
        response = lead.post(reverse("direction-letter-send", args=[direction.pk]), follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "The written notice is recorded as sent today." in page
    assert "The letter is being emailed to Pat Parent." in page
    message = OutboxMessage.objects.get()
    assert message.state == State.QUEUED
    label, detail = statuses(lead, direction)["pat@example.com"]
    assert label.startswith("Waiting") and "error" not in detail
    assert mail_server.received == []

    broker.back()
    time_machine.move_to(TODAY + datetime.timedelta(minutes=5))
    run_beat_sweeps()
    run_beat_sweeps()
    assert mail_server.message_ids() == Counter({message_id(message): 1})
    assert statuses(lead, direction)["pat@example.com"][0] == "Sent"


def test_with_redis_silent_the_host_still_records_a_suspension_and_the_email_follows(
    client,
    world,
    mail_server,
    silent_server,
    broker,
    time_machine,
    django_capture_on_commit_callbacks,
):
    """A notification from a web request: the in-app notice is there at once; its email goes
    when the retry task runs."""
    time_machine.move_to(HOSTING_NOW, tick=False)
    direction = hosted_direction(world)
    mail_server.start()
    broker.down(f"redis://127.0.0.1:{silent_server}/0")
    client.force_login(world.users["host_case_lead"])
    form = {
        "start_date_0": "19",
        "start_date_1": "11",
        "start_date_2": "2026",
        "days": "2",
        "reason": "Threw a chair in a science lesson.",
        "review_on_0": "19",
        "review_on_1": "11",
        "review_on_2": "2026",
    }
    url = reverse("direction-host-suspension", args=[direction.pk])
    # Each email to be queued waits at most for one quick publish retry.
    with answers_within(10), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form, follow=True)
    told = Notification.objects.filter(key__startswith="host-suspension:")
    queued = Notification.objects.filter(by_email=True).count()
    assert "Suspension recorded. Home School has been told" in response.content.decode()
    assert told.count() == 3 and not told.filter(emailed_at__isnull=False).exists()
    assert mail_server.received == []

    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("notifications")).content.decode()
    assert "Host School has suspended Alex Home for 2 days from 19 November 2026" in page

    broker.back()
    assert retry_notification_emails() == queued  # the beat task, every ten minutes
    assert retry_notification_emails() == 0
    suspended = [m for m in mail_server.received if "has suspended" in m.get_payload()]
    assert sorted(m["To"] for m in suspended) == sorted(told.values_list("user__email", flat=True))


def test_a_notification_email_to_a_silent_mail_server_gives_up_and_is_sent_by_the_retry(
    client, world, mail_server, silent_server, settings, monkeypatch
):
    """Issue 13, finding 4: notification emails had no SMTP timeout. Every email (the worker's
    notifications, set-up links and digests as well as letters) gives up after EMAIL_TIMEOUT."""
    production = production_settings(
        monkeypatch, EMAIL_URL=f"smtp://127.0.0.1:{silent_server}", EMAIL_TIMEOUT="1"
    )
    for name in ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_TIMEOUT"):
        setattr(settings, name, production.get(name, getattr(global_settings, name)))
    lead = world.users["school_case_lead"]
    [notification] = notify(
        users=[lead],
        school=world.school,
        pupil=world.pupil,
        direction=None,
        key="fault-test",
        message="Host School has suspended Alex Home for 2 days from 19 November 2026.",
        url=world.pupil.get_absolute_url(),
    )

    with answers_within(5):  # the worker is free again
        assert notification_email(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.emailed_at is None  # kept for the retry task
    client.force_login(lead)
    page = client.get(reverse("notifications")).content.decode()
    assert "Host School has suspended Alex Home for 2 days" in page

    settings.EMAIL_PORT = mail_server.port
    mail_server.start()
    assert retry_notification_emails() == 1
    assert [m["To"] for m in mail_server.received] == [lead.email]


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (
            "parent",
            "This email cannot be sent: the name or email address of Pat Parent has a line break "
            "or another character that emails cannot carry. Correct it under Parents and carers "
            "on the pupil's page, then make the letter again.",
        ),
        (
            "pupil",
            "This email cannot be sent: the subject, which has the pupil's name in it, has a line "
            "break or another character that emails cannot carry. Correct the pupil's name on the "
            "pupil's page, then make the letter again.",
        ),
    ],
)
def test_a_name_with_a_line_break_fails_for_good_with_the_reason_and_the_notice_is_not_met(
    lead,
    world,
    direction,
    mail_server,
    send_letter,
    django_capture_on_commit_callbacks,
    broken,
    reason,
):
    """Issue 13, finding 5: saved before the forms refused control characters, a line break
    raised BadHeaderError in the worker and left both emails "sending" for ever."""
    mail_server.start()
    if broken == "parent":
        ParentCarer.objects.filter(pupil=world.pupil).update(name="Pat\nParent")
    else:
        Pupil.objects.filter(pk=world.pupil.pk).update(first_name="Alex\nJay")
    letter = send_letter(deliver=True)
    message = letter.messages.get()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.FAILED, 1)
    assert statuses(lead, direction)["pat@example.com"] == ("Not sent", reason)
    assert mail_server.received == []

    # The statutory notice reached nobody: not met, and on the case lead's Due page.
    notice = direction.deadlines.get(kind=Deadline.Kind.DIRECTION_NOTICE)
    assert notice.met_on is None
    due = lead.get(reverse("due")).content.decode()
    assert "Written notice of the direction to parents" in due

    # "Send again" fails the same way at once, never sticking at "Sending".
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(reverse("outbox-message-retry", args=[message.pk]))
    message.refresh_from_db()
    assert (message.state, message.last_error) == (State.FAILED, reason)
    assert mail_server.received == []
