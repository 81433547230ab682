"""Stage five of a PSP: reviews, the key adult's weekly check-ins, the copies to the LA, the
printed forms and the LA's monitoring group.

Source: 004_f815cbfe89cfcc2a.txt Stage Five "Review and Monitoring".
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import access
from cases.psp import documents as psp_documents
from cases.psp import review_forms as f
from cases.psp import services as svc
from cases.psp.models import PastoralSupportProgramme, PspReview
from cases.psp.views import psp_page, refused, send_copy
from documents.rendering import DocumentRenderError
from ui.views import guarded, posted

Stage = PastoralSupportProgramme.Stage


@login_required
@require_http_methods(["GET", "POST"])
def psp_review_add(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    form = f.ReviewForm(
        posted(request),
        psp=psp,
        outcomes=psp.outcomes.all(),
        initial={"attendees": psp.attendees},
    )
    if form.is_valid():
        result = guarded(
            form,
            lambda: svc.psp_record_review(
                psp=psp,
                **form.field_values(),
                ratings=form.ratings(),
                by=request.user,
                today=timezone.localdate(),
            ),
        )
        if result:
            psp.refresh_from_db()
            messages.success(request, _("Review recorded."))
            send_copy(request, psp, result.value)
            return redirect(psp)
    if psp.stage != Stage.REVIEW:
        form = refused(form, _("Reviews begin once the PSP is signed."))
    return psp_page(
        request,
        psp,
        form,
        _("Record a review"),
        _(
            "Evaluate the impact of the PSP and agree the next steps. A copy of the review goes "
            "to the LA."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_check_in_add(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id)
    if not access.can_record_psp_check_in(request.membership, psp):
        raise PermissionDenied(
            _("The school's key adults and PSP leads record check-ins once the PSP is signed.")
        )
    form = f.CheckInForm(
        posted(request),
        outcomes=psp.outcomes.all(),
        initial={"held_on": timezone.localdate()},
    )
    if form.is_valid() and guarded(
        form,
        lambda: svc.psp_record_check_in(
            psp=psp,
            **form.field_values(),
            ratings=form.ratings(),
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("Check-in recorded."))
        return redirect(f"{psp.get_absolute_url()}#check-ins")
    return psp_page(
        request,
        psp,
        form,
        _("Record a weekly check-in"),
        _(
            "Meet the child to review progress in a solution-focused way: what is working, "
            "what is not working, and progress towards each outcome."
        ),
    )


def _review_of(psp: PastoralSupportProgramme, value: str) -> PspReview | None:
    """The PSP's review named in the form, None when none is named; another's is 404."""
    if not value:
        return None
    review = psp.reviews.filter(pk=value).first() if value.isdigit() else None
    if review is None:
        raise Http404(_("No such review."))
    return review


@require_POST
@login_required
def psp_send_copy(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    review = _review_of(psp, request.POST.get("review", ""))
    send_copy(request, psp, review)
    return redirect(f"{psp.get_absolute_url()}#copies")


@require_POST
@login_required
def psp_document(request: HttpRequest, psp_id: int) -> HttpResponse:
    """Make the Initial Meeting form (or a review's record, with `review`) and download it:
    anyone who sees the PSP may, as it holds nothing the PSP page does not show them."""
    psp = access.get_psp_for_user(request.membership, psp_id)
    review = _review_of(psp, request.POST.get("review", ""))
    if review is None and psp.stage not in psp_documents.PRINTABLE_STAGES:
        messages.warning(
            request, _("The Initial Meeting form is printed once the meeting is organised.")
        )
        return redirect(psp)
    try:
        document = psp_documents.generate(
            psp, review=review, by=request.user, today=timezone.localdate()
        )
    except DocumentRenderError as error:
        messages.warning(request, str(error))
        return redirect(f"{psp.get_absolute_url()}#forms")
    return redirect(document)


@login_required
@require_http_methods(["GET", "POST"])
def psp_monitoring(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id)
    if not access.can_record_psp_monitoring(request.membership, psp):
        raise PermissionDenied(_("The LA's officers record the monitoring group's meetings."))
    form = f.MonitoringForm(posted(request), initial={"considered_on": timezone.localdate()})
    if form.is_valid() and guarded(
        form,
        lambda: svc.psp_record_monitoring(
            psp=psp, **form.field_values(), by=request.user, today=timezone.localdate()
        ),
    ):
        messages.success(request, _("Recorded."))
        return redirect(psp)
    return psp_page(
        request,
        psp,
        form,
        _("The PSP Monitoring Group considered this PSP"),
        _("The LA's PSP Monitoring Group meets termly to monitor the use of PSPs (004)."),
    )
