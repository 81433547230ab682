"""Permission-matrix cases of travel assistance change requests (see tests/permissions.py).

The pupil's own headteacher, case lead, SENCo and office make, change and send a request;
everyone else who sees the pupil reads it, except a host school: the world's host hosts the pupil
here, yet its staff find no request (only the pupil's own school's staff see it); nobody else
knows it exists.
"""

import datetime

from django.urls import reverse

from tests.permissions import Case, pupil_view, statuses

TRAVEL_WRITERS = {"school_headteacher", "school_case_lead", "school_senco", "school_office"}


def make_travel_request(world, **fields):
    """A complete request of the world's pupil by the home school's office (tests share it)."""
    from cases.travel.models import TravelAssistanceRequest

    values = {
        "pupil": world.pupil,
        "school": world.school,
        "requested_by": world.users["school_office"],
        "entitlement_confirmed": True,
        "requester_name": "Olive Office",
        "requester_position": "Office manager",
        "requester_email": "office@school.example",
        "requester_phone": "01905 000 000",
        "pupil_name": world.pupil.full_name,
        "pupil_date_of_birth": world.pupil.date_of_birth,
        "pupil_address": world.pupil.home_address,
        "change_start": datetime.date(2027, 1, 4),
        "change_end": datetime.date(2027, 2, 12),
        "requested_change": "Later pick-up",
        "reason": "Reduced timetable",
    }
    return TravelAssistanceRequest.objects.create(**(values | fields))


def _travel_request(w):
    if not hasattr(w, "travel_request"):
        from tenancy.services import grant_host_access

        w.travel_request = make_travel_request(w)
        # The host sees the pupil while hosting, never the home school's request.
        grant_host_access(w.pupil, w.host)
    return w.travel_request


def _url(name):
    return lambda w: reverse(name, args=[_travel_request(w).pk])


# The world's LA has no transport inbox: sending answers with the page and its message.
CASES = {
    "travel-request-new": Case(
        lambda w: reverse("travel-request-new", args=[w.pupil.pk]),
        pupil_view(TRAVEL_WRITERS),
        pupil_view(TRAVEL_WRITERS),
    ),
    "travel-request-detail": Case(_url("travel-request-detail"), pupil_view(), statuses(405)),
    "travel-request-edit": Case(
        _url("travel-request-edit"), pupil_view(TRAVEL_WRITERS), pupil_view(TRAVEL_WRITERS)
    ),
    "travel-request-send": Case(
        _url("travel-request-send"), pupil_view(TRAVEL_WRITERS), pupil_view(TRAVEL_WRITERS)
    ),
    # The worker makes the PDF: the request answers with a redirect to its page. POST only,
    # so that a followed link makes no copy.
    "travel-request-pdf": Case(
        _url("travel-request-pdf"),
        statuses(405),
        {role: 302 if status == 200 else status for role, status in pupil_view().items()},
    ),
}
