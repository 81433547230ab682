"""Following a document while the worker makes it, downloading it, and trying again; sending
an email of a letter again. Thin: access policy, then a service, then a response."""

import hashlib
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

import access
from access import get_document_for_user
from cases.guards import GuardError
from documents import outbox, printing
from documents.models import GeneratedDocument, OutboxMessage, PrintedCopy
from documents.services import document_try_again
from safeguarding.services import record_safeguarding_read

logger = logging.getLogger(__name__)
POLL_SECONDS = 2


@require_GET
@login_required
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    membership = request.membership
    document = get_document_for_user(membership, document_id)
    if not document.is_ready:
        return redirect(document.get_status_url())
    content = _checked_pdf(document)
    if content is None:
        messages.error(
            request,
            _(
                "This copy of the %(kind)s can no longer be opened. Make a new one; if this "
                "keeps happening, tell your Waymark administrator."
            )
            % {"kind": document.get_kind_display()},
        )
        return redirect(document.pupil)
    if document.includes_safeguarding:
        record_safeguarding_read(pupil=document.pupil, user=request.user, membership=membership)
    return _pdf_response(content, document.download_name)


def _checked_pdf(made) -> bytes | None:
    """The stored PDF of a document or printed copy, or None when it cannot be read or no
    longer matches the checksum taken when it was made (logged either way)."""
    try:
        with made.file.open("rb") as handle:
            content = handle.read()
    except OSError:
        logger.exception("Stored PDF of %s %s cannot be read", type(made).__name__, made.pk)
        return None
    if hashlib.sha256(content).hexdigest() != made.checksum:
        logger.error(
            "Stored PDF of %s %s does not match its checksum", type(made).__name__, made.pk
        )
        return None
    return content


def _pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=not inline, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    if inline:
        # Shown in a frame of our own page (the letter's preview), and nowhere else: the site's
        # policy forbids every frame, so this one response allows its own origin only.
        response["Content-Security-Policy"] = (
            "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
        )
    return response


def _back(document: GeneratedDocument) -> str:
    """The page the document was made from: its case or meeting where that has a page."""
    about = document.about
    url = getattr(about, "get_absolute_url", None)
    return url() if url else document.pupil.get_absolute_url()


def _status_page(request: HttpRequest, pdf, **context) -> HttpResponse:
    """The page that says "Making the PDF…" until the worker has made it, then offers the
    download. htmx asks for the fragment every POLL_SECONDS; without script the page has a link
    to check again. A preview (`?preview=1`, a letter's draft on its confirmation page) asks for
    the fragment that shows the PDF in the page."""
    status = printing.document_status(pdf, now=timezone.now())
    context |= {"pdf": pdf, "status": status, "poll_seconds": POLL_SECONDS}
    if request.htmx:
        if request.GET.get("shown") == status.key:
            # Nothing new: htmx swaps nothing, so a screen reader is not told it again.
            return HttpResponse(status=204)
        if request.GET.get("preview") and isinstance(pdf, PrintedCopy):
            return render(request, "documents/_pdf_preview.html", context)
        return render(request, "documents/_pdf_status.html", context)
    return render(request, "documents/pdf_status.html", context)


@require_GET
@login_required
def document_status(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_document_for_user(request.membership, document_id)
    return _status_page(
        request,
        document,
        kept=True,
        pupil=document.pupil,
        # A letter's emails wait for the PDF (never tried): say so beside a failure.
        emails_wait=OutboxMessage.objects.filter(
            letter__document=document,
            state__in=[OutboxMessage.State.QUEUED, OutboxMessage.State.FAILED],
            attempts=0,
        ).exists(),
        back=_back(document) if not request.htmx else "",
    )


@require_POST
@login_required
def document_retry(request: HttpRequest, document_id: int) -> HttpResponse:
    """Make a document that could not be made again, from the HTML printed when it was asked
    for; a letter waiting for it is emailed once it is made."""
    document = get_document_for_user(request.membership, document_id)
    email = OutboxMessage.objects.filter(letter__document=document).only("pk").first()
    if email is not None:
        # Making a letter's PDF again sends its emails: only those who may send them again.
        access.get_outbox_message_for_user(request.membership, email.pk, write=True)
    if not document_try_again(document=document, by=request.user):
        messages.info(request, _("This PDF has been made already, or is being made."))
    return redirect(document.get_status_url())


def _own_copy(request: HttpRequest, copy_id: int) -> PrintedCopy:
    """A printed copy is only ever its requester's: anyone else's looks missing."""
    copy = PrintedCopy.objects.filter(pk=copy_id, requested_by=request.user).first()
    if copy is None:
        raise Http404(_("No such PDF."))
    return copy


@require_GET
@login_required
def printed_copy_status(request: HttpRequest, copy_id: int) -> HttpResponse:
    copy = _own_copy(request, copy_id)
    return _status_page(request, copy, kept=False, back=copy.back_url)


@require_GET
@login_required
def printed_copy_download(request: HttpRequest, copy_id: int) -> HttpResponse:
    copy = _own_copy(request, copy_id)
    if not copy.is_ready:
        return redirect(copy.get_status_url())
    content = _checked_pdf(copy)
    if content is None:
        messages.error(request, _("This PDF can no longer be opened. Make a new one."))
        return redirect(copy.back_url)
    return _pdf_response(content, copy.download_name)


@require_GET
@login_required
@xframe_options_sameorigin
def printed_copy_view(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The printed copy to read in the page that asked for it (a letter's draft on its
    confirmation page): the same PDF as the download, shown inline, framed by our own pages
    only."""
    copy = _own_copy(request, copy_id)
    if not copy.is_ready:
        return redirect(copy.get_status_url())
    content = _checked_pdf(copy)
    if content is None:
        raise Http404(_("This PDF can no longer be opened. Make a new one."))
    return _pdf_response(content, copy.download_name, inline=True)


@require_POST
@login_required
def printed_copy_retry(request: HttpRequest, copy_id: int) -> HttpResponse:
    copy = _own_copy(request, copy_id)
    if printing.document_retry(copy):
        printing.enqueue_on_commit(copy.pk, PrintedCopy)
    else:
        messages.info(request, _("This PDF has been made already, or is being made."))
    return redirect(copy.get_status_url())


@require_POST
@login_required
def outbox_message_retry(request: HttpRequest, message_id: int) -> HttpResponse:
    """Send a failed email again, or one whose delivery is uncertain."""
    message = access.get_outbox_message_for_user(request.membership, message_id, write=True)
    try:
        outbox.message_retry(message, request.user)
    except GuardError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The email to %(name)s will be sent again in a moment.") % {"name": message.to_name},
        )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect(message.letter.pupil)
