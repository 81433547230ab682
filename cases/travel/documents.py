"""The Home to School Travel Assistance change form as a PDF.

Source: 004_f815cbfe89cfcc2a.txt, "Home to School Travel Assistance Service, Request for Change
to Current Travel Assistance Arrangements": its note on who may use it, the school's two
sections (the person requesting the change; the pupil, the dates, the requested change with
its Monday to Friday grid of arrival and departure times, and the reason), the section the
sanctioning service completes, the address completed forms are emailed to (the LA's transport
inbox, a policy value) and the closing NOTE, word for word.

Need-to-know: the form holds the pupil's name, date of birth and address, which everyone who
sees the pupil sees; no safeguarding or SEND detail is printed from the pupil's record, so it is
stored with includes_safeguarding and includes_send False.

Other code calls `build()` (template and context) and `generate()` (a new stored version).
"""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from cases.travel.models import TravelAssistanceRequest
from documents.models import GeneratedDocument
from documents.rendering import (
    FormRenderer,
    format_date,
    format_time,
    letterhead,
    render_html,
    render_pdf,
    text_lines,
)
from documents.services import document_generate
from tenancy.models import Nation, User

Kind = GeneratedDocument.Kind
TEMPLATE = "documents/travel/change_request.html"
SLUG = "travel-assistance-change"


def _service_heading(la) -> str:
    """The third section's heading (004 names NPT's services; another LA's are its own)."""
    if la.nation == Nation.WALES:
        services = _("Additional Learning Needs/Pupil Wellbeing Services")
    else:
        services = _("Special Educational Needs and Disabilities/Pupil Wellbeing Services")
    return _(
        "Section to be completed by the relevant service within %(la)s %(services)s and/or "
        "relevant Health Service"
    ) % {"la": la.name, "services": services}


def _grid(travel_request: TravelAssistanceRequest) -> list[dict]:
    """Each weekday's row; an empty time is printed as not needed (the form's page says so
    to the person filling it in)."""
    rows = []
    for row in travel_request.grid():
        rows.append(
            {
                "day": row["label"],
                "arrival": format_time(row["arrival"]) or _("Not needed"),
                "departure": format_time(row["departure"]) or _("Not needed"),
            }
        )
    return rows


def build(travel_request: TravelAssistanceRequest, *, today: datetime.date) -> tuple[str, dict]:
    """The print template and its context. Anything not recorded prints as a line to fill in."""
    r = travel_request
    la = r.school.local_authority
    context = {
        "title": _("Home to School Travel Assistance Service"),
        "subtitle": _("Request for Change to Current Travel Assistance Arrangements"),
        "pupil": r.pupil,
        "letterhead": letterhead(r.school),
        "printed_on": format_date(today),
        "entitlement_confirmed": r.entitlement_confirmed,
        "requester": [
            (_("Name of person requesting the change:"), r.requester_name),
            (_("Name of School:"), r.school.name),
            (_("Position within the school:"), r.requester_position),
            (_("Contact email:"), r.requester_email),
            (_("Contact telephone number:"), r.requester_phone),
            (_("Signature:"), r.requester_signature),
            (_("Date:"), format_date(r.requester_signed_on)),
        ],
        "pupil_rows": [
            (_("Name of pupil request is for:"), r.pupil_name),
            (_("Pupil’s D.O.B:"), format_date(r.pupil_date_of_birth)),
            (_("Pupil Address:"), ", ".join(text_lines(r.pupil_address))),
            (_("Proposed start date of requested change:"), format_date(r.change_start)),
            (_("Proposed end date of requested change:"), format_date(r.change_end)),
        ],
        "requested_change": r.requested_change,
        "grid": _grid(r),
        "reason": r.reason,
        "service_heading": _service_heading(la),
        "sanctioner": [
            (_("Name of person sanctioning the change:"), r.sanctioner_name),
            (_("Name of service area:"), r.sanctioner_service),
            (_("Position within the service:"), r.sanctioner_position),
            (_("Contact email:"), r.sanctioner_email),
            (_("Contact telephone number:"), r.sanctioner_phone),
        ],
        "sanction_reason": r.sanction_reason,
        "sanction_signature": [
            (_("Signature:"), r.sanctioner_signature),
            (_("Date:"), format_date(r.sanctioned_on)),
        ],
        "transport_email": la.transport_email,
        "la_name": la.name,
        "reduced_timetable": r.reduced_timetable,
    }
    return TEMPLATE, context


def generate(
    travel_request: TravelAssistanceRequest, *, by: User, today: datetime.date
) -> GeneratedDocument:
    """Make and store the next version of the form's PDF, about the request.

    Raises documents.rendering.DocumentRenderError (with a message for people) if no PDF could
    be made; nothing is stored then.
    """
    with translation.override(settings.LANGUAGE_CODE):  # whatever the maker's pages (issue 15)
        template, context = build(travel_request, today=today)
        html = render_html(template, context)
    return document_generate(
        kind=Kind.TRAVEL_ASSISTANCE_CHANGE,
        pupil=travel_request.pupil,
        template=template,
        context=context,
        generated_by=by,
        about=travel_request,
        includes_safeguarding=False,
        includes_send=False,
        html=html,
    )


# manage.py render_forms ---------------------------------------------------------------------


def printable_travel_requests(schools):
    """The demo schools' requests (not `seed_demo --scale` load data)."""
    return (
        TravelAssistanceRequest.objects.filter(school__in=schools)
        .select_related("pupil", "school__local_authority", "reduced_timetable")
        .order_by("school__name", "pupil__upn", "pk")
    )


def _filename(travel_request: TravelAssistanceRequest) -> str:
    return f"{SLUG}-{travel_request.pupil.upn}-request-{travel_request.pk}.pdf"


def _render(travel_request: TravelAssistanceRequest, today: datetime.date) -> bytes:
    template, context = build(travel_request, today=today)
    return render_pdf(template, context)


FORM_RENDERERS = (
    FormRenderer(
        slug=SLUG,
        description="Home to School Travel Assistance change request (004), every demo request",
        records=printable_travel_requests,
        filename=_filename,
        render=_render,
    ),
)
