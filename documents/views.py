"""Making and downloading documents. Thin: access policy, then a service, then a response."""

import hashlib
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

import access
from access import get_document_for_user
from cases.guards import GuardError
from documents import outbox
from safeguarding.services import record_safeguarding_read

logger = logging.getLogger(__name__)


@require_GET
@login_required
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    membership = request.membership
    document = get_document_for_user(membership, document_id)
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except OSError:
        logger.exception("Stored document %s cannot be read", document.pk)
        content = None
    if content is None or hashlib.sha256(content).hexdigest() != document.checksum:
        if content is not None:
            logger.error("Stored document %s does not match its checksum", document.pk)
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
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.download_name
    )
    response["Cache-Control"] = "private, no-store"
    return response


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
