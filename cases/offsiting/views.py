"""Back-on-Track off-siting pages. Thin: the access policy, a form, a service, a redirect.

Source: 000_6280d14dcdeb4d53.txt. Who may do what is in access/__init__.py (Back-on-Track).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access
from access import may_read
from cases.guards import GuardError
from cases.models import OffSiting, OffSitingMeeting
from cases.offsiting import documents as docs
from cases.offsiting import forms as f
from cases.offsiting import services as svc
from documents.outbox import emails_with_status, letter_recipients, letters_about
from documents.rendering import DocumentRenderError, one_line
from safeguarding.models import SharedItem
from safeguarding.services import record_safeguarding_read
from tenancy.models import Role
from ui.views import guarded

State = OffSiting.State


def _page(request, offsiting, form, title, intro=""):
    return render(
        request,
        "cases/offsiting/form.html",
        {
            "offsiting": offsiting,
            "pupil": offsiting.pupil,
            "form": form,
            "title": title,
            "intro": intro,
        },
    )


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.get_pupil_for_user(request.membership, pupil_id)
    if not access.can_start_offsiting(request.membership, pupil):
        raise PermissionDenied(_("Only the home centre's head or case lead can plan this."))
    form = f.OffSitingPlanForm(
        _data(request), home=pupil.school, submit_label=_("Plan the off-siting")
    )
    holder = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: holder.update(o=svc.offsiting_plan(pupil=pupil, form=form, by=request.user)),
        )
    ):
        offsiting = holder["o"]
        if offsiting.awaiting_approval:
            messages.success(
                request,
                _("Off-siting planned. The Head of Service has been asked to agree it."),
            )
        else:
            messages.success(request, _("Off-siting planned."))
        return redirect(offsiting)
    return render(
        request,
        "cases/offsiting/form.html",
        {
            "pupil": pupil,
            "form": form,
            "title": _("Plan a Back-on-Track off-siting"),
            "intro": _(
                "Off-siting to another centre of %(service)s. Nothing starts until the seven "
                "items of information are available to the receiving centre."
            )
            % {"service": pupil.school.group.name if pupil.school.group_id else ""},
        },
    )


@require_GET
@login_required
def offsiting_detail(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    membership = request.membership
    o = access.get_offsiting_for_user(membership, offsiting_id)
    today = timezone.localdate()
    runs = access.can_run_offsiting(membership, o)
    sees_safeguarding = access.can_view_offsiting_safeguarding(membership, o)
    items = list(o.shared_items.select_related("recorded_by"))
    meetings = list(o.meetings.all())
    days = svc.off_site_days(o)
    weeks = svc.weeks_of(o, days)
    work = list(o.work.all())
    subjects = list(dict.fromkeys([*svc.required_subjects(o, today), *(w.subject for w in work)]))
    by_cell = {(w.subject, w.week_beginning): w for w in work}
    concerns = list(o.concerns.select_related("recorded_by")) if sees_safeguarding else []
    if sees_safeguarding and (concerns or any(i.note and i.is_safeguarding for i in items)):
        record_safeguarding_read(pupil=o.pupil, user=request.user, membership=membership)
    letters = list(letters_about(o, o.meetings.all()))
    now = timezone.now()
    context = {
        "offsiting": o,
        "pupil": o.pupil,
        "runs": runs,
        "decides": access.can_decide_offsiting(membership, o),
        "works": access.can_work_on_offsiting(membership, o),
        "receiving": access.is_receiving_offsiting(membership, o),
        "records_concern": access.can_record_offsiting_concern(membership, o),
        "sees_safeguarding": sees_safeguarding,
        "sees_pupil": access.pupils_visible_to(membership).filter(pk=o.pupil_id).exists(),
        "items": [
            {"item": i, "may_share": access.can_share_offsiting_item(membership, o, i.item)}
            for i in items
        ],
        "missing": svc.missing_items(o, items),
        "start_problems": svc.start_problems(o, today=today, items=items)
        if o.state == State.PLANNED
        else [],
        "meetings": meetings,
        "restorative": next(
            (m for m in meetings if m.kind == OffSitingMeeting.Kind.RESTORATIVE), None
        ),
        "deadlines": o.deadlines.select_related("responsible"),
        "workbook": svc.workbook(o),
        "full": svc.workbook(o) == "full",
        "topics": [
            (value, label, value in o.topics_done) for value, label in OffSiting.Topic.choices
        ],
        "weeks": weeks,
        "work_rows": [
            {"subject": s, "cells": [by_cell.get((s, w)) for w in weeks]} for s in subjects
        ],
        "concerns": concerns,
        "letters": [
            {
                "letter": letter,
                "may_open": may_read(
                    membership,
                    o.pupil,
                    includes_safeguarding=letter.document.includes_safeguarding,
                    includes_send=letter.document.includes_send,
                ),
                "emails": emails_with_status(letter, now=now),
                "posts": [
                    {"name": e["name"], "address": one_line(e["address"])} for e in letter.by_post
                ],
            }
            for letter in letters
        ],
        "may_resend": access.can_send_letters(membership, o.pupil),
        "here": request.get_full_path(),
        "today": today,
    }
    return render(request, "cases/offsiting/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_plan(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id, write=True)
    if o.state not in (State.PLANNED, State.STARTED):
        raise PermissionDenied(_("The plan can only change before the pupil returns."))
    form = f.OffSitingPlanForm(_data(request), instance=o, home=o.home_centre)
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form, lambda: svc.offsiting_update_plan(offsiting=o, form=form, by=request.user)
        )
    ):
        messages.success(request, _("Plan saved."))
        return redirect(o)
    return _page(request, o, form, _("Change the plan"))


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_item(request: HttpRequest, offsiting_id: int, item: str) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id)
    value = item.replace("-", "_")
    if value not in SharedItem.Item.values:
        raise Http404(_("No such item."))
    if not access.can_share_offsiting_item(request.membership, o, value):
        raise PermissionDenied(_("Your role cannot record this item."))
    shared = o.shared_items.filter(item=value).first()
    if shared is None:
        shared = SharedItem(offsiting=o, item=value)
    initial = {
        "available": "yes" if shared.available else "no",
        "available_on": shared.available_on,
        "document": shared.document,
        "note": shared.note,
    }
    form = f.SharedItemForm(_data(request), initial=initial, item=shared)
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.offsiting_share_item(
                offsiting=o,
                item=shared,
                available=form.cleaned_data["available"],
                available_on=form.cleaned_data["available_on"],
                document=form.cleaned_data["document"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
        )
    ):
        messages.success(request, _("“%(item)s” saved.") % {"item": shared.get_item_display()})
        return redirect(f"{o.get_absolute_url()}#sharing")
    return _page(
        request,
        o,
        form,
        shared.get_item_display(),
        _("The receiving centre must have this before the first day."),
    )


@dataclass(frozen=True)
class Step:
    title: Any
    form: type
    run: Any  # (offsiting, form, request) -> None
    may: Any
    intro: Any = ""
    form_kwargs: Any = None
    done: Any = gettext_lazy("Saved.")


def _today():
    return timezone.localdate()


STEPS = {
    "approval": Step(
        gettext_lazy("Decide on the respite off-siting"),
        f.ApprovalDecisionForm,
        lambda o, form, r: svc.offsiting_decide_approval(
            offsiting=o,
            agreed=form.cleaned_data["agreed"],
            notes=form.cleaned_data["notes"],
            by=r.user,
            today=_today(),
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
            offsiting=o, reason=form.cleaned_data["reason"], by=r.user, today=_today()
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
            today=_today(),
        ),
        access.can_decide_offsiting,
        lambda o: o.ta_request_reason,
        done=gettext_lazy("Decision recorded. The home centre has been told."),
    ),
    "start": Step(
        gettext_lazy("The pupil has started at the receiving centre"),
        f.ConfirmForm,
        lambda o, form, r: svc.offsiting_start(offsiting=o, by=r.user, today=_today()),
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
        lambda o, form, r: svc.offsiting_close(offsiting=o, by=r.user, today=_today()),
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
    form = spec.form(_data(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        if guarded(form, lambda: spec.run(o, form, request)):
            messages.success(request, str(spec.done))
            return redirect(o)
    intro = spec.intro(o) if callable(spec.intro) else spec.intro
    return _page(request, o, form, spec.title, intro)


def _meeting_of(o: OffSiting, meeting_id: int) -> OffSitingMeeting:
    meeting = o.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    meeting.offsiting = o
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_meeting(request: HttpRequest, offsiting_id: int, meeting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id, write=True)
    meeting = _meeting_of(o, meeting_id)
    if not meeting.place:
        meeting.place = (
            o.home_centre.name
            if meeting.kind == OffSitingMeeting.Kind.RESTORATIVE
            else o.receiving_centre.name
        )
    form = f.OffSitingMeetingForm(_data(request), instance=meeting)
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.offsiting_record_meeting(meeting=meeting, form=form, by=request.user),
        )
    ):
        messages.success(request, _("Meeting recorded."))
        return redirect(f"{o.get_absolute_url()}#meetings")
    return _page(
        request,
        o,
        form,
        _("%(meeting)s due %(day)s")
        % {"meeting": meeting.get_kind_display(), "day": f"{meeting.scheduled_for:%-d %B %Y}"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_work(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id)
    if not access.can_work_on_offsiting(request.membership, o):
        raise PermissionDenied(_("Your role cannot record work for this off-siting."))
    weeks = svc.weeks_of(o)
    subjects = svc.required_subjects(o, timezone.localdate())
    # 000: the home site sets and marks the work; the receiving site sends it back.
    home = request.membership.school_id == o.home_centre_id
    initial = {}
    if request.GET.get("week"):
        initial["week"] = request.GET["week"]
    if request.GET.get("subject") in subjects:
        initial["subject"] = request.GET["subject"]
    form = f.WorkForm(_data(request), initial=initial, weeks=weeks, subjects=subjects, home=home)
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.offsiting_record_work(
                offsiting=o,
                subject=form.cleaned_data["subject"],
                week_beginning=form.cleaned_data["week"],
                set_by_home=form.cleaned_data.get("set_by_home"),
                returned=form.cleaned_data["returned"],
                marked=form.cleaned_data.get("marked"),
                notes=form.cleaned_data["notes"],
                by=request.user,
                by_home_centre=home,
            ),
        )
    ):
        messages.success(request, _("Work recorded."))
        return redirect(f"{o.get_absolute_url()}#work")
    return _page(
        request,
        o,
        form,
        _("Record the work for a week"),
        _(
            "The home centre sets work in at least maths, English and each KS4 option "
            "subject; the work is sent back and marked by the home centre."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_workbook(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id)
    if not access.can_work_on_offsiting(request.membership, o):
        raise PermissionDenied(_("Your role cannot record the workbook."))
    form = f.WorkbookForm(
        _data(request), initial={"topics": o.topics_done, "notes": o.workbook_notes}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.offsiting_record_workbook(
                offsiting=o,
                topics=form.cleaned_data["topics"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            ),
        )
    ):
        messages.success(request, _("Workbook progress saved."))
        return redirect(f"{o.get_absolute_url()}#workbook")
    title = (
        _("The Back-on-Track workbook")
        if svc.workbook(o) == "full"
        else _("“Understanding my behaviour and the consequences”")
    )
    return _page(request, o, form, title, _("Tick each topic the pupil has worked through."))


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_concern(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id)
    if not access.can_record_offsiting_concern(request.membership, o):
        raise PermissionDenied(_("Only the receiving centre's DSL records a new concern here."))
    form = f.ConcernForm(_data(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.offsiting_record_concern(offsiting=o, form=form, by=request.user),
        )
    ):
        messages.success(request, _("Concern recorded. The home centre's DSL has been told."))
        return redirect(f"{o.get_absolute_url()}#concerns")
    return _page(
        request,
        o,
        form,
        _("Record a new safeguarding concern"),
        _(
            "The receiving centre manages new concerns, using My Concern, and tells the home "
            "centre's DSL clearly. Existing concerns stay with the home centre."
        ),
    )


# Letters and the family summary ---------------------------------------------------------------


def _letter_page(request, o, *, title, intro, submit, send, check, note=""):
    errors: list[str] = []
    if request.method == "POST":
        try:
            letter = send()
        except (GuardError, ValidationError) as error:
            errors = list(error.messages)
        except DocumentRenderError as error:
            errors = [str(error)]
        else:
            emailed = [m.to_name for m in letter.messages.all()]
            if emailed:
                messages.success(
                    request,
                    _("Sent. The letter is being emailed to %(names)s.")
                    % {"names": _(" and ").join(emailed)},
                )
            else:
                messages.success(request, _("The letter is made and recorded."))
            if letter.by_post:
                messages.warning(
                    request,
                    _("Print the letter and post it to: %(who)s.")
                    % {
                        "who": "; ".join(
                            f"{e['name']}, {one_line(e['address'])}" for e in letter.by_post
                        )
                    },
                )
            return redirect(f"{o.get_absolute_url()}#letters")
    else:
        try:
            check()
        except GuardError as error:
            errors = list(error.messages)
    recipients = letter_recipients(o.pupil)
    if not recipients.anyone and not errors:
        errors = [_("Nobody with parental responsibility is recorded for this pupil.")]
    return render(
        request,
        "cases/offsiting/letter_confirm.html",
        {
            "offsiting": o,
            "pupil": o.pupil,
            "title": title,
            "intro": intro,
            "submit": submit,
            "note": note,
            "errors": errors,
            "recipients": recipients,
            "post_lines": [f"{e['name']}, {one_line(e['address'])}" for e in recipients.by_post],
            "may_send": not errors,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_invitation_send(
    request: HttpRequest, offsiting_id: int, meeting_id: int
) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id, write=True)
    meeting = _meeting_of(o, meeting_id)
    note = ""
    if meeting.parents_invited_on:
        note = _("Parents were already invited on %(day)s.") % {
            "day": f"{meeting.parents_invited_on:%-d %B %Y}"
        }
    return _letter_page(
        request,
        o,
        title=_("Invite the parents to the %(meeting)s")
        % {"meeting": str(meeting.get_kind_display()).lower()},
        intro=_(
            "Parents or carers should attend a meeting at the start and end of any off-siting; "
            "for 1 week or more, also a review after 1 week, then fortnightly, and a final "
            "review before return. Waymark makes the invitation and emails it."
        ),
        submit=_("Send the invitation"),
        send=lambda: docs.invitation_send(meeting=meeting, by=request.user, today=_today()),
        check=lambda: docs.ensure_can_invite(meeting),
        note=note,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_summary_send(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id, write=True)
    return _letter_page(
        request,
        o,
        title=_("Send the summary to the family"),
        intro=_(
            "A summary of the off-siting for the family: where, when and why, the meetings, "
            "the work, the workbook and the return. It holds no safeguarding detail."
        ),
        submit=_("Send the summary"),
        send=lambda: docs.summary_send(offsiting=o, by=request.user, today=_today()),
        check=lambda: None,
    )


@require_POST
@login_required
def offsiting_summary(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    """Make a new version of the family summary and download it: the home centre's head or
    case lead only (read-only viewers store nothing, and might not see the pupil's documents)."""
    o = access.get_offsiting_for_user(request.membership, offsiting_id, write=True)
    try:
        document = docs.summary_generate(offsiting=o, by=request.user, today=_today())
    except DocumentRenderError as error:
        messages.error(request, str(error))
        return redirect(o)
    return redirect(document)


# The list of off-sitings ----------------------------------------------------------------------


@require_GET
@login_required
def offsiting_list(request: HttpRequest) -> HttpResponse:
    """Off-sitings the person sees; a Head of Service's list puts what awaits them first."""
    membership = request.membership
    if not access.can_view_offsiting_list(membership):
        raise PermissionDenied(_("You have no list of off-sitings."))
    awaiting = Q(approval_needed=True, approval_decision="") | Q(
        ta_requested_on__isnull=False, ta_decision=""
    )
    awaiting &= Q(state__in=[State.PLANNED, State.STARTED])
    offsitings = (
        access.offsitings_visible_to(membership)
        .select_related("pupil", "home_centre", "receiving_centre")
        .annotate(
            awaits=Case(
                When(awaiting, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
    )
    show = request.GET.get("show", "")
    show = show if show in ("awaiting", "open") else ""
    if show == "awaiting":
        offsitings = offsitings.filter(awaiting)
    elif show == "open":
        offsitings = offsitings.filter(state__in=OffSiting.OPEN_STATES)
    offsitings = offsitings.order_by("awaits", "-first_day", "-pk")
    page = Paginator(offsitings, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/offsiting/list.html",
        {
            "page_obj": page,
            "offsitings": page.object_list,
            "show": show,
            "query": f"show={show}" if show else "",
            "decides": membership.role == Role.HEAD_OF_SERVICE,
            "awaiting_count": access.offsitings_visible_to(membership).filter(awaiting).count(),
        },
    )


def offsiting_card(membership, pupil):
    """The pupil page's card (cases.templatetags.case_cards): one query, the off-sitings."""
    offsitings = list(
        access.offsitings_visible_to(membership)
        .filter(pupil=pupil)
        .select_related("receiving_centre")
        .order_by("-first_day", "-pk")
    )
    can_start = access.can_start_offsiting(membership, pupil)
    if not offsitings and not can_start:
        return None
    return "cases/offsiting/_card.html", {
        "pupil": pupil,
        "offsitings": offsitings,
        "can_start": can_start,
    }
