"""The LA's picture (issue 12): every pupil away from full-time education at their own school,
by reason, by audit rating and by school, the reduced timetables past their limit month by month,
and steps overdue, done late and on time this term; numbers from SQL, each matching the list it
opens."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.directions.models import Direction
from demo.calendar import seed_term_dates
from reviews.calendars import term_start_for
from reviews.dashboard_views import STEP_SCHOOLS, step_chart
from reviews.models import Deadline
from tests.cases.hosting import hosted_direction
from tests.cases.test_reduced_timetable_support import (
    add_step,
    fill_secondary,
    make_timetable,
    on_the_004_protocol,
)
from tests.factories import PupilFactory, SchoolFactory

Kind = Deadline.Kind


def _step(direction, *, state, met_on=None, n=0, kind=Kind.DIRECTION_NOTICE):
    Deadline.objects.create(
        pupil=direction.pupil,
        school=direction.home_school,
        case=direction,
        key=f"s{n}",
        kind=kind,
        due=timezone.localdate() - datetime.timedelta(days=3),
        met_on=met_on,
        responsible=direction.case_lead,
        owner_school=direction.home_school,
        state=state,
    )


def _running(world, *, weeks_ago=2, step=True, school=None, **fields):
    """A reduced timetable running since `weeks_ago` weeks, rated as the services rate it: Green
    with a reintegration plan and within the limit, Red without a plan, Amber past the limit."""
    start = timezone.localdate() - datetime.timedelta(weeks=weeks_ago)
    timetable = make_timetable(
        world,
        pupil=PupilFactory(school=school or world.school),
        start=start,
        weeks=weeks_ago + 4,
        **({"state": "started", "started_on": start} | fields),
    )
    fill_secondary(timetable)
    if step:
        add_step(timetable, weeks=weeks_ago + 1)
    return timetable


def _follow(client, url) -> int:
    """How many rows the list behind a number has."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


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
    # session, user, memberships; the LA's schools; each case type's current ones by school
    # (7: directions, those moving, managed moves without a direction, off-sitings, PSPs,
    # reduced timetables with their ratings and those past the limit, AP placements); each of
    # the 5 case types that date theirs, its cases opened and ended each month in one query
    # (the reduced timetables' with those past the limit at each month's end); the pupils
    # away; this term's start; the steps by school; unread notifications (the session is not
    # saved on every request). Six fewer than when each month's trend was grouped twice a case
    # type and the limit's trend was a query of its own.
    with django_assert_num_queries(20):
        client.get(reverse("la-dashboard"))
    for n in range(3):
        pupil = PupilFactory(school=world.school, upn=f"Z{n}")
        direction = hosted_direction(world, pupil=pupil)
        _step(direction, state=Deadline.State.OVERDUE, n=n + 5)
        _step(direction, state=Deadline.State.ON_TIME, met_on=timezone.localdate(), n=n + 9)
        _running(world, weeks_ago=14 + n, step=bool(n))
    with django_assert_num_queries(20):
        response = client.get(reverse("la-dashboard"))
    assert response.context["away"] == 7  # and the three on reduced timetables


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


def test_reduced_timetables_by_rating_each_open_the_list_of_them(client, world):
    on_the_004_protocol(world)  # the audit and the limit are 004's
    _running(world)
    _running(world)
    _running(world, step=False)  # no reintegration plan: Red
    _running(world, weeks_ago=14)  # past the limit unauthorised: Amber
    _running(world, state="planned", started_on=None)  # not running yet: not counted
    _running(world, school=world.other_school)  # another LA's
    client.force_login(world.users["la_la_officer"])
    response = client.get(reverse("la-dashboard"))
    (kind,) = [k for k in response.context["kinds"] if k["ratings"]]
    assert kind["total"] == 4
    totals = {rating["value"]: rating["total"] for rating in kind["ratings"]}
    assert totals == {"green": 2, "amber": 1, "red": 1}
    for rating in kind["ratings"]:
        assert f'href="{rating["url"].replace("&", "&amp;")}"' in response.content.decode()
        assert _follow(client, rating["url"]) == rating["total"], rating["value"]
    assert kind["past"]["total"] == 1 == _follow(client, kind["past"]["url"])
    assert _follow(client, kind["url"]) == kind["total"]
    (row,) = response.context["rows"]
    (cell,) = [c for c, k in zip(row["cells"], response.context["kinds"], strict=True) if k is kind]
    assert cell["n"] == 4 == _follow(client, cell["url"])


def test_an_english_la_on_the_dfes_expectations_sees_no_rating_and_no_limit(client, world):
    """Its reduced timetables are counted, but the audit and the Director's limit are 004's
    (issue 15): its picture names neither."""
    _running(world)
    _running(world, weeks_ago=14)
    client.force_login(world.users["la_la_officer"])
    response = client.get(reverse("la-dashboard"))
    page = response.content.decode()
    (kind,) = [k for k in response.context["kinds"] if k["label"] == "On a reduced timetable"]
    assert kind["total"] == 2
    assert not kind["ratings"] and not kind["past"] and not kind["past_trend"]
    assert "by audit rating" not in page
    assert "Director" not in page


def test_the_trend_past_the_limit_matches_the_list_on_each_day(client, world):
    on_the_004_protocol(world)  # the Director's limit is 004's
    today = timezone.localdate()
    _running(world, weeks_ago=20)  # past the limit since eight weeks ago
    _running(world, weeks_ago=13)  # since last week
    ended = _running(world, weeks_ago=18)
    ended.state, ended.ended_on = "ended", today - datetime.timedelta(weeks=3)
    ended.save(update_fields=["state", "ended_on"])
    client.force_login(world.users["la_la_officer"])
    response = client.get(reverse("la-dashboard"))
    (kind,) = [k for k in response.context["kinds"] if k.get("past_trend")]
    points = kind["past_trend"]
    assert points[0]["day"].month == 9 and points[-1]["day"] == today
    assert points[-1]["n"] == 2 == kind["past"]["total"]
    for point in points:
        assert _follow(client, point["url"]) == point["n"], point["day"]
    assert any(point["n"] for point in points[:-1]) or today.month == 9
    page = response.content.decode()
    assert "at the end of each month" in page and page.count('<svg class="waymark-chart"') == 2


def test_steps_on_time_and_late_by_school_match_the_list_of_them(client, world, active):
    today = timezone.localdate()
    second = SchoolFactory(local_authority=world.la, name="Second School")
    other = hosted_direction(world, pupil=PupilFactory(school=second))
    _step(other, state=Deadline.State.ON_TIME, met_on=today, n=20)
    _step(other, state=Deadline.State.ON_TIME, met_on=today, n=21)
    _step(other, state=Deadline.State.LATE, met_on=today, n=22)
    # the daily register is not a case's step; one done before this term is not this term's
    _step(other, state=Deadline.State.LATE, met_on=today, n=23, kind=Kind.HOST_ATTENDANCE)
    _step(other, state=Deadline.State.LATE, met_on=today - datetime.timedelta(days=400), n=24)
    client.force_login(world.users["la_la_officer"])
    response = client.get(reverse("la-dashboard"))
    rows = {row["school"]: row for row in response.context["rows"]}
    assert (rows[second]["on_time"], rows[second]["late"]) == (2, 1)
    assert (rows[world.school]["on_time"], rows[world.school]["late"]) == (0, 1)
    for row in rows.values():
        for state in ("on_time", "late", "overdue"):
            assert _follow(client, row["urls"][state]) == row[state], (row["school"], state)
    assert response.context["late"] == 2 == _follow(client, response.context["steps_urls"]["late"])
    overdue = response.context["steps_urls"]["overdue"]
    assert response.context["overdue"] == 1 == _follow(client, overdue)
    assert f'href="{overdue.replace("&", "&amp;")}"' in response.content.decode()
    chart = response.context["steps_chart"]
    assert [bar["row"]["school"] for bar in chart["bars"]] == [second, world.school]
    page = response.content.decode()
    assert "Case steps done on time and late this term, by school" in page
    assert 'fill="url(#waymark-late-hatch)"' in page


def test_the_steps_list_is_the_las_own(client, world, active):
    client.force_login(world.users["other_la_officer"])
    url = reverse("la-dashboard-steps")
    assert client.get(url, {"state": "late", "school": world.school.pk}).status_code == 404
    assert client.get(url, {"state": "late"}).context["page"].paginator.count == 0
    client.force_login(world.users["school_case_lead"])
    assert client.get(url).status_code == 403


def test_the_steps_chart_draws_the_schools_with_most_done_late_first():
    """Past STEP_SCHOOLS schools the chart stops; the page says how many more the table by
    school has. Bars are to scale: the longest is the school with the most steps done."""
    schools = [SimpleNamespace(name=f"School {n:02}") for n in range(STEP_SCHOOLS + 3)]
    rows = [{"school": s, "on_time": n, "late": n % 4} for n, s in enumerate(schools)]
    chart = step_chart(rows + [{"school": SimpleNamespace(name="Quiet"), "on_time": 0, "late": 0}])
    drawn = [bar["row"] for bar in chart["bars"]]
    assert len(drawn) == STEP_SCHOOLS and chart["more"] == 2  # the one with none is left out
    assert [row["late"] for row in drawn] == sorted((row["late"] for row in drawn), reverse=True)
    widest = max(chart["bars"], key=lambda bar: bar["on_time_width"] + bar["late_width"])
    assert widest["row"]["on_time"] + widest["row"]["late"] == max(
        row["on_time"] + row["late"] for row in drawn
    )
