"""The LA's picture (issue 12): every pupil away from full-time education at their own school,
by reason and by school, with steps overdue and done late this term; numbers from SQL."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.directions.models import Direction
from demo.calendar import seed_term_dates
from reviews.calendars import term_start_for
from reviews.models import Deadline
from tests.cases.hosting import hosted_direction
from tests.factories import PupilFactory

Kind = Deadline.Kind


def _step(direction, *, state, met_on=None, n=0):
    Deadline.objects.create(
        pupil=direction.pupil,
        school=direction.home_school,
        case=direction,
        key=f"s{n}",
        kind=Kind.DIRECTION_NOTICE,
        due=timezone.localdate() - datetime.timedelta(days=3),
        met_on=met_on,
        responsible=direction.case_lead,
        owner_school=direction.home_school,
        state=state,
    )


@pytest.fixture
def active(world):
    direction = hosted_direction(world)  # active: the pupil is at the host
    _step(direction, state=Deadline.State.OVERDUE)
    _step(direction, state=Deadline.State.LATE, met_on=timezone.localdate(), n=1)
    hosted_direction(world, state=Direction.State.PROPOSED)  # not away yet: not counted
    return direction


def test_the_officer_sees_the_pupil_away_and_the_steps(client, world, active):
    client.force_login(world.users["la_la_officer"])
    response = client.get(reverse("la-dashboard"))
    assert response.status_code == 200
    assert response.context["away"] == 1
    (directions,) = [
        k for k in response.context["kinds"] if k["label"] == "On an off-site direction"
    ]
    assert directions["total"] == 1
    (row,) = response.context["rows"]
    assert (row["school"], row["overdue"], row["late"]) == (world.school, 1, 1)
    page = response.content.decode()
    assert f'href="{reverse("la-directions")}?state=active&amp;school={world.school.pk}"' in page
    assert "Home School" in page


def test_another_las_officer_sees_nothing_of_it(client, world, active):
    client.force_login(world.users["other_la_officer"])
    response = client.get(reverse("la-dashboard"))
    assert response.status_code == 200
    assert response.context["away"] == 0 and not response.context["rows"]
    assert "Home School" not in response.content.decode()


@pytest.mark.parametrize("who", ["school_case_lead", "school_headteacher", "host_case_lead"])
def test_school_staff_are_refused(client, world, who):
    client.force_login(world.users[who])
    assert client.get(reverse("la-dashboard")).status_code == 403


def test_it_runs_a_fixed_number_of_queries(client, world, active, django_assert_num_queries):
    client.force_login(world.users["la_la_officer"])
    client.get(reverse("la-dashboard"))
    with django_assert_num_queries(28) as first:  # 27, and the moves without a direction
        client.get(reverse("la-dashboard"))
    for n in range(3):
        pupil = PupilFactory(school=world.school, upn=f"Z{n}")
        _step(hosted_direction(world, pupil=pupil), state=Deadline.State.OVERDUE, n=n + 5)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("la-dashboard"))
    assert response.context["away"] == 4


def test_this_term_starts_on_its_first_half_term(world):
    seed_term_dates(world.la)
    assert term_start_for(world.la.pk, datetime.date(2026, 12, 3)) == datetime.date(2026, 9, 2)
    assert term_start_for(world.la.pk, datetime.date(2027, 3, 1)) == datetime.date(2027, 1, 4)
    assert term_start_for(world.other_la.pk, datetime.date(2026, 12, 3)) is None


def test_the_trend_counts_cases_opened_and_ended_this_month(client, world, active):
    Direction.objects.filter(pk=active.pk).update(ended_on=timezone.localdate())
    client.force_login(world.users["la_la_officer"])
    response = client.get(reverse("la-dashboard"))
    this_month = response.context["trend"][-1]
    assert (this_month["opened"], this_month["ended"]) == (2, 1)  # both directions opened now
    assert response.context["trend"][0]["month"].month == 9  # from September
    page = response.content.decode()
    assert '<svg class="waymark-chart"' in page and "Cases opened and ended each month" in page
