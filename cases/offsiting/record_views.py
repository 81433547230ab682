"""What is recorded while a Back-on-Track off-siting runs: the meetings held, the week's work,
the workbook and new concerns at the receiving centre.

Source: 000_6280d14dcdeb4d53.txt "Parent involvement", "Providing work", "Back-On-Track
Programme" and "Information sharing, safeguarding". The services are cases.offsiting.records
(and the workbook's, cases.offsiting.services).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

import access
from cases.offsiting import forms as f
from cases.offsiting import records
from cases.offsiting import selectors as sel
from cases.offsiting import services as svc
from cases.offsiting.models import OffSitingMeeting
from cases.offsiting.views import meeting_of, offsiting_page
from ui.formats import long_date
from ui.views import guarded, posted


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_meeting(request: HttpRequest, offsiting_id: int, meeting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id, write=True)
    meeting = meeting_of(o, meeting_id)
    if not meeting.place:
        meeting.place = (
            o.home_centre.name
            if meeting.kind == OffSitingMeeting.Kind.RESTORATIVE
            else o.receiving_centre.name
        )
    form = f.OffSitingMeetingForm(posted(request), instance=meeting)
    if form.is_valid() and guarded(
        form,
        lambda: records.offsiting_record_meeting(
            meeting=meeting,
            date=form.cleaned_data["date"],
            time=form.cleaned_data["time"],
            place=form.cleaned_data["place"],
            attendees=form.cleaned_data["attendees"],
            notes=form.cleaned_data["notes"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Meeting recorded."))
        return redirect(f"{o.get_absolute_url()}#meetings")
    return offsiting_page(
        request,
        o,
        form,
        _("%(meeting)s due %(day)s")
        % {"meeting": meeting.get_kind_display(), "day": long_date(meeting.scheduled_for)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_work(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id)
    if not access.can_work_on_offsiting(request.membership, o):
        raise PermissionDenied(_("Your role cannot record work for this off-siting."))
    weeks = sel.weeks_of(o)
    subjects = sel.required_subjects(o, timezone.localdate())
    # 000: the home site sets and marks the work; the receiving site sends it back.
    home = request.membership.school_id == o.home_centre_id
    initial = {}
    if request.GET.get("week"):
        initial["week"] = request.GET["week"]
    if request.GET.get("subject") in subjects:
        initial["subject"] = request.GET["subject"]
    form = f.WorkForm(posted(request), initial=initial, weeks=weeks, subjects=subjects, home=home)
    if form.is_valid() and guarded(
        form,
        lambda: records.offsiting_record_work(
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
    ):
        messages.success(request, _("Work recorded."))
        return redirect(f"{o.get_absolute_url()}#work")
    return offsiting_page(
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
        posted(request), initial={"topics": o.topics_done, "notes": o.workbook_notes}
    )
    if form.is_valid() and guarded(
        form,
        lambda: svc.offsiting_record_workbook(
            offsiting=o,
            topics=form.cleaned_data["topics"],
            notes=form.cleaned_data["notes"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Workbook progress saved."))
        return redirect(f"{o.get_absolute_url()}#workbook")
    title = (
        _("The Back-on-Track workbook")
        if sel.workbook(o) == "full"
        else _("“Understanding my behaviour and the consequences”")
    )
    return offsiting_page(
        request, o, form, title, _("Tick each topic the pupil has worked through.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_concern(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id)
    if not access.can_record_offsiting_concern(request.membership, o):
        raise PermissionDenied(_("Only the receiving centre's DSL records a new concern here."))
    form = f.ConcernForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: records.offsiting_record_concern(
            offsiting=o,
            raised_on=form.cleaned_data["raised_on"],
            summary=form.cleaned_data["summary"],
            my_concern_reference=form.cleaned_data["my_concern_reference"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Concern recorded. The home centre's DSL has been told."))
        return redirect(f"{o.get_absolute_url()}#concerns")
    return offsiting_page(
        request,
        o,
        form,
        _("Record a new safeguarding concern"),
        _(
            "The receiving centre manages new concerns, using My Concern, and tells the home "
            "centre's DSL clearly. Existing concerns stay with the home centre."
        ),
    )
