"""Permission-matrix cases of managed moves agreed without a direction (see tests/permissions.py).

003 "Managed Move": the home school's head and case lead propose and run the move; its other
staff read it, as they read its directions; the new school is a party to the agreement, so its
head and case lead read it (the world's host is the new school here, its DSL finds nothing); the
LA reads it through its lists; nobody else knows it exists.
"""

import datetime

from django.urls import reverse

from tests.permissions import (
    HOME_STAFF,
    LA_LISTS,
    RUNNERS,
    SEES_PUPIL,
    Case,
    pupil_view,
    statuses,
)

READERS = HOME_STAFF | {
    "host_case_lead",
    "la_la_officer",
    "la_la_safeguarding",
    "la_la_send",
    "la_director",
    "la_virtual_school",
    "head_of_service",
}


def _move(w):
    """A move without a direction of the world's pupil to the world's host, being agreed."""
    if not hasattr(w, "move"):
        from cases.directions.models import ManagedMove

        w.move = ManagedMove.objects.create(
            pupil=w.pupil,
            from_school=w.school,
            to_school=w.host,
            agreed_start=datetime.date(2027, 1, 4),
            recorded_by=w.users["school_case_lead"],
        )
    return w.move


def _url(name):
    return lambda w: reverse(name, args=[_move(w).pk])


def _runs():
    return statuses(404, s302={"anonymous"}, s403=READERS - RUNNERS, s200=RUNNERS)


CASES = {
    "managed-move-new": Case(
        lambda w: reverse("managed-move-new", args=[w.pupil.pk]),
        pupil_view(RUNNERS),
        pupil_view(RUNNERS),
    ),
    "managed-move-detail": Case(
        _url("managed-move-detail"),
        statuses(404, s302={"anonymous"}, s200=READERS),
        statuses(405),
    ),
    # Posted empty: the form answers with its errors (200) to those who run the move.
    "managed-move-change": Case(_url("managed-move-change"), _runs(), _runs()),
    "managed-move-cancel": Case(_url("managed-move-cancel"), _runs(), _runs()),
    "la-managed-moves": Case(
        lambda w: reverse("la-managed-moves"),
        statuses(403, s302={"anonymous"}, s200=LA_LISTS),
        statuses(405),
    ),
}

assert READERS - SEES_PUPIL == {"host_case_lead"}  # the new school, a party to the agreement
