"""The LA's list of directions and managed moves, its task list, ticking a task, and the
direction page's timeline and managed move card (003_db4daf6c9cf2ba51.txt "Managed Move")."""

import datetime

import pytest
import time_machine
from django.urls import reverse

import access
from cases.directions.host_models import ContactEntry
from cases.directions.models import Consultation, Direction, LaTask, ManagedMove
from demo.calendar import seed_term_dates
from reviews.models import Deadline, Meeting
from tests.factories import DirectionFactory, PupilFactory
from tests.test_permission_matrix import ROLES

D = datetime.date
# A Wednesday in the spring term: a direction that started on Monday 16 November 2026 has run
# 7 school weeks (4 before Christmas, 3 after), though 9 calendar weeks.
TODAY = datetime.datetime(2027, 1, 20, 10, 0, tzinfo=datetime.UTC)
LIST = reverse("la-directions")
TASKS = reverse("la-tasks")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def cases(world):
    """A: the world's pupil (EHCP, looked after) at the host, active; B: a host pupil's
    proposal; C: the other LA's; M: a direction converted to a managed move."""
    seed_term_dates(world.la)
    seed_term_dates(world.other_la)
    a = DirectionFactory(
        pupil=world.pupil,
        host_school=world.host,
        state=Direction.State.ACTIVE,
        case_lead=world.users["school_case_lead"],
    )
    b = DirectionFactory(
        pupil=PupilFactory(school=world.host, first_name="Bea", last_name="Hostpupil"),
        planned_start=D(2027, 2, 1),
        planned_end=D(2027, 4, 1),
    )
    c = DirectionFactory(pupil=world.other_pupil, state=Direction.State.ACTIVE)
    m = DirectionFactory(
        pupil=PupilFactory(school=world.school, first_name="Mo", last_name="Mover"),
        host_school=world.host,
        state=Direction.State.ENDED,
        ending=Direction.Ending.MANAGED_MOVE,
        planned_start=D(2026, 9, 7),
        planned_end=D(2026, 12, 18),
        ended_on=D(2026, 12, 11),
    )
    ManagedMove.objects.create(
        direction=m,
        pupil=m.pupil,
        from_school=world.school,
        to_school=world.host,
        agreed_start=D(2027, 2, 1),
        parents_agree=True,
        admission_authority_agrees=True,
        recorded_by=world.users["school_case_lead"],
    )
    Deadline.objects.create(
        pupil=a.pupil,
        school=world.school,
        case=a,
        kind=Deadline.Kind.FIRST_REVIEW,
        key="first-review",
        due=D(2027, 1, 11),
        responsible=a.case_lead,
        state=Deadline.State.OVERDUE,
    )
    Deadline.objects.create(
        pupil=a.pupil,
        school=world.school,
        case=a,
        kind=Deadline.Kind.PLANNED_END,
        key="planned-end",
        due=D(2027, 2, 12),
        responsible=a.case_lead,
    )
    return {"a": a, "b": b, "c": c, "m": m}


def page_for(client, world, role, url=LIST, **params):
    if role != "anonymous":
        client.force_login(world.users[role])
    return client.get(url, params)


NAMES = {"a": "Home, Alex", "b": "Hostpupil, Bea", "c": "Other, Olly", "m": "Mover, Mo"}
SEES = {
    "la_la_officer": {"a", "b", "m"},
    "la_la_safeguarding": {"a", "b", "m"},
    "la_director": {"a", "b", "m"},
    "la_la_send": {"a"},
    "la_virtual_school": {"a"},
    "other_la_officer": {"c"},
}


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_role_its_own_la_only(client, world, cases, role):
    response = page_for(client, world, role)
    if role == "anonymous":
        assert response.status_code == 302
        return
    if role not in SEES:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    page = response.content.decode()
    shown = {key for key, name in NAMES.items() if name in page}
    assert shown == SEES[role]


def _rows(response):
    return {key for key, name in NAMES.items() if name in response.content.decode()}


def test_the_columns_say_what_an_officer_needs(client, world, cases):
    page = page_for(client, world, "la_la_officer").content.decode()
    row = page[page.index("Home, Alex") :]
    row = row[: row.index("</tr>")]
    for text in ("Home School", "Host School", "Active", "16 Nov 2026", ">7<"):
        assert text in row, text
    assert 'govuk-tag--red">1<' in row  # one overdue deadline: the first review
    assert 'Planned end of the direction<br><span class="govuk-body-s">Fri 12 Feb 2027' in row
    mover = page[page.index("Mover, Mo") :]
    assert "Joins Host School's roll on 1 Feb 2027" in mover[: mover.index("</tr>")]
    assert "in the home school's own calendar" in page


def test_steps_done_late_are_counted_beside_the_overdue_ones(client, world, cases):
    a = cases["a"]
    Deadline.objects.create(
        pupil=a.pupil,
        school=world.school,
        case=a,
        kind=Deadline.Kind.DIRECTION_NOTICE,
        key="notice",
        due=D(2026, 11, 12),
        met_on=D(2026, 11, 13),
        responsible=a.case_lead,
        state=Deadline.State.LATE,
    )
    page = page_for(client, world, "la_la_officer").content.decode()
    row = page[page.index("Home, Alex") :]
    assert 'govuk-tag--orange">1<' in row[: row.index("</tr>")]
    assert "Done late" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"a", "b", "m"}),
        ({"school": "host"}, {"b"}),
        ({"host": "host"}, {"a", "m"}),
        ({"state": "active"}, {"a"}),
        ({"state": "open"}, {"a", "b"}),
        ({"state": "ended:managed_move"}, {"m"}),
        ({"weeks": "7"}, {"a"}),
        ({"weeks": "8"}, set()),
        ({"overdue": "on"}, {"a"}),
        ({"school": "home", "state": "proposed"}, set()),
    ],
)
def test_the_filters(client, world, cases, params, expected):
    schools = {"home": world.school.pk, "host": world.host.pk}
    params = {k: schools.get(v, v) if k in ("school", "host") else v for k, v in params.items()}
    assert _rows(page_for(client, world, "la_la_officer", **params)) == expected


def test_a_whole_week_closed_by_the_school_is_not_a_school_week(client, world, cases):
    world.school.closures = [f"2027-01-{d:02d}" for d in range(11, 16)]
    world.school.save()
    assert _rows(page_for(client, world, "la_la_officer", weeks="7")) == set()
    assert _rows(page_for(client, world, "la_la_officer", weeks="6")) == {"a"}


def test_a_bad_number_of_weeks_is_explained(client, world, cases):
    response = page_for(client, world, "la_la_officer", weeks="six")
    assert response.status_code == 200
    assert "Enter the number of school weeks as a whole number" in response.content.decode()


def test_a_huge_number_of_weeks_is_explained(client, world, cases):
    response = page_for(client, world, "la_la_officer", weeks="99999999999999999999")
    assert response.status_code == 200
    assert "Enter 260 school weeks or fewer" in response.content.decode()


def test_another_las_school_cannot_be_chosen(client, world, cases):
    response = page_for(client, world, "la_la_officer", school=world.other_school.pk)
    assert "Select a valid choice" in response.content.decode()


def _directions(world, count):
    for n in range(count):
        pupil = PupilFactory(school=[world.school, world.host][n % 2])
        direction = DirectionFactory(
            pupil=pupil,
            host_school=world.host if pupil.school == world.school else world.school,
            state=[Direction.State.ACTIVE, Direction.State.ENDED][n % 2],
            ending="managed_move" if n % 2 else "",
            planned_start=D(2026, 11, 2) + datetime.timedelta(days=n),
        )
        Deadline.objects.create(
            pupil=pupil,
            school=pupil.school,
            case=direction,
            kind=Deadline.Kind.NEXT_REVIEW,
            key="r",
            due=D(2027, 1, 5),
            responsible=direction.case_lead,
        )


@pytest.mark.parametrize("params", [{}, {"weeks": "3", "overdue": "on", "state": "open"}])
def test_the_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, params):
    seed_term_dates(world.la)
    world.host.closures = ["2027-01-04", "2027-01-05"]
    world.host.save()
    client.force_login(world.users["la_la_officer"])
    # session, user, memberships, notifications, the session saved (3: the first page of the
    # minute only); schools, term dates; count, rows (with the deadlines as subqueries)
    _directions(world, 5)
    with django_assert_num_queries(11):
        assert client.get(LIST, params).status_code == 200
    _directions(world, 25)
    with django_assert_num_queries(8):
        response = client.get(LIST, params)
    assert response.status_code == 200
    assert "Page 1 of 2" in response.content.decode() or params


# The LA's tasks ------------------------------------------------------------------------------


def _task(direction, kind, **kwargs):
    return LaTask.objects.create(
        local_authority=direction.home_school.local_authority,
        kind=kind,
        pupil=direction.pupil,
        school=direction.home_school,
        direction=direction,
        **kwargs,
    )


@pytest.fixture
def tasks(world, cases):
    return {
        "portal": _task(cases["m"], LaTask.Kind.PORTAL_RETURN),
        "sheet": _task(
            cases["m"],
            LaTask.Kind.SPREADSHEET,
            done_on=D(2027, 1, 4),
            done_by=world.users["la_la_officer"],
        ),
        "send": _task(
            cases["a"], LaTask.Kind.SEND_CONSULTATION, assigned_to=world.users["la_la_send"]
        ),
        "vs": _task(cases["a"], LaTask.Kind.VIRTUAL_SCHOOL_CONSULTATION),
        "other": _task(cases["c"], LaTask.Kind.PORTAL_RETURN),
    }


LABELS = {
    "portal": "Complete the on or off-roll return",
    "send": "SEND team consultation",
    "vs": "Virtual School consultation",
}


@pytest.mark.parametrize(
    ("role", "mine", "others"),
    [
        ("la_la_officer", set(), {"portal", "send", "vs"}),
        ("la_la_safeguarding", set(), {"portal", "send", "vs"}),
        ("la_la_send", {"send"}, set()),
        ("la_virtual_school", set(), {"vs"}),
        ("other_la_officer", set(), {"portal"}),
    ],
)
def test_the_task_list_shows_open_tasks_by_role(client, world, tasks, role, mine, others):
    page = page_for(client, world, role, TASKS).content.decode()
    head, rest = page.split("Other open tasks in", 1)
    assert {
        k for k, label in LABELS.items() if label in head.split("Assigned to you", 1)[1]
    } == mine
    assert {k for k, label in LABELS.items() if label in rest} == others
    assert "Update the Off-site Direction spreadsheet" not in page  # done: off the list


@pytest.mark.parametrize(
    "role",
    ["school_case_lead", "school_office", "host_case_lead", "la_la_admin", "head_of_service"],
)
def test_the_task_list_is_for_la_roles(client, world, tasks, role):
    assert page_for(client, world, role, TASKS).status_code == 403


def test_the_task_list_runs_a_fixed_number_of_queries(
    client, world, cases, django_assert_num_queries
):
    client.force_login(world.users["la_la_officer"])
    _task(cases["a"], LaTask.Kind.SEND_CONSULTATION)
    # session, user, memberships, notifications, the session saved (3: the first page of the
    # minute only); mine, count and page of the others
    with django_assert_num_queries(10):
        assert client.get(TASKS).status_code == 200
    for direction in Direction.objects.exclude(pk=cases["a"].pk):
        _task(direction, LaTask.Kind.PORTAL_RETURN, assigned_to=world.users["la_la_officer"])
        _task(direction, LaTask.Kind.SPREADSHEET)
    with django_assert_num_queries(7):
        assert client.get(TASKS).status_code == 200


@pytest.mark.parametrize(
    ("role", "task", "status"),
    [
        ("la_la_officer", "portal", 302),
        ("school_case_lead", "portal", 302),
        ("school_headteacher", "portal", 302),
        ("school_office", "portal", 403),
        ("la_la_safeguarding", "portal", 403),
        ("la_la_send", "portal", 404),
        ("host_case_lead", "portal", 404),
        ("other_la_officer", "portal", 404),
        ("la_la_send", "send", 302),
        ("la_virtual_school", "vs", 302),
        ("school_case_lead", "vs", 403),
        ("la_la_officer", "vs", 302),
    ],
)
def test_who_may_tick_a_task(client, world, tasks, role, task, status):
    client.force_login(world.users[role])
    url = reverse("la-task-done", args=[tasks[task].pk])
    response = client.post(url, {"note": "Ref 42", "next": "https://evil.example/"})
    assert response.status_code == status
    tasks[task].refresh_from_db()
    assert (tasks[task].done_on is not None) == (status == 302)
    if status == 302:
        assert response.url in (TASKS, tasks[task].direction.get_absolute_url())
        assert tasks[task].notes == "Ref 42" and tasks[task].done_by == world.users[role]


def test_ticking_returns_to_the_page_it_came_from(client, world, tasks):
    client.force_login(world.users["school_case_lead"])
    detail = tasks["portal"].direction.get_absolute_url()
    url = reverse("la-task-done", args=[tasks["portal"].pk])
    assert "Mark as done" in client.get(url, {"next": detail}).content.decode()
    assert client.post(url, {"next": detail}).url == detail


def test_a_done_task_says_who_did_it(client, world, tasks):
    client.force_login(world.users["la_la_officer"])
    url = reverse("la-task-done", args=[tasks["sheet"].pk])
    assert "Done on 4 January 2027" in client.get(url).content.decode()
    response = client.post(url, {"note": "again"})
    assert "already marked as done" in response.content.decode()


# The direction page: the managed move card and the timeline --------------------------------


def test_the_direction_page_shows_the_move_the_tasks_and_the_timeline(client, world, tasks, cases):
    m = cases["m"]
    Meeting.objects.create(
        direction=m,
        kind="review",
        date=D(2026, 12, 11),
        held=True,
        outcome="managed_move",
        recorded_by=m.case_lead,
    )
    client.force_login(world.users["school_case_lead"])
    page = client.get(m.get_absolute_url()).content.decode()
    assert "Managed move to Host School" in page
    assert "joins the roll of Host School on 1 February 2027" in page
    card = page[page.index("LA tasks") :]
    assert card.count("Mark as done") == 1  # the open portal return; the spreadsheet is done
    timeline = page[page.index('id="timeline"') :]
    for text in (
        "Proposed",
        "Review held",
        "Convert to a managed move",
        "Ended: converted to a managed move",
        "Managed move to Host School recorded",
        "LA task done: Update the Off-site Direction spreadsheet",
    ):
        assert text in timeline, text
    assert timeline.index("Review held") < timeline.index("Managed move to Host")


def test_the_timeline_tells_the_story_from_the_history(client, world, cases):
    from cases.directions import services as svc

    a = cases["b"]
    lead = world.users["school_headteacher"]
    a.case_lead = lead
    a.state = Direction.State.CONSULTED
    a.save()
    svc.direction_approach_host(direction=a, host=world.school, on=D(2027, 1, 12), by=lead)
    svc.direction_host_answers(direction=a, accepted=False, on=D(2027, 1, 13), by=lead)
    client.force_login(world.users["la_la_officer"])
    page = client.get(a.get_absolute_url()).content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert "Asked Home School to host" in timeline
    assert "Home School declined to host" in timeline


def _render_sections(world, direction):
    """The timeline and the managed move card, as the direction page renders them."""
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get(direction.get_absolute_url())
    request.user = world.users["la_la_officer"]
    request.membership = request.user.memberships.get()
    template = Template(
        "{% load timeline_tags %}{% managed_move_card d %}{% direction_timeline d %}"
    )
    return template.render(Context({"d": direction, "request": request}))


def test_the_timeline_and_card_run_a_fixed_number_of_queries(
    world, cases, django_assert_num_queries
):
    """The test's membership; the card's move and tasks; the history, consultations,
    meetings, requests, letters, contacts, suspensions, the move, the tasks done and what the
    parents did through their own link (and the names of the hosts approached, when there are
    any)."""
    a = cases["a"]
    _render_sections(world, a)  # content types cached
    with django_assert_num_queries(13):
        _render_sections(world, a)
    lead = a.case_lead
    for n in range(6):
        Consultation.objects.create(
            direction=a, kind="other", person=f"P{n}", on=D(2026, 11, 1), recorded_by=lead
        )
        Meeting.objects.create(
            direction=a,
            kind="review",
            date=D(2026, 12, 1 + n),
            held=True,
            outcome="continue",
            parents_invited_on=D(2026, 11, 20),
            recorded_by=lead,
        )
        ContactEntry.objects.create(
            pupil=a.pupil,
            direction=a,
            when=datetime.datetime(2026, 12, 1 + n, 10, tzinfo=datetime.UTC),
            between="home_host",
            who="Both leads",
            how="phone",
            what="Update",
            recorded_by=lead,
            recorded_by_school=world.school,
        )
        a.planned_end = D(2027, 3, 1 + n)
        a.save()
    for kind in (LaTask.Kind.PORTAL_RETURN, LaTask.Kind.SPREADSHEET):
        _task(a, kind, done_on=D(2027, 1, 5), done_by=lead)
    with django_assert_num_queries(13):
        html = _render_sections(world, a)
    assert html.count("Review held") == 6
    assert html.count("LA task done") == 2


def test_the_old_school_can_tick_after_the_pupil_has_moved(client, world, tasks, cases):
    m = cases["m"]
    from cases.directions.managed_moves import managed_move_apply_roll_change

    managed_move_apply_roll_change(m.managed_move, D(2027, 2, 1))
    client.force_login(world.users["school_case_lead"])
    page = client.get(m.get_absolute_url()).content.decode()
    assert "has been on the roll of Host School since 1 February 2027" in page
    assert "Mark as done" in page
    membership = world.users["school_case_lead"].memberships.get()
    assert not access.pupils_visible_to(membership).filter(pk=m.pupil_id).exists()


def test_a_moving_direction_is_marked_listed_and_counted(client, world, cases):
    """003: a review's managed move leaves the direction open, moving, until the roll changes."""
    a = cases["a"]
    a.moving_since = D(2026, 12, 11)
    a.save(update_fields=["moving_since"])
    page = page_for(client, world, "la_la_officer").content.decode()
    row = page[page.index("Home, Alex") :]
    assert "Moving: a managed move to Host School is being agreed" in row[: row.index("</tr>")]
    assert _rows(page_for(client, world, "la_la_officer", state="moving")) == {"a"}
    assert _rows(page_for(client, world, "la_la_officer", state="active")) == {"a"}
    response = client.get(reverse("la-dashboard"))
    (moving,) = [
        k
        for k in response.context["kinds"]
        if k["label"] == "In a managed move, not yet on the new roll"
    ]
    assert moving["total"] == 1  # the ended "m" is on its new roll (or will be) and not moving
    assert response.context["away"] == 1  # one pupil, counted once
    assert f"{reverse('la-directions')}?state=moving" in response.content.decode()
