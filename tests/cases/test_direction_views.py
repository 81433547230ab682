import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases.directions.models import Direction
from demo.calendar import seed_term_dates
from reviews.models import Deadline
from tests.factories import DirectionFactory
from tests.test_permission_matrix import PLAN


@pytest.fixture
def lead(client, world):
    seed_term_dates(world.la)
    client.force_login(world.users["school_case_lead"])
    return client


def test_propose_from_the_pupil_page(lead, world):
    page = lead.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    assert "Propose an off-site direction" in page
    response = lead.post(reverse("direction-new", args=[world.pupil.pk]), PLAN)
    direction = Direction.objects.get()
    assert response.url == direction.get_absolute_url()
    assert (direction.state, direction.home_school, direction.case_lead) == (
        "proposed",
        world.school,
        world.users["school_case_lead"],
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"planned_end_2": "2025"}, "The planned end date must be after the first day"),
        ({"planned_end_0": "", "planned_end_1": "", "planned_end_2": ""}, "never open-ended"),
        ({"reasons": ""}, "Enter reasons for the off-site direction"),
        ({"start_time": "25:99"}, "Enter a time like 8:45"),
        ({"attendance": "part_time"}, "Set out the timetable"),
        ({"objectives": "<script>x</script>"}, "plain text"),
    ],
)
def test_bad_plans_are_explained_and_nothing_is_saved(lead, world, changes, message):
    response = lead.post(reverse("direction-new", args=[world.pupil.pk]), {**PLAN, **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Direction.objects.exists()


def test_a_guard_is_explained_on_the_step_page(lead, world):
    lead.post(reverse("direction-new", args=[world.pupil.pk]), PLAN)
    direction = Direction.objects.get()
    response = lead.post(reverse("direction-step", args=[direction.pk, "consulted"]))
    page = response.content.decode()
    assert "There is a problem" in page and "LA SEND team" in page
    direction.refresh_from_db()
    assert direction.state == "proposed"


def test_the_host_list_never_offers_the_home_school(lead, world):
    lead.post(reverse("direction-new", args=[world.pupil.pk]), PLAN)
    direction = Direction.objects.get()
    direction.state = "consulted"
    direction.save()
    response = lead.post(
        reverse("direction-step", args=[direction.pk, "approach-host"]),
        {"host": world.school.pk, "on_0": "1", "on_1": "11", "on_2": "2026"},
    )
    assert "Select a valid choice" in response.content.decode()
    direction.refresh_from_db()
    assert direction.host_school is None


def test_only_the_headteacher_records_the_decision(client, world):
    direction = Direction.objects.create(
        pupil=world.pupil,
        home_school=world.school,
        case_lead=world.users["school_case_lead"],
        reasons="r",
        objectives="o",
        success_criteria="s",
        state="host_agreed",
    )
    url = reverse("direction-step", args=[direction.pk, "decide"])
    client.force_login(world.users["school_case_lead"])
    assert client.get(url).status_code == 403
    client.force_login(world.users["school_headteacher"])
    page = client.get(url).content.decode()
    assert "should not" in page and "be open-ended" in page


def test_due_page_lists_overdue_first_and_runs_fixed_queries(
    lead, world, django_assert_num_queries
):
    for n in range(15):
        direction = Direction.objects.create(
            pupil=world.pupil
            if n == 0
            else world.pupil.__class__.objects.create(
                school=world.school,
                first_name=f"P{n}",
                last_name="Due",
                upn=f"X{n}",
                gender="male",
                date_of_birth=datetime.date(2013, 1, 1),
                home_address="a",
            ),
            home_school=world.school,
            case_lead=world.users["school_case_lead"],
            reasons="r",
            objectives="o",
            success_criteria="s",
            state="decided",
        )
        Deadline.objects.create(
            pupil=direction.pupil,
            school=world.school,
            case=direction,
            key="notice",
            kind="direction_notice",
            due=timezone.localdate() - datetime.timedelta(days=n),
            responsible=world.users["school_case_lead"],
            owner_school=world.school,
            state="overdue" if n else "due",
        )
    lead.get(reverse("due"))  # content types are cached from the first request on
    # session, user, memberships, the two counts (one query), the overdue deadlines, those due
    # soon, their cases (one query for each of the six kinds of case with deadlines: see
    # tests/reviews/test_due_queries.py), unread notifications (the session is renewed at most
    # once a minute)
    with django_assert_num_queries(13):
        response = lead.get(reverse("due"))
    assert response.status_code == 200
    assert response.context["counts"] == {"overdue": 14, "soon": 1}
    overdue = response.context["sections"][0]["page"]
    assert overdue[0].pupil.first_name == "P14"  # the most overdue first
    other = world.users["other_case_lead"]
    lead.force_login(other)
    assert lead.get(reverse("due") + "?show=all").context["counts"] == {"overdue": 0, "soon": 0}


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (("26", "10", "2026"), "26 October 2026 is in half term."),
        (("28", "12", "2026"), "28 December 2026 is a bank holiday (Boxing Day (observed))."),
        (("30", "12", "2026"), "30 December 2026 is in the Christmas holidays."),
        (("21", "11", "2026"), "21 November 2026 is a Saturday, not a school day."),
    ],
)
def test_a_first_day_in_a_holiday_is_refused_beside_the_field(lead, world, day, message):
    start = dict(zip(("planned_start_0", "planned_start_1", "planned_start_2"), day, strict=True))
    response = lead.post(reverse("direction-new", args=[world.pupil.pk]), {**PLAN, **start})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["planned_start"] == [message]
    assert not Direction.objects.exists()


# How often reviews are held, and where the end date changes (003 "Review", template 3) -----

NOW = datetime.datetime(2026, 11, 13, 12, 0, tzinfo=datetime.UTC)


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _direction(world, state, **fields):
    return DirectionFactory(
        pupil=world.pupil,
        host_school=world.host,
        case_lead=world.users["school_case_lead"],
        state=state,
        review_interval_weeks=world.la.review_interval_weeks,
        **fields,
    )


def test_the_initial_meeting_agrees_how_often_reviews_are_held(lead, world):
    direction = _direction(world, "notice_sent")
    url = reverse("direction-meeting", args=[direction.pk, "initial"])
    with time_machine.travel(NOW, tick=False):
        page = lead.get(direction.get_absolute_url()).content.decode()
        assert "Every 6 weeks, the LA's usual interval, until the initial meeting agrees" in page
        response = lead.get(url)
        assert response.context["form"]["review_interval_weeks"].value() == 6
        field = re.search(r'<input[^>]*name="review_interval_weeks"[^>]*>', response.text)
        assert 'class="govuk-input govuk-input--width-2"' in field.group(0)
        meeting = {
            **_date("date", datetime.date(2026, 11, 13)),
            **_date("next_meeting", datetime.date(2026, 12, 11)),
        }
        response = lead.post(url, {**meeting, "review_interval_weeks": "8"})
        assert response.context["form"].errors["review_interval_weeks"] == [
            "Reviews must be held at least every 6 weeks in Worcestershire: enter 6 or fewer"
        ]
        direction.refresh_from_db()
        assert (direction.state, direction.meetings.count()) == ("notice_sent", 0)
        response = lead.post(url, {**meeting, "review_interval_weeks": "4"})
        assert response.url == direction.get_absolute_url()
        direction.refresh_from_db()
        assert (direction.state, direction.review_interval_weeks) == ("initial_meeting_held", 4)
        page = lead.get(direction.get_absolute_url()).content.decode()
    assert "Every 4 weeks, as agreed at the initial meeting on 13 November 2026" in page


def test_before_the_decision_the_plan_page_changes_the_end(lead, world):
    direction = _direction(world, "host_agreed")
    form = lead.get(reverse("direction-plan", args=[direction.pk])).context["form"]
    assert "planned_end" in form.fields


def test_after_the_decision_the_plan_page_says_where_the_end_changes(lead, world):
    direction = _direction(world, "active")
    url = reverse("direction-plan", args=[direction.pk])
    response = lead.get(url)
    assert "planned_end" not in response.context["form"].fields
    page = response.content.decode()
    assert "12 February 2027" in page
    assert (
        "The end date changes at a review: record the review&#x27;s decision to continue "
        "and for how long." in page
    )
    posted = {**PLAN, **_date("planned_end", datetime.date(2027, 3, 26)), "days": "Mon to Thu"}
    response = lead.post(url, posted)
    assert response.url == direction.get_absolute_url()
    direction.refresh_from_db()
    assert (direction.days, direction.planned_end) == ("Mon to Thu", datetime.date(2027, 2, 12))


def test_continuing_past_the_end_is_explained_beside_the_date_it_continues_until(lead, world):
    direction = _direction(world, "active")
    response = lead.post(
        reverse("direction-meeting", args=[direction.pk, "review"]),
        {
            **_date("date", datetime.date(2026, 11, 27)),
            "outcome": "continue",
            **_date("next_meeting", datetime.date(2027, 2, 26)),
        },
    )
    assert response.context["form"].errors["continue_until"] == [
        "The direction is planned to end on 12 February 2027, before the next review on "
        "26 February 2027: enter the date it continues until, 26 February 2027 or later."
    ]
    assert not direction.meetings.exists()


def test_the_areas_coordinator_is_offered_only_where_the_la_has_areas(lead, world):
    from tenancy.models import Area

    direction = DirectionFactory(pupil=world.pupil, home_school=world.school)
    url = reverse("direction-consultation", args=[direction.pk])
    assert "Education Entitlement Coordinator" not in lead.get(url).content.decode()
    Area.objects.create(
        local_authority=world.la,
        name="North",
        coordinator_name="Hannah Okafor",
        coordinator_email="hannah@example.com",
    )
    assert "Education Entitlement Coordinator" in lead.get(url).content.decode()
