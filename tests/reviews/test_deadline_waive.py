"""Waiving a deadline: a reason is required, the waiver survives recomputation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.directions.deadlines import deadlines_refresh
from demo.calendar import seed_term_dates
from reviews.models import Deadline
from reviews.services.deadlines import deadline_waive
from tests.factories import DirectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_deadline(world):
    seed_term_dates(world.la)
    direction = DirectionFactory(
        pupil=world.pupil,
        home_school=world.school,
        case_lead=world.users["school_case_lead"],
        state="decided",
        planned_start=datetime.date(2026, 11, 16),
        planned_end=datetime.date(2027, 2, 12),
    )
    deadlines_refresh(direction=direction, today=datetime.date(2026, 11, 20))
    return direction.deadlines.get(kind=Deadline.Kind.DIRECTION_NOTICE)


def test_waiving_needs_a_reason(world, notice_deadline):
    with pytest.raises(ValidationError):
        deadline_waive(deadline=notice_deadline, reason="   ", by=world.users["school_case_lead"])
    notice_deadline.refresh_from_db()
    assert notice_deadline.state == Deadline.State.OVERDUE


def test_a_waiver_survives_recomputation(world, notice_deadline):
    deadline_waive(
        deadline=notice_deadline,
        reason="Notice given in person",
        by=world.users["school_case_lead"],
    )
    deadlines_refresh(direction=notice_deadline.case, today=datetime.date(2026, 11, 25))
    notice_deadline.refresh_from_db()
    assert notice_deadline.state == Deadline.State.WAIVED
    assert notice_deadline.waived_reason == "Notice given in person"
    assert notice_deadline.waived_by == world.users["school_case_lead"]


def test_a_met_deadline_cannot_be_waived(world, notice_deadline):
    notice_deadline.state, notice_deadline.met_on = Deadline.State.MET, datetime.date(2026, 11, 10)
    notice_deadline.save()
    with pytest.raises(ValidationError):
        deadline_waive(deadline=notice_deadline, reason="x", by=world.users["school_case_lead"])


def test_case_lead_waives_from_the_direction_page(client, world, notice_deadline):
    client.force_login(world.users["school_case_lead"])
    url = reverse("deadline-waive", args=[notice_deadline.case_id, notice_deadline.pk])
    empty = client.post(url, {"reason": ""})
    assert "Enter why the deadline is being waived" in empty.content.decode()
    response = client.post(url, {"reason": "Parents were told in person"}, follow=True)
    page = response.content.decode()
    assert "Waived" in page and "Parents were told in person" in page
    # Once waived it is no longer open: the waiver page is gone.
    assert client.get(url).status_code == 404
