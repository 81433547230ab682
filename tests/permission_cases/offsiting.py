"""Permission-matrix cases of the Back-on-Track off-siting URLs (see tests/permissions.py).

The world's host school joins the world's service and receives a started off-siting of the
world's pupil, so `host_case_lead` and `host_dsl` act as the receiving centre's staff."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.offsiting.models import OffSiting, OffSitingMeeting
from safeguarding.models import SharedItem
from tenancy.services import grant_host_access
from tests.permissions import (
    HOST_STAFF,
    LA_LISTS,
    RUNNERS,
    SEES_PUPIL,
    Case,
    statuses,
)

SEES = SEES_PUPIL | HOST_STAFF
WORKERS = {"school_headteacher", "school_case_lead", "school_dsl", "school_key_adult"} | HOST_STAFF
HOME_STAFF_ALL = {
    "school_headteacher",
    "school_case_lead",
    "school_dsl",
    "school_senco",
    "school_key_adult",
    "school_office",
}


def _offsiting(w):
    """A started off-siting of the world's pupil to the host (now a centre of the service),
    with every item shared and the start meeting held; made on first use."""
    if not hasattr(w, "offsiting"):
        today = timezone.localdate()
        w.host.group = w.group
        w.host.save()
        lead = w.users["school_case_lead"]
        w.offsiting = OffSiting.objects.create(
            pupil=w.pupil,
            home_centre=w.school,
            receiving_centre=w.host,
            kind=OffSiting.Kind.RESPITE,
            case_lead=lead,
            state=OffSiting.State.STARTED,
            first_day=today - datetime.timedelta(days=1),
            last_day=today + datetime.timedelta(days=1),
            reasons="A fresh start",
        )
        for item in SharedItem.Item.values:
            SharedItem.objects.create(
                offsiting=w.offsiting,
                item=item,
                available=True,
                available_on=today,
                document="Shared drive",
                recorded_by=lead,
            )
        w.offsiting_meeting = OffSitingMeeting.objects.create(
            offsiting=w.offsiting,
            kind=OffSitingMeeting.Kind.START,
            scheduled_for=w.offsiting.first_day,
            date=w.offsiting.first_day,
            held=True,
            attendees="Mum",
            recorded_by=lead,
        )
        grant_host_access(w.pupil, w.host)
    return w.offsiting


def _url(name, *extra):
    return lambda w: reverse(name, args=[_offsiting(w).pk, *extra])


def _runner_only():
    return statuses(404, s302={"anonymous"}, s403=SEES - RUNNERS, s200=RUNNERS)


CASES = {
    "offsiting-list": Case(
        lambda w: (_offsiting(w), reverse("offsiting-list"))[1],
        statuses(
            403,
            s302={"anonymous"},
            s200=HOME_STAFF_ALL | HOST_STAFF | LA_LISTS | {"head_of_service"},
        ),
        statuses(405),
    ),
    "offsiting-new": Case(
        lambda w: (_offsiting(w), reverse("offsiting-new", args=[w.pupil.pk]))[1],
        _runner_only(),
        _runner_only(),
    ),
    "offsiting-detail": Case(
        _url("offsiting-detail"), statuses(404, s302={"anonymous"}, s200=SEES), statuses(405)
    ),
    "offsiting-plan": Case(_url("offsiting-plan"), _runner_only(), _runner_only()),
    "offsiting-item": Case(
        _url("offsiting-item", "passport"),
        statuses(
            404,
            s302={"anonymous"},
            s403=SEES - RUNNERS - {"school_dsl"},
            s200=RUNNERS | {"school_dsl"},
        ),
        statuses(
            404,
            s302={"anonymous"},
            s403=SEES - RUNNERS - {"school_dsl"},
            s200=RUNNERS | {"school_dsl"},
        ),
    ),
    # Starting a started off-siting is refused on the page (200), never a 500.
    "offsiting-step": Case(_url("offsiting-step", "start"), _runner_only(), _runner_only()),
    "offsiting-meeting": Case(
        lambda w: reverse("offsiting-meeting", args=[_offsiting(w).pk, w.offsiting_meeting.pk]),
        _runner_only(),
        _runner_only(),
    ),
    # The meeting was held, so the invitation is refused on the page (200).
    "offsiting-invitation-send": Case(
        lambda w: reverse(
            "offsiting-invitation-send", args=[_offsiting(w).pk, w.offsiting_meeting.pk]
        ),
        _runner_only(),
        _runner_only(),
    ),
    "offsiting-work": Case(
        _url("offsiting-work"),
        statuses(404, s302={"anonymous"}, s403=SEES - WORKERS, s200=WORKERS),
        statuses(404, s302={"anonymous"}, s403=SEES - WORKERS, s200=WORKERS),
    ),
    # Nothing ticked is a valid record of progress: saved, then back to the page (302).
    "offsiting-workbook": Case(
        _url("offsiting-workbook"),
        statuses(404, s302={"anonymous"}, s403=SEES - WORKERS, s200=WORKERS),
        statuses(404, s302={"anonymous"} | WORKERS, s403=SEES - WORKERS),
    ),
    "offsiting-concern": Case(
        _url("offsiting-concern"),
        statuses(404, s302={"anonymous"}, s403=SEES - {"host_dsl"}, s200={"host_dsl"}),
        statuses(404, s302={"anonymous"}, s403=SEES - {"host_dsl"}, s200={"host_dsl"}),
    ),
    # Only the home centre's head or case lead makes (and stores) the family summary.
    "offsiting-summary": Case(
        _url("offsiting-summary"),
        statuses(405),
        {**_runner_only(), **dict.fromkeys(RUNNERS, 302)},
    ),
    "offsiting-summary-send": Case(
        _url("offsiting-summary-send"),
        _runner_only(),
        {**_runner_only(), **dict.fromkeys(RUNNERS, 302)},
    ),
}
