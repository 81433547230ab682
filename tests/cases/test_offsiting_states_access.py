"""Who may open the off-siting's pages while it is PLANNED and once it is CLOSED, for every role
of the `world` fixture (the permission matrix covers a STARTED off-siting).

Source: 000_6280d14dcdeb4d53.txt; the policy is access/__init__.py (Back-on-Track). The world's
host school joins the service and receives the off-siting, so `host_case_lead` and `host_dsl`
are the receiving centre's staff.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.offsiting.models import OffSiting, OffSitingMeeting
from documents.models import GeneratedDocument
from safeguarding.models import SharedItem
from tests.permissions import HOST_STAFF, ROLES, RUNNERS, SEES_PUPIL

HOME_WORKERS = {"school_headteacher", "school_case_lead", "school_dsl", "school_key_adult"}
SEES = SEES_PUPIL | HOST_STAFF


def _offsiting(world, state) -> OffSiting:
    today = timezone.localdate()
    world.host.group = world.group
    world.host.save()
    lead = world.users["school_case_lead"]
    closed = state == OffSiting.State.CLOSED
    o = OffSiting.objects.create(
        pupil=world.pupil,
        home_centre=world.school,
        receiving_centre=world.host,
        kind=OffSiting.Kind.RESPITE,
        case_lead=lead,
        state=state,
        first_day=today - datetime.timedelta(days=10 if closed else -3),
        last_day=today - datetime.timedelta(days=8 if closed else -5),
        started_on=today - datetime.timedelta(days=10) if closed else None,
        ended_on=today - datetime.timedelta(days=8) if closed else None,
        closed_on=today - datetime.timedelta(days=5) if closed else None,
        reasons="A fresh start",
    )
    for item in SharedItem.Item.values:
        SharedItem.objects.create(
            offsiting=o, item=item, available=True, available_on=today, document="Drive",
            recorded_by=lead,
        )  # fmt: skip
    o.meeting = OffSitingMeeting.objects.create(
        offsiting=o, kind=OffSitingMeeting.Kind.START, scheduled_for=o.first_day
    )
    return o


def _login(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])


def _expected_get(state, role, page):
    if role == "anonymous":
        return 302
    planned = state == OffSiting.State.PLANNED
    sees = SEES if planned else SEES - HOST_STAFF  # the receiving centre loses it at the close
    if role not in sees:
        return 404
    if page == "detail":
        return 200
    if page == "plan":
        return 200 if planned and role in RUNNERS else 403
    if page == "work":
        return 200 if planned and role in HOME_WORKERS | HOST_STAFF else 403
    if page == "meeting":
        return 200 if role in RUNNERS else 403
    raise AssertionError(page)


PAGES = {
    "detail": lambda o: o.get_absolute_url(),
    "plan": lambda o: reverse("offsiting-plan", args=[o.pk]),
    "work": lambda o: reverse("offsiting-work", args=[o.pk]),
    "meeting": lambda o: reverse("offsiting-meeting", args=[o.pk, o.meeting.pk]),
}


@pytest.mark.parametrize("state", [OffSiting.State.PLANNED, OffSiting.State.CLOSED])
@pytest.mark.parametrize("page", list(PAGES))
def test_get_for_every_role(client, world, state, page):
    o = _offsiting(world, state)
    url = PAGES[page](o)
    wrong = {}
    for role in ROLES:
        client.logout()
        _login(client, world, role)
        got = client.get(url).status_code
        if got != _expected_get(state, role, page):
            wrong[role] = got
    assert not wrong


@pytest.mark.parametrize("state", [OffSiting.State.PLANNED, OffSiting.State.CLOSED])
def test_only_runners_store_the_summary(client, world, state):
    o = _offsiting(world, state)
    url = reverse("offsiting-summary", args=[o.pk])
    wrong = {}
    for role in ROLES:
        client.logout()
        _login(client, world, role)
        got = client.post(url).status_code
        planned = state == OffSiting.State.PLANNED
        sees = SEES if planned else SEES - HOST_STAFF
        want = 302 if role == "anonymous" or role in RUNNERS else 403 if role in sees else 404
        if got != want:
            wrong[role] = got
    assert not wrong
    assert GeneratedDocument.objects.count() == len(RUNNERS)
    assert set(GeneratedDocument.objects.values_list("generated_by__email", flat=True)) == {
        world.users[r].email for r in RUNNERS
    }


def test_a_closed_offsiting_changes_nothing(client, world):
    o = _offsiting(world, OffSiting.State.CLOSED)
    client.force_login(world.users["school_case_lead"])
    for step in ("start", "end", "close", "cancel"):
        page = client.post(reverse("offsiting-step", args=[o.pk, step]), {"reason": "x"})
        assert page.status_code == 200  # refused on the page, never a 500
    o.refresh_from_db()
    assert o.state == OffSiting.State.CLOSED
