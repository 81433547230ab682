"""Pastoral Support Programme pages: starting one, the pages of stages one to four, moving on,
and the pupil page's card; what the other PSP pages share. Thin: the access policy, a form, a
service, a redirect.

Source: 004_f815cbfe89cfcc2a.txt (PSPs); see cases/psp/services.py for the lifecycle. The PSP's
own page is detail_views.py, the meeting's outcomes, agreements and signatures
meeting_views.py, stage five review_views.py and the LA's list la_views.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

import access
from cases.guards import GuardError
from cases.psp import forms as f
from cases.psp import guards as psp_guards
from cases.psp import services as svc
from cases.psp.models import PastoralSupportProgramme, PspReview
from documents.rendering import DocumentRenderError
from ui.forms import GovukForm
from ui.views import form_page, guarded, posted

Stage = PastoralSupportProgramme.Stage

# The stage pages: (title, form, the stages at which it may be changed).
STAGE_PAGES = {
    "deciding": (
        _("Stage 1: deciding on a PSP"),
        f.DecidingForm,
        (Stage.DECIDING, Stage.INFORMATION_GATHERING, Stage.ORGANISING, Stage.MEETING),
    ),
    "information": (
        _("Stage 2: information gathering"),
        f.InformationForm,
        (Stage.INFORMATION_GATHERING, Stage.ORGANISING, Stage.MEETING),
    ),
    "organising": (
        _("Stage 3: organising the meeting"),
        f.OrganisingForm,
        (Stage.ORGANISING, Stage.MEETING),
    ),
    "meeting": (_("PSP Initial Meeting"), f.MeetingForm, (Stage.MEETING,)),
}


def psp_page(request, psp, form, title, intro="", **extra) -> HttpResponse:
    """A form page of the PSP: its caption, the form, "Still to do first" (`missing`)."""
    return render(
        request,
        "cases/psp/form.html",
        {"psp": psp, "pupil": psp.pupil, "form": form, "title": title, "intro": intro, **extra},
    )


def refused(form, message):
    """The form, with a message at the top saying why it cannot be used now."""
    if form.is_bound:
        form.is_valid()
    else:
        form.cleaned_data = {}
    form.add_error(None, message)
    return form


def send_copy(request, psp: PastoralSupportProgramme, review: PspReview | None = None) -> None:
    """Send the copy to the LA and say how it went; a missing address or a PDF that could not
    be made is a message on the PSP page, and the copy can be sent again from there."""
    try:
        svc.psp_send_copy(psp=psp, review=review, by=request.user, today=timezone.localdate())
    except (GuardError, DocumentRenderError) as error:
        text = " ".join(error.messages) if isinstance(error, GuardError) else str(error)
        messages.warning(request, _("The copy was not sent to the LA. %(why)s") % {"why": text})
        return
    messages.success(
        request,
        _("A copy is on its way to %(email)s. Its status is under Copies to the LA.")
        % {"email": psp.school.local_authority.psp_email},
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.get_pupil_for_user(request.membership, pupil_id)
    if not access.can_start_psp(request.membership, pupil):
        raise PermissionDenied(
            _("Only the pupil's head, case lead, ALNCo (SENCo) or DSL can start a PSP.")
        )
    form = f.PspOpenForm(
        posted(request), school=pupil.school, initial={"school_lead": request.user.pk}
    )
    if form.is_valid():
        result = guarded(
            form,
            lambda: svc.psp_open(
                pupil=pupil, school_lead=form.cleaned_data["school_lead"], by=request.user
            ),
        )
        if result:
            messages.success(request, _("PSP started. Record the decision on stage 1."))
            return redirect(result.value)
    return form_page(
        request,
        form,
        title=_("Start a Pastoral Support Programme"),
        pupil=pupil,
        intro=_(
            "A PSP is a time-limited school-based intervention for a child at risk of "
            "disengagement or exclusion, when the school's interventions have not been "
            "effective. It is led by a senior member of staff and/or the ALNCo."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_stage(request: HttpRequest, psp_id: int, stage: str) -> HttpResponse:
    spec = STAGE_PAGES.get(stage)
    if spec is None:
        raise Http404(_("No such stage."))
    title, form_class, editable = spec
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    form = form_class(posted(request), instance=psp)
    if psp.stage not in editable:
        return psp_page(
            request,
            psp,
            refused(
                form,
                _("This page cannot be changed while the PSP is at “%(stage)s”.")
                % {"stage": psp.get_stage_display()},
            ),
            title,
        )
    if form.is_valid() and guarded(
        form,
        lambda: svc.psp_update(psp=psp, changes=form.changed_values(), by=request.user),
    ):
        messages.success(request, _("Saved."))
        return redirect(psp)
    return psp_page(request, psp, form, title)


@login_required
@require_http_methods(["GET", "POST"])
def psp_advance(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    form = GovukForm(posted(request), submit_label=_("Move on"))
    next_stage = psp_guards.NEXT_STAGE.get(psp.stage)
    if form.is_valid():
        result = guarded(form, lambda: svc.psp_advance(psp=psp, by=request.user))
        if result:
            messages.success(
                request,
                _("The PSP is now at “%(stage)s”.") % {"stage": result.value.get_stage_display()},
            )
            return redirect(result.value)
    title = (
        _("Move on to “%(stage)s”") % {"stage": next_stage.label} if next_stage else _("Move on")
    )
    missing = psp_guards.missing_for_stage(psp) if next_stage else []
    return psp_page(
        request,
        psp,
        form,
        title,
        _("Waymark checks that stage %(n)s is complete.") % {"n": psp.stage_number}
        if psp.stage_number
        else "",
        missing=missing,
    )


def pupil_card(membership, pupil):
    """The pupil page's card (cases.templatetags.case_cards): the pupil's PSPs this person may
    see, and "Start a PSP" for those who may, in one query."""
    psps = list(
        access.psps_visible_to(membership)
        .filter(pupil_id=pupil.pk)
        .select_related("school_lead")
        .order_by("-created_at", "-pk")
    )
    may_start = access.can_start_psp(membership, pupil) and not any(p.is_open for p in psps)
    if not psps and not may_start:
        return None
    return "cases/psp/_card.html", {"pupil": pupil, "psps": psps, "may_start": may_start}
