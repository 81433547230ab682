"""The PSP Initial Meeting's pages: outcomes written with the Outcome and Support Sequences,
what the family and the professionals agree to, and the signatures.

Source: 004_f815cbfe89cfcc2a.txt Stage Four, the "Pastoral Support Programme Initial Meeting"
template and the "Outcome and Support Sequence" workbook.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

import access
from cases.psp import guards as psp_guards
from cases.psp import meeting_forms as f
from cases.psp import services as svc
from cases.psp.models import PastoralSupportProgramme, PspAgreement
from cases.psp.views import psp_page, send_copy
from reviews import rules
from ui.forms import GovukForm
from ui.views import guarded, posted

Stage = PastoralSupportProgramme.Stage


@login_required
@require_http_methods(["GET", "POST"])
def psp_outcome(request: HttpRequest, psp_id: int, outcome_id: int | None = None) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    outcome = None
    if outcome_id is not None:
        outcome = psp.outcomes.filter(pk=outcome_id).first()
        if outcome is None:
            raise Http404(_("No such outcome."))
    form = f.OutcomeForm(posted(request), instance=outcome)
    if form.is_valid():
        result = guarded(
            form,
            lambda: svc.outcome_save(
                psp=psp, outcome=outcome, changes=form.field_values(), by=request.user
            ),
        )
        if result:
            saved = result.value
            unchecked = psp_guards.outcome_problems(saved)
            if unchecked:
                messages.warning(
                    request,
                    _("Outcome %(n)s saved. Before the PSP is signed: %(todo)s")
                    % {"n": saved.number, "todo": " ".join(unchecked)},
                )
            else:
                messages.success(request, _("Outcome %(n)s saved.") % {"n": saved.number})
            return redirect(f"{psp.get_absolute_url()}#outcomes")
    title = _("Outcome %(n)s") % {"n": outcome.number} if outcome else _("Write an outcome")
    return psp_page(
        request,
        psp,
        form,
        title,
        _(
            "Use the Outcome Sequence to write a personal, specific and measurable outcome, "
            "then the Support Sequence to explore how to achieve it, using all available "
            "resources. Do it with the child and their family."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_outcome_remove(request: HttpRequest, psp_id: int, outcome_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    outcome = psp.outcomes.filter(pk=outcome_id).first()
    if outcome is None:
        raise Http404(_("No such outcome."))
    form = GovukForm(posted(request), submit_label=_("Remove the outcome"))
    if form.is_valid() and guarded(
        form, lambda: svc.outcome_remove(outcome=outcome, by=request.user)
    ):
        messages.success(request, _("Outcome removed."))
        return redirect(f"{psp.get_absolute_url()}#outcomes")
    return psp_page(
        request,
        psp,
        form,
        _("Remove outcome %(n)s?") % {"n": outcome.number},
        outcome.outcome,
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_agreement_add(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    party = request.GET.get("party")
    form = f.AgreementForm(
        posted(request),
        initial={"party": party} if party in PspAgreement.Party.values else None,
    )
    if form.is_valid() and guarded(
        form, lambda: svc.agreement_add(psp=psp, **form.field_values(), by=request.user)
    ):
        messages.success(request, _("Agreement saved."))
        return redirect(f"{psp.get_absolute_url()}#agreements")
    return psp_page(
        request,
        psp,
        form,
        _("Add what someone agrees to"),
        _(
            "Outcomes are driven by actions for everyone involved: the family (each parent or "
            "carer by name) and the other professionals (name and agency)."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_agreement_remove(request: HttpRequest, psp_id: int, agreement_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    agreement = psp.agreements.filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404(_("No such agreement."))
    form = GovukForm(posted(request), submit_label=_("Remove it"))
    if form.is_valid() and guarded(
        form, lambda: svc.agreement_remove(agreement=agreement, by=request.user)
    ):
        messages.success(request, _("Agreement removed."))
        return redirect(f"{psp.get_absolute_url()}#agreements")
    return psp_page(
        request,
        psp,
        form,
        _("Remove what %(name)s agrees to?") % {"name": agreement.name},
        agreement.agrees_to,
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_sign(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    la = psp.school.local_authority
    parents = list(psp.agreements.filter(party=PspAgreement.Party.PARENT))
    initial = {
        "signed_school_by": psp.school_lead.full_name,
        "signed_parent_name": parents[0].name if parents else "",
        "first_review_on": rules.psp_first_review_default(
            psp.meeting_on, weeks=la.psp_first_review_weeks
        )
        if psp.meeting_on
        else None,
    }
    form = f.SignForm(posted(request), psp=psp, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        result = guarded(
            form,
            lambda: svc.psp_sign(
                psp=psp,
                signed_child_on=data["signed_child_on"],
                signed_school_by=data["signed_school_by"],
                signed_school_on=data["signed_school_on"],
                signed_parent_name=data["signed_parent_name"],
                signed_parent_on=data["signed_parent_on"],
                first_review_on=data["first_review_on"],
                by=request.user,
                today=timezone.localdate(),
            ),
        )
        if result:
            messages.success(request, _("The PSP is signed: stage 5, review and monitoring."))
            send_copy(request, result.value)
            return redirect(result.value)
    missing = psp_guards.missing_to_sign(psp) if psp.stage == Stage.MEETING else []
    return psp_page(
        request,
        psp,
        form,
        _("Sign the PSP"),
        _(
            "The child, the school and the parent or carer sign the PSP, at the end of the "
            "meeting where possible. Waymark then emails a copy to %(la)s (%(email)s)."
        )
        % {"la": la.name, "email": la.psp_email or _("no address set yet")},
        missing=missing,
    )
