"""Off-site direction pages. Thin: the access policy, a form, a service, a redirect."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

import access
from cases.directions import forms as f
from cases.directions import guards
from cases.directions import services as svc
from cases.directions.models import Direction
from reviews.models import Deadline, Meeting
from reviews.services.deadlines import deadline_waive as waive
from ui.formats import long_date
from ui.views import changed, form_page, guarded, posted

State = Direction.State


@dataclass(frozen=True)
class Step:
    """One transition of the lifecycle as a page: its form, its service and who may do it."""

    title: Any
    form: type
    run: Any  # (direction, form.cleaned_data, request) -> None
    intro: Any = ""  # text, or (direction) -> text when it quotes the LA's policy values
    form_kwargs: Any = None  # (direction) -> dict
    may: Any = access.can_run_direction


STEPS = {
    "consulted": Step(
        gettext_lazy("Consultations are complete"),
        f.ConfirmForm,
        lambda d, data, r: svc.direction_mark_consulted(direction=d, by=r.user),
        gettext_lazy(
            "Confirm everyone who must be consulted has been. Waymark checks the "
            "rules for this pupil and your LA."
        ),
    ),
    "approach-host": Step(
        gettext_lazy("Approach a host school"),
        f.ApproachHostForm,
        lambda d, data, r: svc.direction_approach_host(
            direction=d, host=data["host"], on=data["on"], by=r.user
        ),
        gettext_lazy(
            "The home school asks the proposed host to take the pupil, setting out why "
            "this might work (003)."
        ),
        form_kwargs=lambda d: {"direction": d},
    ),
    "host-answer": Step(
        gettext_lazy("Record the host school's answer"),
        f.HostAnswerForm,
        lambda d, data, r: svc.direction_host_answers(
            direction=d, accepted=data["accepted"], on=data["on"], by=r.user
        ),
        gettext_lazy("Once the host agrees, its staff see this case until it ends."),
    ),
    "decide": Step(
        gettext_lazy("Record the decision"),
        f.DecisionForm,
        lambda d, data, r: svc.direction_decide(
            direction=d,
            decided_by=r.user,
            decided_on=data["decided_on"],
            delegation=data["delegation"],
            delegation_details=data["delegation_details"],
            today=timezone.localdate(),
        ),
        gettext_lazy(
            "Only the governing board or trust, or a committee or person it has "
            "delegated to, can direct a pupil off-site (003)."
        ),
        may=access.can_decide_direction,
    ),
    "notice": Step(
        gettext_lazy("Record the written notice to parents"),
        f.DateForm,
        lambda d, data, r: svc.direction_record_notice(direction=d, sent_on=data["on"], by=r.user),
        lambda d: (
            _(
                "The notice (the direction letter) must reach the parents not later than "
                "%(days)s school days before the first day."
            )
            % {"days": d.home_school.local_authority.direction_notice_school_days}
        ),
        form_kwargs=lambda d: {"label": _("Date the written notice was sent")},
    ),
    "start": Step(
        gettext_lazy("The pupil has started at the host"),
        f.ConfirmForm,
        lambda d, data, r: svc.direction_start(direction=d, by=r.user, today=timezone.localdate()),
    ),
    "host-ends": Step(
        gettext_lazy("The host has ended the arrangement"),
        f.DateForm,
        lambda d, data, r: svc.direction_host_ends(direction=d, on=data["on"], by=r.user),
        gettext_lazy(
            "The pupil returns to the home school. If possible this should follow a review (003)."
        ),
        form_kwargs=lambda d: {"label": _("Date it ended")},
    ),
    "schedule-review": Step(
        gettext_lazy("Add a review to the diary"),
        f.ScheduleReviewForm,
        lambda d, data, r: svc.meeting_schedule(
            direction=d,
            kind=Meeting.Kind.REVIEW,
            date=data["date"],
            time=data["time"],
            place=data["place"],
            shorter_notice_agreed_on=data["shorter_notice_agreed_on"],
            by=r.user,
        ),
        lambda d: (
            _("Parents must be invited in writing not later than %(days)s days before.")
            % {"days": d.home_school.local_authority.review_invitation_days}
        ),
    ),
    "review-request": Step(
        gettext_lazy("Record a written request for a review"),
        f.ReviewRequestForm,
        lambda d, data, r: svc.direction_record_review_request(
            direction=d,
            requested_by=data["requested_by"],
            received_on=data["received_on"],
            notes=data["notes"],
            by=r.user,
        ),
        gettext_lazy(
            "Parents (or the LA that maintains the pupil's EHCP) may ask in writing. "
            "It must be met as soon as practicable unless there was a review within "
            "your LA's window (002)."
        ),
    ),
}


def direction_form_page(request, direction, form, title, intro="") -> HttpResponse:
    """The standard form page of one step of the direction, which links back to it."""
    return form_page(
        request, form, title=title, intro=intro, direction=direction, pupil=direction.pupil
    )


@login_required
@require_http_methods(["GET", "POST"])
def direction_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.get_pupil_for_user(request.membership, pupil_id)
    if not access.can_start_direction(request.membership, pupil):
        raise PermissionDenied(_("Only the pupil's head or case lead can propose a direction."))
    form = f.DirectionPlanForm(posted(request), submit_label=_("Propose the direction"))
    if form.is_valid() and (
        proposed := guarded(
            form,
            lambda: svc.direction_propose(
                pupil=pupil, case_lead=request.user, plan=form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Off-site direction proposed."))
        return redirect(proposed.value)
    return form_page(
        request,
        form,
        title=_("Propose an off-site direction"),
        intro=_("Set out why, what for and for how long. Nothing is decided yet."),
        pupil=pupil,
    )


@require_GET
@login_required
def direction_detail(request: HttpRequest, direction_id: int) -> HttpResponse:
    membership = request.membership
    direction = access.get_direction_for_user(membership, direction_id)
    runs = access.can_run_direction(membership, direction)
    meetings = list(direction.meetings.all())
    return render(
        request,
        "cases/direction_detail.html",
        {
            "direction": direction,
            "pupil": direction.pupil,
            "runs": runs,
            "decides": access.can_decide_direction(membership, direction),
            "missing": guards.missing_consultations(direction)
            if direction.state in (State.PROPOSED, State.CONSULTED, State.HOST_AGREED)
            else [],
            "consultations": direction.consultations.all(),
            "meetings": meetings,
            # A day of the host's register kept on time is not worth a row; others are.
            "deadlines": direction.deadlines.exclude(
                kind=Deadline.Kind.HOST_ATTENDANCE, state=Deadline.State.ON_TIME
            ).select_related("responsible", "owner_school", "owner_la"),
            # After a managed move the old school sees its case but no longer the pupil.
            "sees_pupil": access.pupils_visible_to(membership)
            .filter(pk=direction.pupil_id)
            .exists(),
            "requests": direction.review_requests.all(),
            "scheduled": next((m for m in meetings if not m.held), None),
            "initial_meeting": next(
                (m for m in meetings if m.kind == Meeting.Kind.INITIAL and m.held), None
            ),
            "started": direction.planned_start is not None
            and direction.planned_start <= timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def direction_plan(request: HttpRequest, direction_id: int) -> HttpResponse:
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    form = f.DirectionPlanForm(posted(request), instance=direction)
    if form.is_valid() and guarded(
        form,
        lambda: svc.direction_update_plan(
            direction=direction, changes=changed(form), by=request.user
        ),
    ):
        messages.success(request, _("Plan saved."))
        return redirect(direction)
    return direction_form_page(request, direction, form, _("Change the plan"))


@login_required
@require_http_methods(["GET", "POST"])
def direction_consultation(request: HttpRequest, direction_id: int) -> HttpResponse:
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    form = f.ConsultationForm(
        posted(request), local_authority=direction.home_school.local_authority
    )
    if form.is_valid() and guarded(
        form,
        lambda: svc.direction_record_consultation(
            direction=direction, **form.cleaned_data, by=request.user
        ),
    ):
        messages.success(request, _("Consultation recorded."))
        return redirect(direction)
    return direction_form_page(request, direction, form, _("Record a consultation"))


@login_required
@require_http_methods(["GET", "POST"])
def direction_step(request: HttpRequest, direction_id: int, step: str) -> HttpResponse:
    spec = STEPS.get(step)
    if spec is None:
        raise Http404(_("No such step."))
    direction = access.get_direction_for_user(request.membership, direction_id)
    if not spec.may(request.membership, direction):
        raise PermissionDenied(_("Your role cannot do this step."))
    kwargs = spec.form_kwargs(direction) if spec.form_kwargs else {}
    form = spec.form(posted(request), **kwargs)
    if form.is_valid() and guarded(form, lambda: spec.run(direction, form.cleaned_data, request)):
        messages.success(
            request,
            _("Saved. The direction is now “%(state)s”.")
            % {"state": direction.get_state_display()},
        )
        return redirect(direction)
    intro = spec.intro(direction) if callable(spec.intro) else spec.intro
    return direction_form_page(request, direction, form, spec.title, intro)


@login_required
@require_http_methods(["GET", "POST"])
def direction_meeting(request: HttpRequest, direction_id: int, kind: str) -> HttpResponse:
    """Record the initial meeting (template 3), or a review or emergency review (template 4)."""
    if kind not in Meeting.Kind.values:
        raise Http404(_("No such meeting."))
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    scheduled = None
    if kind in (Meeting.Kind.REVIEW, Meeting.Kind.EMERGENCY):
        # The review in the diary (an emergency review after a host suspension) is recorded,
        # not a second meeting beside it.
        scheduled = direction.meetings.filter(held=False, kind=kind).order_by("date").first()
    form = f.MeetingForm(
        posted(request),
        instance=scheduled,
        kind=kind,
        direction=direction,
        submit_label=_("Save the record of the meeting"),
    )
    if form.is_valid() and (
        recorded := guarded(
            form,
            lambda: svc.direction_record_meeting(
                direction=direction,
                kind=kind,
                changes={
                    k: v for k, v in form.cleaned_data.items() if k != "review_interval_weeks"
                },
                scheduled=scheduled,
                review_interval_weeks=form.cleaned_data.get("review_interval_weeks"),
                by=request.user,
            ),
        )
    ):
        if recorded.value.outcome == Meeting.Outcome.MANAGED_MOVE:
            # 003: the move's start date, funding, transport and agreements come next.
            messages.success(request, _("Review recorded. Now record the managed move."))
            return redirect("managed-move", direction.pk)
        messages.success(request, _("Meeting recorded."))
        return redirect(direction)
    return direction_form_page(request, direction, form, Meeting.Kind(kind).label)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_when(request: HttpRequest, direction_id: int, meeting_id: int) -> HttpResponse:
    """The time and place of a meeting in the diary: the invitation must give both."""
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    meeting = direction.meetings.filter(pk=meeting_id, held=False).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    form = f.MeetingWhenForm(
        posted(request), initial={"time": meeting.time, "place": meeting.place}
    )
    if form.is_valid() and guarded(
        form,
        lambda: svc.meeting_set_when(
            meeting=meeting,
            time=form.cleaned_data["time"],
            place=form.cleaned_data["place"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Time and place saved."))
        return redirect(f"{direction.get_absolute_url()}#letters")
    return direction_form_page(
        request, direction, form, _("Time and place of the %(meeting)s") % {"meeting": meeting}
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_invitation(request: HttpRequest, direction_id: int, meeting_id: int) -> HttpResponse:
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    meeting = direction.meetings.filter(pk=meeting_id, held=False).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    form = f.InvitationForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: svc.meeting_record_invitation(
            meeting=meeting,
            invited_on=form.cleaned_data["on"],
            shorter_notice_agreed_on=form.cleaned_data["shorter_notice_agreed_on"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Invitation recorded."))
        return redirect(direction)
    return direction_form_page(
        request,
        direction,
        form,
        _("Record the invitation to the review on %(day)s") % {"day": long_date(meeting.date)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def deadline_waive(request: HttpRequest, direction_id: int, deadline_id: int) -> HttpResponse:
    """Set a deadline aside with a reason; it stays waived when the case is recomputed."""
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    deadline = direction.deadlines.filter(pk=deadline_id, state__in=Deadline.PENDING_STATES).first()
    if deadline is None:
        raise Http404(_("No such open deadline."))
    form = f.WaiveDeadlineForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: waive(deadline=deadline, reason=form.cleaned_data["reason"], by=request.user),
    ):
        messages.success(request, _("Deadline waived."))
        return redirect(direction)
    return direction_form_page(
        request,
        direction,
        form,
        _("Waive “%(what)s”, due %(day)s")
        % {"what": deadline.what, "day": long_date(deadline.due)},
        _("Only waive a deadline when it no longer applies. Waymark keeps the reason."),
    )
