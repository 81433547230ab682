"""Appendix 1's checklist, its PDF, and the start: the LA told and the checklist sent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import access
from cases.reduced_timetables import forms as f
from cases.reduced_timetables import services as svc
from cases.reduced_timetables.documents import generate
from cases.reduced_timetables.protocols import protocol_of
from cases.reduced_timetables.views.common import question_page, travel_request_url
from documents.rendering import DocumentRenderError
from ui.views import Outcome, guarded, posted


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_checklist(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.ChecklistForm(
        posted(request), timetable=timetable, answers=list(timetable.checklist.all())
    )
    if form.is_valid() and guarded(
        form,
        lambda: svc.checklist_save(
            timetable=timetable,
            answers=form.answers(),
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("Checklist saved."))
        return redirect(f"{timetable.get_absolute_url()}#checklist")
    return question_page(
        request,
        timetable,
        form,
        _("Checklist for using reduced timetables"),
        _("Appendix 1: every question must be answered before the start date (004).")
        if protocol_of(timetable).local_checklist
        else _(
            "The DfE expects a reduced timetable to be agreed with the parents and "
            "time-limited, with a plan back to full-time education: answer before the start "
            "date."
        ),
        travel_url=travel_request_url(timetable),
    )


@require_POST
@login_required
def reduced_timetable_checklist_pdf(request: HttpRequest, timetable_id: int) -> HttpResponse:
    """A new version of the checklist (with the timetable) to print, and download it."""
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id)
    try:
        document = generate(timetable, by=request.user, today=timezone.localdate())
    except DocumentRenderError as error:
        messages.error(request, str(error))
        return redirect(timetable)
    return redirect(document)


def _start(form, timetable, by) -> Outcome:
    """Start it, with a rule's objection or a PDF that could not be made on the form."""
    try:
        return guarded(
            form,
            lambda: svc.reduced_timetable_start(
                timetable=timetable, by=by, today=timezone.localdate()
            ),
        )
    except DocumentRenderError as error:
        form.add_error(None, str(error))
        return Outcome(False)


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_start(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.StartForm(posted(request))
    if form.is_valid() and _start(form, timetable, request.user):
        messages.success(
            request,
            _(
                "Started. The checklist is being emailed to the LA's Deputy Education "
                "Safeguarding Officer."
            )
            if protocol_of(timetable).local_checklist
            else _("Started. The LA is being told by email."),
        )
        return redirect(f"{timetable.get_absolute_url()}#sent-to-la")
    la = timetable.school.local_authority
    intro = (
        _(
            "Waymark sends the checklist, with the timetable and the reintegration plan, to "
            "%(la)s's Deputy Education Safeguarding Officer (%(email)s) and tells the LA's "
            "safeguarding officers (004: advise the LA at the commencement)."
        )
        if protocol_of(timetable).local_checklist
        else _(
            "Waymark tells %(la)s (%(email)s), as the DfE expects, sending the timetable and "
            "the plan back to full-time education, and tells the LA's safeguarding officers."
        )
    ) % {"la": la.name, "email": la.safeguarding_email or _("no address set")}
    return question_page(
        request, timetable, form, _("Record that the reduced timetable has started"), intro
    )
