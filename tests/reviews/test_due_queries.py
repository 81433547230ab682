"""The Due page takes the same queries whatever its search finds: both parts full, one part
empty, or nothing at all (issue 12: the count must not depend on the data)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.directions.models import Direction
from reviews.models import Deadline
from tests.factories import DirectionFactory, PupilFactory
from tests.safeguarding import make_declaration, make_provider

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC), tick=False):
        yield


def _step(world, name: str, days: int):
    direction = DirectionFactory(
        pupil=PupilFactory(school=world.school, first_name=name, last_name=f"{name}son"),
        state=Direction.State.ACTIVE,
        case_lead=world.users["school_case_lead"],
    )
    Deadline.objects.create(
        pupil=direction.pupil,
        school=world.school,
        case=direction,
        kind=Deadline.Kind.FIRST_REVIEW,
        key="first-review",
        due=TODAY + datetime.timedelta(days=days),
        responsible=direction.case_lead,
        owner_school=world.school,
        state=Deadline.State.OVERDUE if days < 0 else Deadline.State.DUE,
    )


def _queries(client, params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("due"), params)
    assert response.status_code == 200
    return len(queries.captured_queries), response


# session, user, memberships; the two counts (one query); the overdue rows and the rows due
# soon (each read even when there are none); the cases of the rows, one query for each kind
# of case with deadlines (directions, off-sitings, PSPs, reduced timetables, AP placements,
# providers' declarations); unread notifications
DUE_QUERIES = 13


def test_a_case_leads_search_takes_the_same_queries_whatever_it_finds(client, world):
    for n, days in enumerate([-3, -2, 1, 2]):
        _step(world, f"Ava{n}", days)
    _step(world, "Zak", -1)
    client.force_login(world.users["school_case_lead"])
    client.get(reverse("due"))  # content types cached from here on
    for search, shown in [
        ("ava", (2, 2)),  # both parts
        ("zak", (1, 0)),  # nothing due soon
        ("nobody", (0, 0)),  # nothing at all
    ]:
        count, response = _queries(client, {"q": search})
        assert count == DUE_QUERIES, search
        assert tuple(len(s["page"]) for s in response.context["sections"]) == shown
    count, response = _queries(client, {"q": "nobody"})
    assert "None match. Try fewer words." in response.content.decode()


def test_a_declaration_on_the_due_page_is_named_by_its_provider(client, world):
    officer = world.users["la_la_safeguarding"]
    provider = make_provider(world.la, "Riverside Centre")
    declaration = make_declaration(provider, TODAY - datetime.timedelta(days=400), officer)
    Deadline.objects.create(
        case=declaration,
        local_authority=world.la,
        kind=Deadline.Kind.DECLARATION_EXPIRY,
        key="expiry",
        due=declaration.expires_on,
        responsible=officer,
        owner_la=world.la,
        state=Deadline.State.OVERDUE,
    )
    client.force_login(officer)
    client.get(reverse("due"))
    count, response = _queries(client, {})
    assert count == DUE_QUERIES
    page = response.content.decode()
    assert "Safeguarding declaration of Riverside Centre" in page
    assert reverse("provider-detail", args=[provider.pk]) in page
