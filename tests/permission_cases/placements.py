"""Permission-matrix cases of the AP provider register and AP placement URLs (004).

The world's LA keeps a register with one provider; its schools (home and host) and every LA
role read it; its safeguarding and LA officers change it. Another LA's people find it missing.
A placement is the home school's case, seen by whoever sees the pupil.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.permissions import (
    EDITORS,
    HOME_STAFF,
    HOST_STAFF,
    SEES_PUPIL,
    Case,
    pupil_view,
    statuses,
)

LA_OF_WORLD = {
    "la_la_officer",
    "la_la_safeguarding",
    "la_la_send",
    "la_director",
    "la_virtual_school",
    "la_la_admin",
}
READERS = HOME_STAFF | HOST_STAFF | LA_OF_WORLD
KEEPERS = {"la_la_officer", "la_la_safeguarding"}


def _provider(w):
    """The world LA's provider with a current declaration, made on first use."""
    if not hasattr(w, "provider"):
        from tests.safeguarding import make_declaration, make_provider

        w.provider = make_provider(w.la, "Matrix Provider")
        w.declaration = make_declaration(
            w.provider,
            timezone.localdate() - datetime.timedelta(days=30),
            w.users["la_la_safeguarding"],
        )
    return w.provider


def _placement(w):
    if not hasattr(w, "placement"):
        from tests.safeguarding import make_placement

        today = timezone.localdate()
        w.placement = make_placement(
            w.pupil,
            _provider(w),
            w.users["school_key_adult"],
            today - datetime.timedelta(days=28),
            today + datetime.timedelta(days=28),
            times={d: (9, 15) for d in ("monday", "tuesday", "wednesday", "thursday", "friday")},
        )
    return w.placement


def _register_page():
    """Anyone of the LA reads it; no other LA's people."""
    return statuses(404, s302={"anonymous"}, s200=READERS)


def _keepers_page():
    return statuses(404, s302={"anonymous"}, s403=READERS - KEEPERS, s200=KEEPERS)


CASES = {
    "provider-list": Case(
        lambda w: reverse("provider-list"),
        statuses(
            200, s302={"anonymous"}, s403={"head_of_service"}
        ),  # other LAs see their own register
        statuses(405),
    ),
    "provider-add": Case(
        lambda w: reverse("provider-add"),
        statuses(403, s302={"anonymous"}, s200=KEEPERS | {"other_la_officer"}),
        statuses(403, s302={"anonymous"}, s200=KEEPERS | {"other_la_officer"}),
    ),
    "provider-detail": Case(
        lambda w: reverse("provider-detail", args=[_provider(w).pk]),
        _register_page(),
        statuses(405),
    ),
    "provider-edit": Case(
        lambda w: reverse("provider-edit", args=[_provider(w).pk]),
        _keepers_page(),
        _keepers_page(),
    ),
    "provider-declaration-add": Case(
        lambda w: reverse("provider-declaration-add", args=[_provider(w).pk]),
        _keepers_page(),
        _keepers_page(),
    ),
    # Only the provider's own contact signs (tests/safeguarding/test_provider_register.py).
    "provider-declaration-sign": Case(
        lambda w: reverse("provider-declaration-sign", args=[_provider(w).pk]),
        statuses(404, s302={"anonymous"}, s403=READERS),
        statuses(404, s302={"anonymous"}, s403=READERS),
    ),
    # The worker makes them; POST only, so that a followed link makes no copy.
    "provider-declaration-pdf": Case(
        lambda w: reverse("provider-declaration-pdf", args=[_provider(w).pk, w.declaration.pk]),
        statuses(405),
        statuses(404, s302={"anonymous"} | READERS),
    ),
    "provider-declaration-blank-pdf": Case(
        lambda w: reverse("provider-declaration-blank-pdf", args=[_provider(w).pk]),
        statuses(405),
        statuses(404, s302={"anonymous"} | READERS),
    ),
    "provider-visit-add": Case(
        lambda w: reverse("provider-visit-add", args=[_provider(w).pk]),
        _keepers_page(),
        _keepers_page(),
    ),
    "ap-placement-new": Case(
        lambda w: reverse("ap-placement-new", args=[w.pupil.pk]),
        pupil_view(EDITORS),
        pupil_view(EDITORS),
    ),
    "ap-placement-detail": Case(
        lambda w: reverse("ap-placement-detail", args=[_placement(w).pk]),
        pupil_view(),
        statuses(405),
    ),
    "ap-placement-edit": Case(
        lambda w: reverse("ap-placement-edit", args=[_placement(w).pk]),
        pupil_view(EDITORS),
        pupil_view(EDITORS),
    ),
    "ap-placement-end": Case(
        lambda w: reverse("ap-placement-end", args=[_placement(w).pk]),
        pupil_view(EDITORS),
        pupil_view(EDITORS),
    ),
    # The world has no term dates, so no day can be recorded: an empty week saves (302).
    "ap-placement-attendance": Case(
        lambda w: reverse("ap-placement-attendance", args=[_placement(w).pk]),
        pupil_view(),
        statuses(404, s302={"anonymous"} | HOME_STAFF, s403=SEES_PUPIL - HOME_STAFF),
    ),
}
