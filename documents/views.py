"""Making and downloading documents. Thin: access policy, then a service, then a response."""

import hashlib
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documents import passport
from documents.models import GeneratedDocument
from documents.rendering import DocumentRenderError
from documents.selectors import get_document_for_user
from documents.services import document_generate
from safeguarding.services import record_safeguarding_read
from tenancy import access

logger = logging.getLogger(__name__)


@require_POST
@login_required
def passport_pdf(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """Make a new version of the Pupil Passport, as this person may see it, and download it."""
    membership = request.membership
    pupil = access.get_pupil_for_user(membership, pupil_id)
    allowed = passport.Access.for_membership(membership, pupil)
    try:
        document = document_generate(
            kind=GeneratedDocument.Kind.PUPIL_PASSPORT,
            pupil=pupil,
            template=passport.TEMPLATE,
            context=passport.passport_context(pupil, allowed=allowed, today=timezone.localdate()),
            generated_by=request.user,
            includes_safeguarding=allowed.safeguarding,
            includes_send=allowed.send,
        )
    except DocumentRenderError as error:
        messages.error(request, str(error))
        return redirect(pupil)
    return redirect(document)


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
