"""Making PDFs in the worker, never in a web request (issue 13, finding 7: one long record took
55 seconds to print and a web worker was killed at 30).

A request prints the document's HTML from the record (milliseconds) and stores a pending
GeneratedDocument with its version; documents.tasks.make_document turns the HTML into the PDF
with a time limit. Making is idempotent: a row is claimed (pending → making) by one conditional
UPDATE before WeasyPrint runs, so a task delivered twice, two workers, or the sweep and the
task at once make each document once. A task lost with the broker, or a worker that died
mid-render, is picked up by the sweep (documents.tasks.make_pending_documents).

Other long work (sending letters, issue 14) can follow the same shape: a row that says what
is to be done, a claim, a time limit, a plain reason on failure, and a page that polls it.
"""

import contextlib
import datetime
import hashlib
import logging
import signal
import threading
from dataclasses import dataclass, field

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from cases.guards import GuardError
from cases.pupils.languages import letter_languages
from documents import rendering
from documents.models import GeneratedDocument, PdfToMake, PrintedCopy
from documents.rendering import DocumentRenderError

logger = logging.getLogger(__name__)
State = PdfToMake.State
# The task that makes each kind of row; named, not imported (documents.tasks calls this module;
# registered by DocumentsConfig.ready).
MAKE_TASKS = {
    GeneratedDocument: "documents.tasks.make_document",
    PrintedCopy: "documents.tasks.make_printed_copy",
}
# A printed copy is for the moment it was asked for; the sweep deletes it (and its file) then.
COPIES_KEPT_FOR = datetime.timedelta(days=1)

# A document of a few pages takes about a second; one that takes a minute will not finish
# (the text boxes are limited to 5,000 characters, so it is not a real record). The task's
# soft limit stops it and records why; the hard limit ends the worker process if WeasyPrint
# does not give way. Under the solo pool Celery cannot enforce either, so making also sets an
# alarm of its own (see _time_limit).
SOFT_TIME_LIMIT = 60
HARD_TIME_LIMIT = 90
# A claim this old never finished: its worker died (or was killed at the hard limit).
MAKING_LEASE = datetime.timedelta(minutes=3)
# A new document's own task normally makes it within seconds; the sweep leaves it that long.
SWEEP_GRACE = datetime.timedelta(minutes=1)
# Tries before a document whose worker keeps dying is given up (a person can try again).
MAX_ATTEMPTS = 2

TOO_LONG = gettext_lazy(
    "The PDF took too long to make (more than a minute), so Waymark stopped. This can happen "
    "when a text box holds a very long text. Try again; if it happens again, shorten the "
    "longest answers on the record, or tell your Waymark administrator."
)
WORKER_STOPPED = gettext_lazy(
    "Waymark stopped while making this PDF. Try again; if it happens again, tell your Waymark "
    "administrator."
)
UNEXPECTED = gettext_lazy("The PDF could not be made just now. Try again in a few minutes.")


def enqueue(document_id: int, model: type[PdfToMake] = GeneratedDocument) -> bool:
    """Hand a document (or a printed copy) to the workers. When the broker is down the row
    simply stays pending and the sweep makes it later."""
    try:
        current_app.signature(MAKE_TASKS[model], args=(document_id,)).delay()
    except (OperationalError, OSError) as error:
        logger.warning(
            "Could not queue %s %s (%s); the sweep will", model.__name__, document_id, error
        )
        return False
    return True


def runs_eagerly() -> bool:
    return bool(current_app.conf.task_always_eager)


def enqueue_on_commit(document_id: int, model: type[PdfToMake] = GeneratedDocument) -> bool:
    """Queue the document once the request's transaction commits. Where tasks run eagerly (the
    test suite, a one-process demo) the task would run in this process anyway, so it runs now,
    inside the transaction; returns True then, for the caller to read the finished row."""
    if runs_eagerly():
        enqueue(document_id, model)
        return True
    transaction.on_commit(lambda: enqueue(document_id, model), robust=True)
    return False


class _TooLong(SoftTimeLimitExceeded):
    """Our own alarm went off: the render passed SOFT_TIME_LIMIT (handled as Celery's own)."""


@contextlib.contextmanager
def _time_limit(seconds: int):
    """Raise _TooLong after `seconds`, where a timer signal can be used (the main thread of a
    solo or prefork worker); elsewhere Celery's soft limit is the only one."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expired(signum, frame):
        raise _TooLong

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def document_make(
    document_id: int,
    *,
    model: type[PdfToMake] = GeneratedDocument,
    now: datetime.datetime | None = None,
) -> str:
    """Claim the document and make its PDF. Returns "ready", "failed" or "skipped" (nothing to
    claim: already made, being made, or failed). Never raises for a render that fails or takes
    too long: the document is marked failed with a reason a school office can act on."""
    now = now or timezone.now()
    claimed = model.objects.filter(pk=document_id, state=State.PENDING).update(
        state=State.MAKING, attempts=F("attempts") + 1, claimed_at=now, error=""
    )
    if not claimed:
        return "skipped"
    document = model.objects.get(pk=document_id)
    try:
        with _time_limit(SOFT_TIME_LIMIT):
            pdf = rendering.html_to_pdf(document.html)
    except SoftTimeLimitExceeded:
        logger.error("Document %s took over %s s to make", document.pk, SOFT_TIME_LIMIT)
        return _fail(document, str(TOO_LONG))
    except DocumentRenderError as error:
        return _fail(document, str(error))
    except Exception:
        logger.exception("Document %s could not be made", document.pk)
        return _fail(document, str(UNEXPECTED))
    name = default_storage.save(
        document.file.field.generate_filename(document, document.pdf_file_name), ContentFile(pdf)
    )
    stored = model.objects.filter(pk=document.pk, state=State.MAKING).update(
        state=State.READY,
        file=name,
        checksum=hashlib.sha256(pdf).hexdigest(),
        html="",
        error="",
        made_at=timezone.now(),
    )
    if not stored:  # the sweep gave it up meanwhile; its next try makes its own file
        default_storage.delete(name)
        return "skipped"
    return "ready"


def _fail(document: PdfToMake, reason: str) -> str:
    failed = (
        type(document)
        .objects.filter(pk=document.pk, state=State.MAKING)
        .update(state=State.FAILED, error=reason[:300])
    )
    logger.warning("%s %s not made: %s", type(document).__name__, document.pk, reason)
    return "failed" if failed else "skipped"  # "skipped": the sweep gave it up meanwhile


def document_retry(document: PdfToMake) -> bool:
    """A person asks for a failed document again: it goes back to the queue with its HTML.
    Returns False when it is not failed (made meanwhile, or already waiting). The caller
    enqueues it after commit."""
    return bool(
        type(document)
        .objects.filter(pk=document.pk, state=State.FAILED)
        .update(state=State.PENDING, error="", attempts=0, claimed_at=None)
    )


def reclaim_lost_renders(
    *, now: datetime.datetime, model: type[PdfToMake] = GeneratedDocument
) -> list[int]:
    """Documents whose worker died mid-render (their lease is over) go back to the queue once;
    after MAX_ATTEMPTS they are marked failed, for a person to try again. Returns the ids that
    failed for good (their letters are told)."""
    stale = model.objects.filter(state=State.MAKING, claimed_at__lte=now - MAKING_LEASE)
    given_up = list(stale.filter(attempts__gte=MAX_ATTEMPTS).values_list("pk", flat=True))
    model.objects.filter(pk__in=given_up, state=State.MAKING).update(
        state=State.FAILED, error=str(WORKER_STOPPED)
    )
    queued = stale.update(state=State.PENDING, claimed_at=None)
    if given_up or queued:
        logger.warning(
            "%s: %s lost renders queued again, %s failed", model.__name__, queued, len(given_up)
        )
    return given_up


def pending_due(*, now: datetime.datetime, model: type[PdfToMake] = GeneratedDocument) -> list[int]:
    """Pending documents the sweep hands to the workers again: their task was lost (the broker
    was down) or has not run within SWEEP_GRACE, or their worker died (tried already)."""
    return list(
        model.objects.filter(state=State.PENDING)
        .filter(Q(created_at__lte=now - SWEEP_GRACE) | Q(attempts__gt=0))
        .values_list("pk", flat=True)
    )


# What a person sees ----------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    key: str  # "waiting", "slow", "ready" or "failed": the polling page swaps on a change
    label: str
    colour: str  # a govuk-tag modifier
    detail: str = ""
    can_retry: bool = False

    @property
    def in_progress(self) -> bool:
        return self.key in {"waiting", "slow"}


def document_status(document: PdfToMake, *, now: datetime.datetime) -> Status:
    """How a document stands, in the words a school office uses."""
    if document.state == State.READY:
        return Status("ready", gettext_lazy("Ready"), "green")
    if document.state == State.FAILED:
        return Status(
            "failed",
            gettext_lazy("Could not be made"),
            "red",
            document.error or str(UNEXPECTED),
            can_retry=True,
        )
    if document.created_at <= now - SWEEP_GRACE:
        # Its task was lost (the broker was down) or the workers are busy: the sweep makes it.
        return Status(
            "slow",
            gettext_lazy("Waiting to be made"),
            "yellow",
            _(
                "This is taking longer than usual. Waymark will make the PDF within a few "
                "minutes; you can leave this page and download it from the list of documents."
            ),
        )
    return Status(
        "waiting",
        gettext_lazy("Being made"),
        "light-blue",
        _("This usually takes a few seconds. This page shows the download when it is ready."),
    )


def printed_copy_request(
    *, title: str, download_name: str, html: str, by, back_url: str
) -> PrintedCopy:
    """Ask the worker for a PDF that is kept as no version of anything (a form to check or
    print). Returns the pending copy; its status page follows it to the download."""
    copy = PrintedCopy(
        title=title[:200],
        download_name=download_name[:150],
        back_url=back_url[:300],
        html=html,
        state=State.PENDING,
        requested_by=by,
    )
    copy.full_clean()
    copy.save()
    if enqueue_on_commit(copy.pk, PrintedCopy):
        copy.refresh_from_db()
    return copy


def clear_old_copies(*, now: datetime.datetime) -> int:
    """Delete printed copies asked for over COPIES_KEPT_FOR ago, with their files."""
    old = list(PrintedCopy.objects.filter(created_at__lte=now - COPIES_KEPT_FOR))
    for copy in old:
        if copy.file:
            copy.file.delete(save=False)
    PrintedCopy.objects.filter(pk__in=[copy.pk for copy in old]).delete()
    return len(old)


# A letter's draft, shown before it is sent (issue 14) -----------------------------------


@dataclass
class Draft:
    """A letter as it would go now, made by the worker for the confirmation page that shows it
    (never in the request), addressed to `to`: a parent, or None for the copy named on the
    letter, with no parent's address. `missing` is what it prints as a line to fill in;
    `problem` says why there is no draft."""

    copy: PrintedCopy | None = None
    to: object = None
    missing: list[str] = field(default_factory=list)
    problem: str = ""

    def status(self, *, now: datetime.datetime) -> Status | None:
        return document_status(self.copy, now=now) if self.copy is not None else None


def letter_draft(
    *,
    parents,
    build,
    title: str,
    download_name: str,
    by,
    back_url: str,
) -> Draft:
    """Print a letter's HTML now (milliseconds) and ask the worker for its PDF, as a printed
    copy only `by` may open. `build(parent)` gives (template, context) as the letter to that
    parent; it may raise GuardError (the letter cannot be made yet: `problem` says why).

    The draft is the first of `parents` whose address is not withheld (the page is open to
    everyone who runs the case, who may not see a withheld address), in that parent's
    language; with none, the copies' letter, which shows no parent's address."""
    parent = next((p for p in parents if not p.address_withheld), None)
    language = letter_languages(parent)[0] if parent is not None else translation.get_language()
    try:
        with translation.override(language):
            template, context = build(parent)
            html = rendering.render_html(template, context)
    except GuardError as error:
        return Draft(problem=" ".join(error.messages))
    copy = printed_copy_request(
        title=title, download_name=download_name, html=html, by=by, back_url=back_url
    )
    blanks = context.get("blanks")
    return Draft(copy=copy, to=parent, missing=list(blanks.missing) if blanks else [])
