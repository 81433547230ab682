"""Travel assistance change request pages. Thin: the access policy, a form, a service.

Source: 004_f815cbfe89cfcc2a.txt, the Home to School Travel Assistance change form; the
services and their rules are in cases/travel/services.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access
from access import may_read
from cases.guards import GuardError
from cases.travel import documents as travel_documents
from cases.travel import services as svc
from cases.travel.forms import TravelRequestForm
from cases.travel.guards import ensure_can_send
from cases.travel.selectors import travel_request_initial
from documents import outbox
from documents.outbox import letters_about
from documents.printing import printed_copy_request
from documents.rendering import DocumentRenderError, format_time, render_html
from ui.formats import long_datetime
from ui.views import guarded, posted


def _question_page(
    request, *, pupil, form, title, intro, travel_request=None, reduced_timetable=None
):
    """A question page of a request: back to it (or the pupil), and the reduced timetable it
    is for."""
    return render(
        request,
        "cases/travel/form.html",
        {
            "pupil": pupil,
            "form": form,
            "title": title,
            "intro": intro,
            "travel_request": travel_request,
            "reduced_timetable": reduced_timetable,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def travel_request_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    membership = request.membership
    pupil = access.get_pupil_for_user(membership, pupil_id)
    if not access.can_request_travel_change(membership, pupil):
        raise PermissionDenied(
            _(
                "Only the headteacher, case lead, SENCo or office of the pupil's school can "
                "request a change to travel assistance."
            )
        )
    timetable_id = request.GET.get("reduced_timetable")
    timetable = (
        access.reduced_timetable_for_travel(membership, pupil, timetable_id)
        if timetable_id
        else None
    )
    form = TravelRequestForm(
        posted(request),
        initial=travel_request_initial(
            pupil=pupil, by=request.user, membership=membership, reduced_timetable=timetable
        ),
    )
    if form.is_valid() and (
        made := guarded(
            form,
            lambda: svc.travel_request_create(
                pupil=pupil,
                by=request.user,
                details=form.cleaned_data,
                reduced_timetable=timetable,
            ),
        )
    ):
        messages.success(
            request,
            _("Request saved. Check it, then send it to %(la)s.")
            % {"la": pupil.school.local_authority.name},
        )
        return redirect(made.value)
    return _question_page(
        request,
        pupil=pupil,
        form=form,
        title=_("Request a change to travel assistance"),
        intro=_(
            "The Home to School Travel Assistance Service's form to change a pupil's current "
            "travel assistance, for example while they are on a reduced timetable. The pupil's "
            "details come from their passport. Nothing is sent until you choose to send it."
        ),
        reduced_timetable=timetable,
    )


def _sent_rows(travel_request, membership, pupil):
    """The copies sent to the LA, each with its email's status (as the letters to parents)."""
    now = timezone.now()
    rows = []
    for letter in letters_about(travel_request):
        rows.append(
            {
                "letter": letter,
                "sent": _("Version %(version)s, sent at %(when)s by %(who)s.")
                % {
                    "version": letter.document.version,
                    "when": long_datetime(letter.created_at),
                    "who": letter.sent_by.full_name,
                },
                "may_open": may_read(
                    membership,
                    pupil,
                    includes_safeguarding=letter.document.includes_safeguarding,
                    includes_send=letter.document.includes_send,
                ),
                "emails": outbox.emails_with_status(letter, now=now),
            }
        )
    return rows


def _timetable_url(travel_request) -> str:
    """The linked reduced timetable's page; its own view decides who may open it."""
    if travel_request.reduced_timetable is None:
        return ""
    try:
        return travel_request.reduced_timetable.get_absolute_url()
    except NoReverseMatch:  # the reduced timetable pages are not installed
        return ""


@require_GET
@login_required
def travel_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    membership = request.membership
    travel_request = access.get_travel_request_for_user(membership, request_id)
    pupil = travel_request.pupil
    may_edit = access.can_edit_travel_request(membership, travel_request)
    return render(
        request,
        "cases/travel/detail.html",
        {
            "travel_request": travel_request,
            "pupil": pupil,
            "la": travel_request.school.local_authority,
            "may_edit": may_edit,
            "timetable_url": _timetable_url(travel_request),
            "grid": [
                row
                | {
                    "arrival_text": format_time(row["arrival"]) or _("Not needed"),
                    "departure_text": format_time(row["departure"]) or _("Not needed"),
                }
                for row in travel_request.grid()
            ],
            "rows": _sent_rows(travel_request, membership, pupil),
            # "Send again" of one email is the outbox's: the head or case lead (as for parents).
            "may_resend": access.can_send_letters(membership, pupil),
            "here": request.get_full_path(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def travel_request_edit(request: HttpRequest, request_id: int) -> HttpResponse:
    travel_request = access.get_travel_request_for_user(request.membership, request_id, write=True)
    form = TravelRequestForm(
        posted(request), instance=travel_request, submit_label=_("Save the changes")
    )
    if form.is_valid() and guarded(
        form,
        lambda: svc.travel_request_update(
            travel_request=travel_request, by=request.user, changes=form.cleaned_data
        ),
    ):
        if travel_request.sent_at:
            messages.success(
                request, _("Changes saved. Send the request again so the LA has the new version.")
            )
        else:
            messages.success(request, _("Changes saved."))
        return redirect(travel_request)
    return _question_page(
        request,
        pupil=travel_request.pupil,
        form=form,
        title=_("Change the travel assistance request"),
        intro=_("If it has been sent already, send it again after the change.")
        if travel_request.sent_at
        else "",
        travel_request=travel_request,
    )


@login_required
@require_http_methods(["GET", "POST"])
def travel_request_send(request: HttpRequest, request_id: int) -> HttpResponse:
    """The confirmation page, then the PDF made and emailed to the LA's transport inbox."""
    travel_request = access.get_travel_request_for_user(request.membership, request_id, write=True)
    la = travel_request.school.local_authority
    errors: list[str] = []
    if request.method == "POST":
        try:
            letter = svc.travel_request_send(
                travel_request=travel_request, by=request.user, today=timezone.localdate()
            )
        except (GuardError, ValidationError) as error:
            errors = list(error.messages)
        except DocumentRenderError as error:
            errors = [str(error)]
        else:
            messages.success(
                request,
                _("Version %(version)s of the form is being emailed to %(to)s (%(email)s).")
                % {
                    "version": letter.document.version,
                    "to": svc.transport_inbox_name(la),
                    "email": la.transport_email,
                },
            )
            return redirect(f"{travel_request.get_absolute_url()}#sent")
    else:
        try:
            ensure_can_send(travel_request)
        except GuardError as error:
            errors = list(error.messages)
    return render(
        request,
        "cases/travel/send.html",
        {
            "travel_request": travel_request,
            "pupil": travel_request.pupil,
            "la": la,
            "to_name": svc.transport_inbox_name(la),
            "errors": errors,
            "may_send": not errors,
            "may_manage_la": access.can_manage_la_settings(request.membership),
        },
    )


@require_POST
@login_required
def travel_request_pdf(request: HttpRequest, request_id: int) -> HttpResponse:
    """The form as it would be sent now, to check before sending; kept as no version. The
    worker makes the PDF (documents.printing) while the answering page follows it. POST, as it
    makes a copy: a link followed by a crawler or prefetched makes none."""
    travel_request = access.get_travel_request_for_user(request.membership, request_id)
    template, context = travel_documents.build(travel_request, today=timezone.localdate())
    copy = printed_copy_request(
        title=_("Travel assistance change request, to check"),
        download_name=f"travel-assistance-change-{travel_request.pk}.pdf",
        html=render_html(template, context),
        by=request.user,
        back_url=travel_request.get_absolute_url(),
    )
    return redirect(copy.get_status_url())


# The pupil page's card (declared in cases/travel/case_type.py) -------------------------------


def pupil_card(membership, pupil):
    """The pupil's travel assistance change requests and, for those who may, the link to make
    one. One query: the requests (the pupil's visibility is a subquery)."""
    may_request = access.can_request_travel_change(membership, pupil)
    requests = list(
        access.travel_requests_visible_to(membership)
        .filter(pupil_id=pupil.pk)
        .only("pk", "pupil_id", "created_at", "change_start", "change_end", "sent_at", "edited_at")
    )
    if not requests and not may_request:
        return None
    return (
        "cases/travel/_card.html",
        {"pupil": pupil, "travel_requests": requests, "may_request": may_request},
    )
