"""The steps of a Back-on-Track off-siting's lifecycle, one page each: the Head of Service's
decisions, the start, the week-one decision, the return, the close and cancelling.

Source: 000_6280d14dcdeb4d53.txt "Use of off-siting", "Use of human resources" and
"Back-On-Track Programme". Each step's service is in cases.offsiting.services.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

import access
from cases.offsiting import forms as f
from cases.offsiting import services as svc
from cases.offsiting.models import OffSiting
from cases.offsiting.views import offsiting_page
from ui.views import guarded, posted


@dataclass(frozen=True)
class Step:
    """One step's page: its title, its form, the service it runs with the form's cleaned values,
    who may take it (a function of the access policy), the words around it."""

    title: Any
    form: type
    run: Callable[..., Any]  # (offsiting, valid form, request) -> the service's result
    may: Callable[..., bool]  # (membership, offsiting)
    intro: Any = ""  # text, or (offsiting) -> text
    form_kwargs: Callable[..., dict] | None = None  # (offsiting) -> the form's own arguments
    done: Any = gettext_lazy("Saved.")


STEPS = {
    "approval": Step(
        gettext_lazy("Decide on the respite off-siting"),
        f.ApprovalDecisionForm,
        lambda o, form, r: svc.offsiting_decide_approval(
            offsiting=o,
            agreed=form.cleaned_data["agreed"],
            notes=form.cleaned_data["notes"],
            by=r.user,
            today=timezone.localdate(),
            days=form.cleaned_data["days"],
        ),
        access.can_decide_offsiting,
        lambda o: (
            _(
                "Respite of more than %(limit)s days needs your agreement (000). This plan is "
                "%(days)s school days at %(centre)s."
            )
            % {
                "limit": o.home_centre.local_authority.respite_days_without_approval,
                "days": o.school_days,
                "centre": o.receiving_centre.name,
            }
        ),
        done=gettext_lazy("Decision recorded. The home centre has been told."),
    ),
    "ta-request": Step(
        gettext_lazy("Ask for a funded 1:1 TA"),
        f.TaRequestForm,
        lambda o, form, r: svc.offsiting_request_ta(
            offsiting=o, reason=form.cleaned_data["reason"], by=r.user, today=timezone.localdate()
        ),
        access.can_run_offsiting,
        gettext_lazy(
            "No member of staff goes with the pupil by default. When there is a clear need for "
            "intensive, structured intervention, the Head of Service may fund a TA to work 1:1 "
            "with the pupil."
        ),
        done=gettext_lazy("Request sent to the Head of Service."),
    ),
    "ta-decision": Step(
        gettext_lazy("Decide on the 1:1 TA"),
        f.HeadOfServiceDecisionForm,
        lambda o, form, r: svc.offsiting_decide_ta(
            offsiting=o,
            agreed=form.cleaned_data["agreed"],
            notes=form.cleaned_data["notes"],
            by=r.user,
            today=timezone.localdate(),
        ),
        access.can_decide_offsiting,
        lambda o: o.ta_request_reason,
        done=gettext_lazy("Decision recorded. The home centre has been told."),
    ),
    "start": Step(
        gettext_lazy("The pupil has started at the receiving centre"),
        f.ConfirmForm,
        lambda o, form, r: svc.offsiting_start(offsiting=o, by=r.user, today=timezone.localdate()),
        access.can_run_offsiting,
        gettext_lazy(
            "The receiving centre's staff will see the pupil's passport until the off-siting "
            "closes."
        ),
        done=gettext_lazy("The off-siting has started."),
    ),
    "week-one": Step(
        gettext_lazy("Decision at the end of week one"),
        f.WeekOneForm,
        lambda o, form, r: svc.offsiting_week_one(
            offsiting=o,
            further_week=form.cleaned_data["decision"] == OffSiting.WeekOne.FURTHER_WEEK,
            on=form.cleaned_data["on"],
            notes=form.cleaned_data["notes"],
            by=r.user,
        ),
        access.can_work_on_offsiting,
        gettext_lazy(
            "The receiving centre decides whether the pupil is able to return to the home "
            "centre or whether a further week is required."
        ),
    ),
    "end": Step(
        gettext_lazy("The pupil has returned to the home centre"),
        f.DateForm,
        lambda o, form, r: svc.offsiting_end(offsiting=o, on=form.cleaned_data["on"], by=r.user),
        access.can_run_offsiting,
        gettext_lazy("The formal restorative meeting is then due on the pupil's return."),
        form_kwargs=lambda o: {"label": _("Last day at the receiving centre")},
        done=gettext_lazy("Return recorded. Now hold the restorative meeting."),
    ),
    "close": Step(
        gettext_lazy("Close the off-siting"),
        f.ConfirmForm,
        lambda o, form, r: svc.offsiting_close(offsiting=o, by=r.user, today=timezone.localdate()),
        access.can_run_offsiting,
        gettext_lazy("The receiving centre will no longer see the pupil."),
        done=gettext_lazy("The off-siting is closed."),
    ),
    "cancel": Step(
        gettext_lazy("Cancel the off-siting"),
        f.ReasonForm,
        lambda o, form, r: svc.offsiting_cancel(
            offsiting=o, reason=form.cleaned_data["reason"], by=r.user
        ),
        access.can_run_offsiting,
        done=gettext_lazy("The off-siting is cancelled."),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_step(request: HttpRequest, offsiting_id: int, step: str) -> HttpResponse:
    spec = STEPS.get(step)
    if spec is None:
        raise Http404(_("No such step."))
    o = access.get_offsiting_for_user(request.membership, offsiting_id)
    if not spec.may(request.membership, o):
        raise PermissionDenied(_("Your role cannot do this step."))
    kwargs = spec.form_kwargs(o) if spec.form_kwargs else {}
    form = spec.form(posted(request), **kwargs)
    if form.is_valid() and guarded(form, lambda: spec.run(o, form, request)):
        messages.success(request, str(spec.done))
        return redirect(o)
    intro = spec.intro(o) if callable(spec.intro) else spec.intro
    return offsiting_page(request, o, form, spec.title, intro)
