"""Alternative provision placement pages, and the placement card on the pupil page. Thin: the
access policy, a form, a service, a redirect.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision".
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

import access
from cases.placements import forms as f
from cases.placements import services as svc
from cases.placements.selectors import week_rows
from reviews import rules
from reviews.models import Deadline
from ui.views import guarded, posted


def pupil_card(membership, pupil):
    """The pupil page's "Alternative provision" card: one query for the placements."""
    placements = list(
        access.placements_visible_to(membership)
        .filter(pupil=pupil)
        .select_related("provider")
        .order_by("-start")
    )
    starts = access.can_start_placement(membership, pupil)
    if not placements and not starts:
        return None
    return (
        "cases/placements/_card.html",
        {
            "pupil": pupil,
            "placements": placements,
            "can_start": starts,
            "today": timezone.localdate(),
        },
    )


def _page(request, pupil, form, title, intro="", back=None):
    """A question page of a placement: back to it (or the pupil), the pupil in the caption."""
    return render(
        request,
        "cases/placements/form.html",
        {"pupil": pupil, "form": form, "title": title, "intro": intro, "back": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.get_pupil_for_user(request.membership, pupil_id)
    if not access.can_start_placement(request.membership, pupil):
        raise PermissionDenied(
            _("Only the pupil's head, case lead, DSL or SENCo can place them with a provider.")
        )
    form = f.PlacementForm(
        posted(request),
        pupil=pupil,
        initial={"monitoring_staff": request.user.pk},
        submit_label=_("Place the pupil"),
    )
    if form.is_valid() and (
        made := guarded(
            form,
            lambda: svc.placement_create(pupil=pupil, details=form.cleaned_data, by=request.user),
        )
    ):
        messages.success(request, _("Placement recorded."))
        return redirect(made.value)
    return _page(
        request,
        pupil,
        form,
        _("Place the pupil with an alternative provider"),
        _(
            "Your school stays responsible for the pupil at all times. The provider's "
            "safeguarding declaration must be current on the first day (004)."
        ),
    )


@require_GET
@login_required
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    membership = request.membership
    placement = access.get_placement_for_user(membership, placement_id)
    today = timezone.localdate()
    provider = placement.provider
    latest = provider.declarations.order_by("-signed_on", "-pk").first()
    attendance = list(placement.attendance.all())
    times = placement.times()
    return render(
        request,
        "cases/placements/detail.html",
        {
            "placement": placement,
            "pupil": placement.pupil,
            "provider": provider,
            "latest": latest,
            "declaration_status": rules.declaration_status(
                latest.signed_on if latest else None, latest.expires_on if latest else None, today
            ),
            "days": placement.day_rows(),
            "hours": rules.weekly_hours(times.values()) if times else None,
            "attendance": attendance[-15:][::-1],
            "rate": rules.attendance_rate(a.code for a in attendance),
            "deadlines": placement.deadlines.exclude(
                kind=Deadline.Kind.AP_ATTENDANCE, state=Deadline.State.ON_TIME
            ).select_related("responsible", "owner_school", "owner_la"),
            "runs": access.can_run_placement(membership, placement),
            "records": access.can_record_ap_attendance(membership, placement),
            "is_open": placement.ended_on is None,
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = access.get_placement_for_user(request.membership, placement_id, write=True)
    form = f.PlacementForm(posted(request), instance=placement, pupil=placement.pupil)
    if form.is_valid() and guarded(
        form,
        lambda: svc.placement_update(
            placement=placement, changes=form.cleaned_data, by=request.user
        ),
    ):
        messages.success(request, _("Placement saved."))
        return redirect(placement)
    return _page(
        request, placement.pupil, form, _("Change the placement"), back=placement.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_end(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = access.get_placement_for_user(request.membership, placement_id, write=True)
    form = f.EndPlacementForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: svc.placement_end(
            placement=placement,
            ended_on=form.cleaned_data["ended_on"],
            outcome=form.cleaned_data["outcome"],
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("The end of the placement is recorded."))
        return redirect(placement)
    return _page(
        request,
        placement.pupil,
        form,
        _("Record the end of the placement"),
        _("Record what happens next, such as reintegration into mainstream education (004)."),
        back=placement.get_absolute_url(),
    )


def _week(request: HttpRequest, placement, today: datetime.date) -> datetime.date:
    """The Monday of the week asked for (?week=YYYY-MM-DD), else of the latest week so far;
    always a week of the placement (a day before its start or after its last day, or a date
    out of range, shows the nearest week of it)."""
    first, last = placement.start, max(placement.start, min(today, placement.last_day))
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = last
    return rules.week_monday(min(max(day, first), last))


@login_required
@require_http_methods(["GET", "POST"])
def placement_attendance(request: HttpRequest, placement_id: int) -> HttpResponse:
    """A week's attendance at the provider, as the provider reports it: B when the pupil
    attended (004), a DfE absence code when not."""
    membership = request.membership
    placement = access.get_placement_for_user(membership, placement_id)
    records = access.can_record_ap_attendance(membership, placement)
    if request.method == "POST" and not records:
        raise PermissionDenied(_("Only staff of the base school record this attendance."))
    today = timezone.localdate()
    monday = _week(request, placement, today)
    rows = week_rows(placement, monday, today)
    form = f.ApAttendanceWeekForm(posted(request), rows=rows)
    if form.is_valid() and guarded(
        form,
        lambda: svc.ap_attendance_record(
            placement=placement, marks=form.marks(), by=request.user, today=today
        ),
    ):
        messages.success(request, _("Attendance saved."))
        return redirect(f"{request.path}?week={monday.isoformat()}")
    week = datetime.timedelta(weeks=1)
    # Within the placement's weeks (so never beyond the calendar's first or last date).
    latest = rules.week_monday(max(placement.start, min(today, placement.last_day)))
    return render(
        request,
        "cases/placements/attendance.html",
        {
            "placement": placement,
            "pupil": placement.pupil,
            "form": form,
            "records": records,
            "monday": monday,
            "friday": monday + datetime.timedelta(days=4),
            "previous": (monday - week) if monday > rules.week_monday(placement.start) else None,
            "next": (monday + week) if monday < latest else None,
            "recordable": any(not row["blocked"] for row in rows),
            "law": placement.school.local_authority.law,
        },
    )
