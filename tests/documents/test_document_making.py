"""PDFs are made by the worker with a time limit, never in a web request (issue 13, finding 7):
the request records what is to be made and answers at once; a page follows it until the
download is ready; a render that fails or takes too long says why and offers to try again; a
task lost with the broker is made by the sweep."""

import datetime
import hashlib
import time

import pytest
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from documents import outbox, printing
from documents.models import GeneratedDocument, Letter, OutboxMessage, PrintedCopy
from documents.rendering import DocumentRenderError
from documents.services import document_generate
from documents.tasks import make_document, make_pending_documents, make_printed_copy
from tests.documents.pdf import pdf_text

State = GeneratedDocument.State
TEMPLATE = "documents/base_print.html"


@pytest.fixture
def worker(monkeypatch, django_capture_on_commit_callbacks):
    """Tasks go to a worker instead of running in the request: `queued` lists the documents
    handed to it, and `run()` is the worker making them."""

    class Worker:
        queued: list[int] = []

        def run(self):
            done = [make_document(pk) for pk in self.queued]
            self.queued.clear()
            return done

    worker = Worker()
    worker.queued = []
    monkeypatch.setattr(printing, "runs_eagerly", lambda: False)
    monkeypatch.setattr(
        printing, "enqueue", lambda pk, model=None: worker.queued.append(pk) or True
    )
    return worker


@pytest.fixture
def no_rendering_here(monkeypatch):
    """Fails the test if WeasyPrint is called; `allow()` lets the worker call it."""
    real = __import__("documents.rendering", fromlist=["html_to_pdf"]).html_to_pdf
    state = {"allowed": False}

    def guarded(html):
        assert state["allowed"], "A PDF was rendered in the web request"
        return real(html)

    monkeypatch.setattr("documents.rendering.html_to_pdf", guarded)
    return lambda: state.update(allowed=True)


def _ask(world, **kwargs):
    return document_generate(
        kind=GeneratedDocument.Kind.PUPIL_PASSPORT,
        pupil=world.pupil,
        template=TEMPLATE,
        context={"title": "Test", "letterhead": {"name": world.school.name, "address": "1 Road"}},
        generated_by=world.users["school_case_lead"],
        **kwargs,
    )


def _status(client, document, **headers):
    return client.get(reverse("document-status", args=[document.pk]), **headers)


def _fragment(client, document, shown=""):
    url = reverse("document-status", args=[document.pk]) + (f"?shown={shown}" if shown else "")
    return client.get(url, headers={"HX-Request": "true"})


def test_a_request_for_a_pdf_answers_without_rendering_and_the_worker_makes_it(
    client, world, worker, no_rendering_here, django_capture_on_commit_callbacks
):
    client.force_login(world.users["school_case_lead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pupil-passport-pdf", args=[world.pupil.pk]))
    document = GeneratedDocument.objects.get()
    assert document.state == State.PENDING and document.version == 1
    assert worker.queued == [document.pk]  # queued after commit, not rendered

    page = client.get(response.url, follow=True)
    assert page.redirect_chain[-1][0] == reverse("document-status", args=[document.pk])
    text = page.content.decode()
    assert "Making the PDF…" in text and "This usually takes a few seconds." in text
    assert 'hx-trigger="every 2s"' in text and "Check again" in text

    no_rendering_here()
    assert worker.run() == ["ready"]
    document.refresh_from_db()
    content = document.file.read()
    assert document.checksum == hashlib.sha256(content).hexdigest()
    assert document.file.name.endswith(f"pupil-passport-{world.pupil.upn}-v1.pdf")
    assert document.html == "" and document.made_at is not None
    assert "Test" in pdf_text(content)
    assert "Download the PDF" in _status(client, document).content.decode()
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_the_worker_makes_a_document_once(world, worker):
    document = _ask(world)
    assert make_document(document.pk) == "ready"
    assert make_document(document.pk) == "skipped"
    again = _ask(world)  # a second request is a new version, never an overwrite
    make_document(again.pk)
    document.refresh_from_db()
    again.refresh_from_db()
    assert (document.version, again.version) == (1, 2)
    assert document.file.name != again.file.name


def test_the_polling_fragment_says_each_state_and_stops_when_done(client, world, worker):
    client.force_login(world.users["school_case_lead"])
    document = _ask(world)

    waiting = _fragment(client, document)
    assert waiting.status_code == 200
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    assert "<html" not in waiting.content.decode()  # the fragment alone
    assert _fragment(client, document, shown="waiting").status_code == 204  # nothing new

    GeneratedDocument.objects.filter(pk=document.pk).update(
        created_at=timezone.now() - printing.SWEEP_GRACE - datetime.timedelta(seconds=1)
    )
    slow = _fragment(client, document, shown="waiting").content.decode()
    assert "taking longer than usual" in slow and "hx-trigger" in slow

    make_document(document.pk)
    ready = _fragment(client, document, shown="slow").content.decode()
    assert "The PDF is ready" in ready and "Download the PDF" in ready
    assert "hx-trigger" not in ready  # polling stops

    GeneratedDocument.objects.filter(pk=document.pk).update(state=State.FAILED, error="Broken.")
    failed = _fragment(client, document, shown="ready").content.decode()
    assert "The PDF could not be made" in failed and "Broken." in failed
    assert "Try again</button>" in failed and "hx-trigger" not in failed


def test_a_render_that_takes_too_long_is_failed_with_a_reason_and_can_be_tried_again(
    client, world, worker, monkeypatch, django_capture_on_commit_callbacks
):
    document = _ask(world)

    def hangs(html):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("documents.rendering.html_to_pdf", hangs)
    assert make_document(document.pk) == "failed"
    document.refresh_from_db()
    assert document.state == State.FAILED and not document.file
    assert "took too long to make (more than a minute)" in document.error

    client.force_login(world.users["school_case_lead"])
    page = client.get(document.get_absolute_url(), follow=True).content.decode()
    assert "The PDF could not be made" in page and "took too long" in page
    assert "Try again</button>" in page

    monkeypatch.undo()
    monkeypatch.setattr(printing, "runs_eagerly", lambda: False)
    monkeypatch.setattr(
        printing, "enqueue", lambda pk, model=None: worker.queued.append(pk) or True
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("document-retry", args=[document.pk]), follow=True)
    assert "Making the PDF…" in response.content.decode()
    document.refresh_from_db()
    assert document.state == State.PENDING and document.html  # kept to make it again
    assert worker.run() == ["ready"]


def test_the_time_limit_holds_where_celery_cannot_enforce_it(world, worker, monkeypatch):
    """The solo pool (scripts/run_all.py) enforces no time limit: making sets its own."""
    document = _ask(world)
    monkeypatch.setattr(printing, "SOFT_TIME_LIMIT", 1)
    monkeypatch.setattr("documents.rendering.html_to_pdf", lambda html: time.sleep(5))
    started = time.monotonic()
    assert make_document(document.pk) == "failed"
    assert time.monotonic() - started < 3
    document.refresh_from_db()
    assert "took too long" in document.error


def test_a_render_that_raises_is_failed_with_a_plain_reason(world, worker, monkeypatch):
    document = _ask(world)

    def crashes(html):
        raise RuntimeError("cairo said no")

    monkeypatch.setattr("documents.rendering.html_to_pdf", crashes)
    assert make_document(document.pk) == "failed"
    document.refresh_from_db()
    assert document.error == "The PDF could not be made just now. Try again in a few minutes."


def test_with_the_broker_down_the_request_still_records_it_and_the_sweep_makes_it(
    client, world, monkeypatch, time_machine, django_capture_on_commit_callbacks
):
    class Down:
        def delay(self):
            raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(printing, "runs_eagerly", lambda: False)
    monkeypatch.setattr(current_app, "signature", lambda *args, **kwargs: Down())
    client.force_login(world.users["school_case_lead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pupil-passport-pdf", args=[world.pupil.pk]))
    page = client.get(response.url, follow=True)
    assert page.status_code == 200 and "Making the PDF…" in page.content.decode()
    document = GeneratedDocument.objects.get()
    assert document.state == State.PENDING

    monkeypatch.undo()  # the broker is back; tasks run at once as in the rest of the suite
    time_machine.move_to(timezone.now() + printing.SWEEP_GRACE + datetime.timedelta(seconds=1))
    assert "taking longer than usual" in _status(client, document).content.decode()
    assert make_pending_documents() == 1
    document.refresh_from_db()
    assert document.state == State.READY
    assert make_pending_documents() == 0


def test_a_worker_that_died_mid_render_is_made_again_then_given_up(world, worker, time_machine):
    document = _ask(world)
    lost = timezone.now() - printing.MAKING_LEASE - datetime.timedelta(seconds=1)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        state=State.MAKING, claimed_at=lost, attempts=1
    )
    assert make_document(document.pk) == "skipped"  # the task again: someone holds it
    make_pending_documents()
    assert worker.queued == [document.pk]
    assert worker.run() == ["ready"]

    other = _ask(world)
    GeneratedDocument.objects.filter(pk=other.pk).update(
        state=State.MAKING, claimed_at=lost, attempts=printing.MAX_ATTEMPTS
    )
    make_pending_documents()
    other.refresh_from_db()
    assert other.state == State.FAILED
    assert other.error.startswith("Waymark stopped while making this PDF.")


# Letters: the outbox sends only once the PDF exists ---------------------------------------


@pytest.fixture
def letter(world, worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (letter,) = outbox.letter_send(
            pupil=world.pupil,
            make=lambda parent: _ask(world),
            subject="Off-site direction for Alex Home",
            body="Please read the attached letter.",
            by=world.users["school_case_lead"],
        ).letters
        return letter


def _status_of(letter):
    letter = Letter.objects.select_related("document").get(pk=letter.pk)
    (email,) = outbox.emails_with_status(letter, now=timezone.now())
    return email["status"]


def test_a_letter_waits_for_its_pdf_then_is_emailed_once(world, letter, worker, monkeypatch):
    message = letter.messages.get()
    assert outbox.message_deliver(message.pk) == "skipped"  # no PDF yet: nothing claimed
    assert outbox.queued_due(now=timezone.now() + datetime.timedelta(hours=1)) == []
    status = _status_of(letter)
    assert status.label == "Waiting for the PDF"

    sent = []
    monkeypatch.setattr(outbox, "enqueue", lambda pk: sent.append(outbox.message_deliver(pk)))
    assert worker.run() == ["ready"]
    assert sent == ["sent"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][1].startswith(b"%PDF")
    assert outbox.message_deliver(message.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_letter_whose_pdf_failed_says_so_and_send_again_makes_it(
    world, letter, worker, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("documents.rendering.html_to_pdf", _raise_render_error)
    assert worker.run() == ["failed"]
    message = letter.messages.get()
    assert message.state == OutboxMessage.State.FAILED
    assert message.last_error.startswith("The letter's PDF could not be made: ")
    assert _status_of(letter).can_retry

    monkeypatch.undo()
    monkeypatch.setattr(printing, "runs_eagerly", lambda: False)
    monkeypatch.setattr(
        printing, "enqueue", lambda pk, model=None: worker.queued.append(pk) or True
    )
    with django_capture_on_commit_callbacks(execute=True):
        outbox.message_retry(message, world.users["school_case_lead"])
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.QUEUED
    assert worker.queued == [letter.document_id]
    assert worker.run() == ["ready"]  # and the letter's email goes at once
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert len(mail.outbox) == 1


def _raise_render_error(html):
    raise DocumentRenderError("The PDF could not be made just now.")


def test_only_those_who_may_send_a_letter_again_may_remake_its_pdf(client, world, letter):
    GeneratedDocument.objects.filter(pk=letter.document_id).update(state=State.FAILED)
    url = reverse("document-retry", args=[letter.document_id])
    client.force_login(world.users["school_office"])
    assert client.post(url).status_code == 403
    client.force_login(world.users["school_case_lead"])
    assert client.post(url).status_code == 302


# Printed copies: a PDF to check or print, kept as no version --------------------------------


def test_a_printed_copy_is_made_by_the_worker_and_only_its_requester_opens_it(
    client, world, worker, no_rendering_here, django_capture_on_commit_callbacks
):
    lead, other = world.users["school_case_lead"], world.users["school_dsl"]
    with django_capture_on_commit_callbacks(execute=True):
        copy = printing.printed_copy_request(
            title="Travel assistance change request, to check",
            download_name="travel-assistance-change-1.pdf",
            html="<html><body><p>Check me</p></body></html>",
            by=lead,
            back_url="/pupils/",
        )
    assert copy.state == State.PENDING and worker.queued == [copy.pk]
    client.force_login(lead)
    assert client.get(copy.get_absolute_url()).url == copy.get_status_url()
    page = client.get(copy.get_status_url()).content.decode()
    assert "Making the PDF…" in page and 'href="/pupils/"' in page

    no_rendering_here()
    assert make_printed_copy(copy.pk) == "ready"
    page = client.get(copy.get_status_url()).content.decode()
    assert "Waymark keeps this copy for a day only, so download it now." in page
    download = client.get(copy.get_absolute_url())
    assert download.status_code == 200 and "Check me" in pdf_text(download.content)
    assert download["Content-Disposition"].endswith('"travel-assistance-change-1.pdf"')

    client.force_login(other)
    assert client.get(copy.get_status_url()).status_code == 404
    assert client.get(copy.get_absolute_url()).status_code == 404


def test_printed_copies_are_cleared_after_a_day(world, time_machine):
    copy = printing.printed_copy_request(
        title="Declaration",
        download_name="declaration.pdf",
        html="<p>Declaration</p>",
        by=world.users["school_case_lead"],
        back_url="/",
    )
    copy.refresh_from_db()
    name = copy.file.name
    assert copy.is_ready and copy.file.storage.exists(name)
    time_machine.move_to(timezone.now() + printing.COPIES_KEPT_FOR + datetime.timedelta(minutes=1))
    make_pending_documents()
    assert not PrintedCopy.objects.exists()
    assert not copy.file.storage.exists(name)
