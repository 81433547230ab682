"""Setting up a reduced timetable: the plan, the timetable itself and the reintegration plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import access
from cases.guards import GuardError
from cases.reduced_timetables import forms as f
from cases.reduced_timetables import services as svc
from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.models import RttTimetableEntry as Entry
from cases.reduced_timetables.views.common import question_page
from ui.views import form_page, guarded, posted


def _initial_layout(pupil) -> str:
    """Primary for a pupil up to Year 6, else secondary (the layouts of 004's two examples)."""
    try:
        year = pupil.year_group(timezone.localdate())
    except ValueError:
        return ReducedTimetable.Layout.SECONDARY
    return ReducedTimetable.Layout.PRIMARY if year <= 6 else ReducedTimetable.Layout.SECONDARY


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    membership = request.membership
    pupil = access.get_pupil_for_user(membership, pupil_id)
    if not access.can_start_reduced_timetable(membership, pupil):
        raise PermissionDenied(
            _("Only the pupil's head or case lead can set up a reduced timetable.")
        )
    psps = access.psps_for_reduced_timetable(membership, pupil)
    chosen = (
        psps.filter(pk=request.GET.get("psp")).first()
        if request.GET.get("psp", "").isdigit()
        else None
    )
    la = pupil.school.local_authority
    form = f.PlanForm(
        posted(request),
        psps=psps,
        local_authority=la,
        initial={"psp": chosen or psps.first(), "layout": _initial_layout(pupil)},
        submit_label=_("Set up the reduced timetable"),
    )
    if form.is_valid() and (
        made := guarded(
            form,
            lambda: svc.reduced_timetable_create(
                pupil=pupil, case_lead=request.user, details=form.cleaned_data
            ),
        )
    ):
        messages.success(
            request, _("Reduced timetable set up. Now fill in the timetable and the checklist.")
        )
        return redirect(made.value)
    return form_page(
        request,
        form,
        title=_("Set up a reduced timetable"),
        pupil=pupil,
        intro=_(
            "Only in exceptional circumstances, for a short agreed period, with the parents, "
            "the school, key professionals and the LA (004)."
        )
        if la.rtt_protocol.local_checklist
        else _(
            "Only in exceptional circumstances, for the shortest time necessary, agreed with "
            "the parents and reviewed regularly with them and the pupil (DfE, Working together "
            "to improve school attendance)."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_plan(request: HttpRequest, timetable_id: int) -> HttpResponse:
    membership = request.membership
    timetable = access.get_reduced_timetable_for_user(membership, timetable_id, write=True)
    psps = access.psps_for_reduced_timetable(membership, timetable.pupil, keep=timetable.psp_id)
    form = f.PlanForm(posted(request), instance=timetable, psps=psps)
    if form.is_valid() and guarded(
        form,
        lambda: svc.reduced_timetable_update(
            timetable=timetable, changes=form.cleaned_data, by=request.user
        ),
    ):
        messages.success(request, _("Reduced timetable saved."))
        return redirect(timetable)
    return question_page(request, timetable, form, _("Change the reduced timetable"))


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_lac_authorisation(request: HttpRequest, timetable_id: int) -> HttpResponse:
    """A looked-after pupil's reduced timetable: who authorised it (004 Appendix 1)."""
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.LacAuthorisationForm(posted(request), instance=timetable)
    if form.is_valid() and guarded(
        form,
        lambda: svc.lac_authorisation_record(
            timetable=timetable,
            authority=form.cleaned_data["lac_authority"],
            name=form.cleaned_data["lac_authorised_by"],
            on=form.cleaned_data["lac_authorised_on"],
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("Saved who authorised the reduced timetable."))
        return redirect(f"{timetable.get_absolute_url()}#details")
    return question_page(
        request,
        timetable,
        form,
        _("Who authorised the reduced timetable for the looked-after pupil"),
        _(
            "If the pupil is looked after and the foster carer does not have delegated "
            "authority, the looked-after social worker authorises it (004, Appendix 1). It "
            "cannot start until this is recorded."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_timetable(request: HttpRequest, timetable_id: int, week: int) -> HttpResponse:
    """The timetable itself: a primary week, or one week of a secondary cycle."""
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    primary = timetable.layout == ReducedTimetable.Layout.PRIMARY
    if week not in range(1, (1 if primary else timetable.timetable_weeks) + 1):
        raise Http404(_("This timetable has no such week."))
    entries = list(timetable.entries.filter(week=week))
    form_class = f.PrimaryTimetableForm if primary else f.SecondaryTimetableForm
    form = form_class(posted(request), entries=entries)
    if form.is_valid() and guarded(
        form,
        lambda: svc.timetable_save(
            timetable=timetable, week=week, cells=form.cells(), by=request.user
        ),
    ):
        messages.success(request, _("Timetable saved."))
        return redirect(f"{timetable.get_absolute_url()}#timetable")
    title = (
        _("Primary timetable")
        if primary
        else _("Secondary timetable: week %(week)s") % {"week": week}
    )
    return question_page(
        request,
        timetable,
        form,
        title,
        _(
            "Write the activity and venue of each session, for example “Maths with Mrs Evans, "
            "Room 4”. Leave empty the times the pupil is not in school."
        ),
        template="cases/reduced_timetable/timetable_form.html",
        primary=primary,
        days=list(Entry.Day),
        week=week,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_step_add(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.StepForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: svc.step_add(
            timetable=timetable,
            from_date=form.cleaned_data["from_date"],
            hours_per_week=form.cleaned_data["hours_per_week"],
            note=form.cleaned_data["note"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Planned increase added."))
        return redirect(f"{timetable.get_absolute_url()}#reintegration")
    return question_page(
        request,
        timetable,
        form,
        _("Add a planned increase of hours"),
        _("The plan back to full-time education: when the hours go up, and to how many."),
    )


@require_POST
@login_required
def reduced_timetable_step_remove(
    request: HttpRequest, timetable_id: int, step_id: int
) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    step = timetable.steps.filter(pk=step_id).first()
    if step is None:
        raise Http404(_("No such step."))
    step.timetable = timetable
    try:
        svc.step_remove(step=step, by=request.user)
    except GuardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Planned increase removed."))
    return redirect(f"{timetable.get_absolute_url()}#reintegration")
