"""Back-on-Track off-siting pages: planning one, its page, changing the plan, the seven items,
the list of off-sitings and the pupil page's card; the form page the other off-siting pages
share. Thin: the access policy, a form, a service, a redirect.

Source: 000_6280d14dcdeb4d53.txt. Who may do what is in access/offsiting.py. The lifecycle's
steps are step_views.py, what is recorded while it runs record_views.py, the letters
letter_views.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

import access
from access import may_read
from cases.offsiting import forms as f
from cases.offsiting import guards
from cases.offsiting import selectors as sel
from cases.offsiting import services as svc
from cases.offsiting.models import OffSiting, OffSitingMeeting
from documents.exports import export_list
from documents.outbox import emails_with_status, letters_about, post_address
from documents.rendering import one_line
from reviews.calendars import calendar_for_school
from safeguarding.models import SharedItem
from safeguarding.services import record_safeguarding_read
from tenancy.models import Role
from ui.export import FORMATS
from ui.lists import describe_list, list_request, search
from ui.sorting import sorting
from ui.views import guarded, posted

State = OffSiting.State


def offsiting_page(request, offsiting, form, title, intro="") -> HttpResponse:
    """A form page of the off-siting, with its caption and a link back to it."""
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


def meeting_of(o: OffSiting, meeting_id: int) -> OffSitingMeeting:
    """The off-siting's meeting, or 404 (another off-siting's meeting looks missing)."""
    meeting = o.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    meeting.offsiting = o
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.get_pupil_for_user(request.membership, pupil_id)
    if not access.can_start_offsiting(request.membership, pupil):
        raise PermissionDenied(_("Only the home centre's head or case lead can plan this."))
    form = f.OffSitingPlanForm(
        posted(request), home=pupil.school, submit_label=_("Plan the off-siting")
    )
    if form.is_valid():
        result = guarded(
            form,
            lambda: svc.offsiting_plan(pupil=pupil, **form.plan_values(), by=request.user),
        )
        if result:
            if result.value.awaiting_approval:
                messages.success(
                    request,
                    _("Off-siting planned. The Head of Service has been asked to agree it."),
                )
            else:
                messages.success(request, _("Off-siting planned."))
            return redirect(result.value)
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
    cal = calendar_for_school(o.home_centre)
    days = sel.off_site_days(o, cal)
    workbook = sel.workbook(o, days=days, cal=cal)
    weeks = sel.weeks_of(o, days)
    work = list(o.work.all())
    subjects = list(dict.fromkeys([*sel.required_subjects(o, today), *(w.subject for w in work)]))
    by_cell = {(w.subject, w.week_beginning): w for w in work}
    concerns = list(o.concerns.select_related("recorded_by")) if sees_safeguarding else []
    if sees_safeguarding and (
        concerns or any((i.note or i.document) and i.is_safeguarding for i in items)
    ):
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
        "missing": sel.missing_items(o, items),
        "start_problems": guards.start_problems(o, today=today, items=items)
        if o.state == State.PLANNED
        else [],
        "meetings": meetings,
        "restorative": next(
            (m for m in meetings if m.kind == OffSitingMeeting.Kind.RESTORATIVE), None
        ),
        "deadlines": o.deadlines.select_related("responsible", "owner_school", "owner_la"),
        "workbook": workbook,
        "full": workbook == "full",
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
                    {
                        "name": e["name"],
                        # issue 14: a withheld address only for those with need-to-know
                        "address": one_line(
                            post_address(
                                e,
                                show_withheld=bool(e.get("withheld"))
                                and access.can_view_safeguarding(membership, o.pupil),
                            )
                        ),
                    }
                    for e in letter.by_post
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
    form = f.OffSitingPlanForm(posted(request), instance=o, home=o.home_centre)
    if form.is_valid() and guarded(
        form,
        lambda: svc.offsiting_update_plan(offsiting=o, changes=form.plan_values(), by=request.user),
    ):
        messages.success(request, _("Plan saved."))
        return redirect(o)
    return offsiting_page(request, o, form, _("Change the plan"))


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
    form = f.SharedItemForm(posted(request), initial=initial, item=shared)
    if form.is_valid() and guarded(
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
    ):
        messages.success(request, _("“%(item)s” saved.") % {"item": shared.get_item_display()})
        return redirect(f"{o.get_absolute_url()}#sharing")
    return offsiting_page(
        request,
        o,
        form,
        shared.get_item_display(),
        _("The receiving centre must have this before the first day."),
    )


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
    show = show if show in ("awaiting", "open", "started") else ""
    if show == "awaiting":
        offsitings = offsitings.filter(awaiting)
    elif show == "open":
        offsitings = offsitings.filter(state__in=OffSiting.OPEN_STATES)
    elif show == "started":
        offsitings = offsitings.filter(state=State.STARTED)
    asked = list_request(request.GET)
    order = sorting(request.GET, SORTABLE, DEFAULT_ORDER)
    offsitings = search(
        offsitings.order_by(*order.order_by),
        asked.search,
        schools=["home_centre__name", "receiving_centre__name"],
    )
    applied = describe_list(asked, sorts=SORTABLE, shown=[SHOW_WORDS.get(show, "")])
    if asked.fmt in FORMATS:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("Back-on-Track off-sitings"),
            filename="off-sitings",
            filters=applied,
            header=EXPORT_HEADER,
            rows=(
                [
                    o.pupil.full_name,
                    o.home_centre.name,
                    o.receiving_centre.name,
                    o.get_kind_display(),
                    o.first_day,
                    o.last_day,
                    o.school_days,
                    o.get_state_display(),
                ]
                for o in offsitings
            ),
        )
    page = asked.page(offsitings, 25, request.GET.get("page"))
    return render(
        request,
        "cases/offsiting/list.html",
        {
            "page_obj": page,
            "offsitings": page.object_list,
            "show": show,
            "query": asked.querystring,
            "search": asked.search,
            "printing": asked.printing,
            "applied": applied,
            "sort": {name: order.header(asked.query, name) for name in SORTABLE},
            "decides": membership.role == Role.HEAD_OF_SERVICE,
            "awaiting_count": access.offsitings_visible_to(membership).filter(awaiting).count(),
        },
    )


# The list's tabs, as its printed view and its export say them (ui.lists.describe_list).
SHOW_WORDS = {
    "awaiting": gettext_lazy("awaiting the Head of Service"),
    "open": gettext_lazy("open"),
    "started": gettext_lazy("at the receiving centre now"),
}

# The columns the list sorts by (in SQL), and its own order: what awaits a decision first.
SORTABLE = {
    "pupil": ["pupil__last_name", "pupil__first_name"],
    "from": ["home_centre__name"],
    "to": ["receiving_centre__name"],
    "type": ["kind"],
    "dates": ["first_day"],
    "status": ["awaits", "state"],
}
DEFAULT_ORDER = ["awaits", "-first_day", "-pk"]


# The spreadsheet of the list: the page's columns.
EXPORT_HEADER = [
    gettext_lazy("Pupil"),
    gettext_lazy("From"),
    gettext_lazy("To"),
    gettext_lazy("Type"),
    gettext_lazy("First day"),
    gettext_lazy("Last day"),
    gettext_lazy("School days"),
    gettext_lazy("Status"),
]


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
