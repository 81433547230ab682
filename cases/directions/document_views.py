"""Making a direction's forms and letters. Thin: the access policy, then a service, then the file.

Who may: anyone who sees the direction may make its forms (templates 1, 3 and 4 of
003_db4daf6c9cf2ba51.txt), as with the passport, because they print nothing the direction page
does not already show them, and host staff fill in and sign the meeting forms. The letters to
parents speak for the home school, so only its head or case lead makes them
(access.can_make_parent_letters).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from cases.directions import documents as dd
from cases.guards import GuardError
from documents.rendering import DocumentRenderError
from documents.selectors import get_meeting_of


def _make(request: HttpRequest, direction, kind, meeting=None) -> HttpResponse:
    if access.is_former_school(request.membership, direction):
        # New copies would carry the pupil's present details; the stored ones stay readable.
        raise PermissionDenied(_("The pupil has moved school: download the copies made before."))
    if dd.is_letter(kind) and not access.can_make_parent_letters(request.membership, direction):
        raise PermissionDenied(
            _("Only the home school's head or case lead makes letters to parents.")
        )
    try:
        document = dd.generate(
            kind, direction, meeting=meeting, by=request.user, today=timezone.localdate()
        )
    except (GuardError, DocumentRenderError) as error:
        messages.error(request, str(error))
        return redirect(direction)
    if document.missing:
        messages.warning(
            request,
            _(
                "“%(kind)s”, version %(version)s, has lines to fill in by hand because these "
                "are not recorded yet: %(missing)s. Write them in, or add them to the case and "
                "download it again."
            )
            % {
                "kind": document.get_kind_display(),
                "version": document.version,
                "missing": "; ".join(document.missing),
            },
        )
    return redirect(document)


def _kind(slug: str, allowed: frozenset):
    kind = dd.kind_for_slug(slug)
    if kind is None or kind not in allowed:
        raise Http404(_("No such form or letter."))
    return kind


@require_POST
@login_required
def direction_document(request: HttpRequest, direction_id: int, kind: str) -> HttpResponse:
    """Make a new version of a form or letter of the direction, and download it."""
    direction = access.get_direction_for_user(request.membership, direction_id)
    return _make(request, direction, _kind(kind, dd.FOR_DIRECTION))


@require_POST
@login_required
def meeting_document(
    request: HttpRequest, direction_id: int, meeting_id: int, kind: str
) -> HttpResponse:
    """Make a new version of a form or letter for one of the direction's meetings."""
    direction = access.get_direction_for_user(request.membership, direction_id)
    meeting = get_meeting_of(direction, meeting_id)
    return _make(request, direction, _kind(kind, dd.FOR_MEETING), meeting)
