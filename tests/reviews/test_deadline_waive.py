"""What the record says of a step: done on time or late (never "met"), waived (who, when, why),
or no longer needed (why); a waiver needs a reason and survives recomputation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.directions.deadlines import deadlines_refresh
from demo.calendar import seed_term_dates
from reviews.models import Deadline
from reviews.services.deadlines import deadline_waive, deadlines_sync
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
    notice_deadline.state, notice_deadline.met_on = (
        Deadline.State.ON_TIME,
        datetime.date(2026, 11, 10),
    )
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


def test_a_notice_sent_late_is_late_for_ever(client, world, notice_deadline):
    direction = notice_deadline.case
    direction.notice_sent_on = datetime.date(2026, 11, 14)  # due Thursday 12 November
    direction.save()
    for today in (datetime.date(2026, 11, 20), datetime.date(2027, 3, 1)):
        deadlines_refresh(direction=direction, today=today)
        notice_deadline.refresh_from_db()
        assert (notice_deadline.state, notice_deadline.days_late) == (Deadline.State.LATE, 2)
    client.force_login(world.users["school_case_lead"])
    page = client.get(direction.get_absolute_url()).content.decode()
    assert "Late</strong>" in page and "2 days late" in page and "On time" not in page


def test_a_step_no_longer_asked_for_stays_on_the_record_only_if_it_was_missed(
    world, notice_deadline
):
    direction = notice_deadline.case
    ids = {
        "responsible_id": direction.case_lead_id,
        "pupil_id": direction.pupil_id,
        "school_id": direction.home_school_id,
        "today": datetime.date(2026, 11, 20),
    }
    not_yet_due = ("first_review", datetime.date(2027, 1, 11), None)
    deadlines_sync(
        case=direction,
        wanted={"notice": (notice_deadline.kind, notice_deadline.due, None), "x": not_yet_due},
        **ids,
    )
    later = direction.deadlines.filter(key="x")
    assert later.exists()
    deadlines_sync(case=direction, wanted={}, **ids)
    assert not later.exists()
    notice_deadline.refresh_from_db()
    assert notice_deadline.state == Deadline.State.NOT_NEEDED
    assert notice_deadline.not_needed_reason == (
        "Not asked for any more once the off-site direction changed on 20 November 2026 "
        "(now: Decided)."
    )


def test_a_waiver_says_who_and_when(client, world, notice_deadline):
    deadline_waive(
        deadline=notice_deadline,
        reason="Parents told in person",
        by=world.users["school_case_lead"],
    )
    assert notice_deadline.waived_at is not None
    client.force_login(world.users["school_headteacher"])
    page = client.get(notice_deadline.case.get_absolute_url()).content.decode()
    when = notice_deadline.waived_at.strftime("%-d %B %Y")
    lead = world.users["school_case_lead"]
    assert f"By {lead} on {when}: Parents told in person" in page
