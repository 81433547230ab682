"""Running a reduced timetable: progress, the DSL's risks of significant harm, the Director's
decision on running beyond the limit (authorised or declined), and the end."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

import access
from cases.reduced_timetables import forms as f
from cases.reduced_timetables import services as svc
from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.protocols import protocol_of
from cases.reduced_timetables.selectors import must_end_by
from cases.reduced_timetables.views.common import question_page
from ui.formats import long_date
from ui.views import guarded, posted


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_progress(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.ProgressForm(posted(request), instance=timetable)
    if form.is_valid() and guarded(
        form,
        lambda: svc.progress_record(
            timetable=timetable,
            progress=form.cleaned_data["progress"],
            progress_notes=form.cleaned_data["progress_notes"],
            non_attendance=form.cleaned_data["non_attendance"],
            parent_dissatisfied=form.cleaned_data["parent_dissatisfied"],
            professional_concerns=form.cleaned_data["professional_concerns"],
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("Progress recorded."))
        return redirect(timetable)
    return question_page(
        request,
        timetable,
        form,
        _("Record progress"),
        _("The LA audits every reduced timetable against these (Appendix 2).")
        if protocol_of(timetable).audit_matrix
        else _(
            "Record each regular review with the pupil and their parents: the DfE expects a "
            "reduced timetable to be reviewed regularly."
        ),
    )


def _director_step(timetable: ReducedTimetable) -> None:
    """The Director's pages exist only under the 004 protocol (guards.ensure_director_step
    refuses the change itself)."""
    if not protocol_of(timetable).director_authorisation:
        raise Http404(_("Your LA has no Director's authorisation of reduced timetables."))


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_harm_risks(request: HttpRequest, timetable_id: int) -> HttpResponse:
    membership = request.membership
    timetable = access.get_reduced_timetable_for_user(membership, timetable_id)
    if not access.can_record_rtt_harm_risks(membership, timetable):
        raise PermissionDenied(_("Only the school's DSL records this."))
    form = f.HarmRisksForm(posted(request), initial={"risks": timetable.harm_risks})
    if form.is_valid() and guarded(
        form,
        lambda: svc.harm_risks_record(
            timetable=timetable, risks=form.cleaned_data["risks"], by=request.user
        ),
    ):
        messages.success(request, _("Saved."))
        return redirect(timetable)
    return question_page(
        request,
        timetable,
        form,
        _("Risks of significant harm"),
        _(
            "If the pupil would be exposed to significant risk when not in school, a reduced "
            "timetable should not be considered (004)."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_request_authorisation(
    request: HttpRequest, timetable_id: int
) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    _director_step(timetable)
    form = f.AuthorisationRequestForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: svc.authorisation_request(
            timetable=timetable,
            reason=form.cleaned_data["reason"],
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("Request sent to the LA for the Director's authorisation."))
        return redirect(timetable)
    return question_page(
        request,
        timetable,
        form,
        _("Ask for the Director's authorisation"),
        _(
            "Beyond %(weeks)s weeks a reduced timetable needs the authorisation of the "
            "Director, through the LA (004). Change the provisional end date first."
        )
        % {"weeks": timetable.school.local_authority.reduced_timetable_max_weeks},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_authorise(request: HttpRequest, timetable_id: int) -> HttpResponse:
    """The Director's decision: authorise it past the limit until a date, or decline."""
    membership = request.membership
    timetable = access.get_reduced_timetable_for_user(membership, timetable_id)
    if not access.can_authorise_reduced_timetable(membership, timetable):
        raise PermissionDenied(_("Only the Director of Education decides this."))
    _director_step(timetable)
    last_day = must_end_by(timetable)
    form = f.DecisionForm(
        posted(request),
        must_end_by=last_day,
        initial={"until": timetable.authorised_until or timetable.provisional_end},
    )
    if form.is_valid() and guarded(form, lambda: _decide(form, timetable, request.user)):
        declined = form.cleaned_data["decision"] == ReducedTimetable.Decision.DECLINED
        messages.success(
            request,
            (
                _("Declined for %(pupil)s: it must end by %(day)s. The school is told.")
                if declined
                else _("Authorisation recorded for %(pupil)s.")
            )
            % {"pupil": timetable.pupil.full_name, "day": long_date(last_day)},
        )
        return redirect("la-reduced-timetables")
    intro = _("It runs from %(start)s, provisionally until %(end)s.") % {
        "start": long_date(timetable.start),
        "end": long_date(timetable.provisional_end),
    }
    if timetable.authorisation_request:
        intro += " " + _("The school says: “%(reason)s”") % {
            "reason": timetable.authorisation_request
        }
    title = _("Authorise beyond %(weeks)s weeks, or decline") % {
        "weeks": timetable.school.local_authority.reduced_timetable_max_weeks
    }
    return question_page(request, timetable, form, title, intro)


def _decide(form, timetable, by) -> None:
    today = timezone.localdate()
    if form.cleaned_data["decision"] == ReducedTimetable.Decision.DECLINED:
        svc.authorisation_decline(
            timetable=timetable, reason=form.cleaned_data["reason"], by=by, today=today
        )
    else:
        svc.authorise(
            timetable=timetable,
            until=form.cleaned_data["until"],
            note=form.cleaned_data["reason"],
            by=by,
            today=today,
        )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_end(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.EndForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: svc.reduced_timetable_end(
            timetable=timetable,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("The reduced timetable has ended."))
        return redirect(timetable)
    return question_page(request, timetable, form, _("End the reduced timetable"))
