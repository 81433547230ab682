"""The host's register for a directed pupil, the home school's view of it (D beside the host's
code), missing days as deadlines, and the "Pupils we host" list.

Sources: 003_db4daf6c9cf2ba51.txt "Attendance Coding"; 002_decd2720d6352690.txt."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.directions import services as direction_svc
from cases.directions.deadlines import deadlines_refresh
from cases.directions.host_models import AttendanceMark
from cases.directions.host_work import attendance_record
from cases.directions.models import Direction
from cases.pupils.models import Suspension
from reviews.models import Deadline
from tenancy.models import Role
from tests.cases.hosting import NOW, START, D, hosted_direction, week_post
from tests.factories import PupilFactory, member

MONDAY = D(2026, 11, 16)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def direction(world):
    return hosted_direction(world)


def _url(direction, week=None):
    url = reverse("direction-attendance", args=[direction.pk])
    return f"{url}?week={week.isoformat()}" if week else url


def _as(client, world, role):
    client.force_login(world.users[role])
    return client


def test_the_host_records_a_week_at_once_and_sessions_start_as_present(client, world, direction):
    host = _as(client, world, "host_case_lead")
    page = host.get(_url(direction)).content.decode()
    # Wednesday afternoon has started (2pm); Thursday and Friday have not.
    assert page.count("<select") == 6
    assert "Thursday 19 November 2026 (morning) has not happened yet" in page
    assert 'value="/" selected' in page
    data = week_post(MONDAY, days=3, codes={"2026-11-17-am": "L", "2026-11-18-pm": "I"})
    data["2026-11-18-note"] = "Went home ill at lunch"
    response = host.post(_url(direction, MONDAY), data)
    assert response.status_code == 302
    assert response.url.endswith("?week=2026-11-16")
    marks = {(m.date, m.session): m for m in direction.attendance_marks.all()}
    assert len(marks) == 6
    assert marks[(D(2026, 11, 17), "am")].code == "L"
    assert marks[(D(2026, 11, 18), "pm")].code == "I"
    assert marks[(D(2026, 11, 18), "am")].note == "Went home ill at lunch"
    assert marks[(D(2026, 11, 16), "am")].recorded_by == world.users["host_case_lead"]
    assert "Attendance saved" in host.get(response.url).content.decode()


def test_the_hosts_dsl_office_and_key_adult_take_registers_but_not_the_senco(
    client, world, direction
):
    for role in (Role.OFFICE, Role.KEY_ADULT, Role.HEADTEACHER):
        client.force_login(member(role, world.host))
        assert client.post(_url(direction, MONDAY), week_post(MONDAY, 1)).status_code == 302
    client.force_login(member(Role.SENCO, world.host))
    assert client.post(_url(direction, MONDAY), week_post(MONDAY, 1)).status_code == 403
    assert "<select" not in client.get(_url(direction)).content.decode()


@pytest.mark.parametrize(
    ("day", "session", "message"),
    [
        (D(2026, 11, 21), "am", "Saturday 21 November 2026 is not a school day at Host School"),
        (D(2026, 10, 30), "am", "is before the direction starts (2 November 2026)"),
        (D(2027, 2, 15), "am", "is after the direction ends (12 February 2027)"),
        (D(2026, 11, 19), "am", "Thursday 19 November 2026 (morning) has not happened yet"),
        (D(2026, 12, 25), "pm", "Friday 25 December 2026 is not a school day"),
    ],
)
def test_sessions_that_cannot_be_recorded_are_refused_and_nothing_is_saved(
    world, direction, day, session, message
):
    marks = {(D(2026, 11, 16), "am"): ("/", ""), (day, session): ("/", "")}
    with pytest.raises(ValidationError) as error:
        attendance_record(
            direction=direction, marks=marks, by=world.users["host_case_lead"], now=NOW
        )
    assert any(message in m for m in error.value.messages)
    assert not AttendanceMark.objects.exists()


def test_an_inset_day_posted_to_the_page_is_explained(client, world, direction):
    world.host.closures = ["2026-11-16"]
    world.host.save()
    host = _as(client, world, "host_case_lead")
    page = host.get(_url(direction, MONDAY)).content.decode()
    assert "Monday 16 November 2026 is not a school day at Host School" in page
    response = host.post(_url(direction, MONDAY), week_post(MONDAY, days=2))
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and "is not a school day at Host School" in text
    assert not AttendanceMark.objects.exists()


def test_a_code_not_in_the_list_is_explained(client, world, direction):
    host = _as(client, world, "host_case_lead")
    response = host.post(_url(direction, MONDAY), week_post(MONDAY, 1, {"2026-11-16-am": "Q"}))
    assert "Choose a code from the list" in response.content.decode()
    assert not AttendanceMark.objects.exists()


def test_correcting_a_code_keeps_the_earlier_one_in_the_history(client, world, direction):
    host = _as(client, world, "host_case_lead")
    host.post(_url(direction, MONDAY), week_post(MONDAY, 1))
    host.post(_url(direction, MONDAY), week_post(MONDAY, 1, {"2026-11-16-pm": "O"}))
    mark = direction.attendance_marks.get(date=MONDAY, session="pm")
    assert mark.code == "O"
    assert [h.code for h in mark.history.order_by("history_date")] == ["/", "O"]
    assert direction.attendance_marks.get(date=MONDAY, session="am").history.count() == 1
    # Saving the same week again changes nothing and says so.
    response = host.post(_url(direction, MONDAY), week_post(MONDAY, 1, {"2026-11-16-pm": "O"}))
    assert "Nothing had changed" in host.get(response.url).content.decode()


def test_the_home_school_sees_its_d_beside_the_hosts_actual_code(client, world, direction):
    attendance_record(
        direction=direction,
        marks={(MONDAY, "am"): ("L", ""), (MONDAY, "pm"): ("/", "")},
        by=world.users["host_case_lead"],
        now=NOW,
    )
    home = _as(client, world, "school_office")
    page = home.get(_url(direction, MONDAY)).content.decode()
    assert "Home school register" in page
    assert '<td class="govuk-table__cell">D</td>' in page
    assert "L Late, before registers closed" in page
    assert "Missing" in page  # Tuesday is over and the host has not recorded it
    assert "<select" not in page
    assert home.post(_url(direction, MONDAY), week_post(MONDAY, 1)).status_code == 403


def test_the_la_sees_the_register_and_another_school_does_not(client, world, direction):
    assert _as(client, world, "la_la_officer").get(_url(direction)).status_code == 200
    assert _as(client, world, "other_case_lead").get(_url(direction)).status_code == 404


def test_weeks_can_be_browsed_back_to_the_start(client, world, direction):
    host = _as(client, world, "host_case_lead")
    page = host.get(_url(direction)).content.decode()
    assert "?week=2026-11-09" in page and "Next week" not in page
    first = host.get(_url(direction, START)).content.decode()
    assert "Previous week" not in first and "?week=2026-11-09" in first


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "2020-01-06"])
def test_a_week_outside_the_direction_shows_the_nearest_one(client, world, direction, week):
    host = _as(client, world, "host_case_lead")
    response = host.get(_url(direction) + f"?week={week}")
    assert response.status_code == 200


class TestMissingDays:
    """A day without the host's register is on the home case lead's list (002, 003)."""

    def _attendance(self, direction):
        return {d.key: d for d in direction.deadlines.filter(kind=Deadline.Kind.HOST_ATTENDANCE)}

    def test_each_recent_school_day_becomes_a_deadline_for_the_home_case_lead(
        self, world, direction
    ):
        deadlines_refresh(direction=direction, today=NOW.date())
        rows = self._attendance(direction)
        # 2 to 17 November is 12 school days; only the last 10 are chased.
        assert sorted(rows) == [
            f"attendance:{d.isoformat()}"
            for d in [
                D(2026, 11, 4),
                D(2026, 11, 5),
                D(2026, 11, 6),
                *(D(2026, 11, 9) + datetime.timedelta(days=i) for i in range(5)),
                D(2026, 11, 16),
                D(2026, 11, 17),
            ]
        ]
        row = rows["attendance:2026-11-17"]
        assert (row.due, row.state) == (D(2026, 11, 17), "overdue")
        assert row.responsible == world.users["school_case_lead"]
        assert row.school == world.school

    def test_a_day_is_met_once_both_sessions_are_recorded(
        self, world, direction, django_capture_on_commit_callbacks
    ):
        deadlines_refresh(direction=direction, today=NOW.date())
        with django_capture_on_commit_callbacks(execute=True):
            attendance_record(
                direction=direction,
                marks={
                    (D(2026, 11, 16), "am"): ("/", ""),
                    (D(2026, 11, 16), "pm"): ("/", ""),
                    (D(2026, 11, 17), "am"): ("/", ""),
                },
                by=world.users["host_case_lead"],
                now=NOW,
            )
        rows = self._attendance(direction)
        # Recorded two days after the day: done, and late (the register is due on the day).
        assert (rows["attendance:2026-11-16"].state, rows["attendance:2026-11-16"].met_on) == (
            "late",
            D(2026, 11, 18),
        )
        assert rows["attendance:2026-11-17"].state == "overdue"  # the afternoon is missing

    def test_the_due_page_lists_the_missing_day(self, client, world, direction):
        deadlines_refresh(direction=direction, today=NOW.date())
        # The host keeps the register: the step is the host's, not the home case lead's.
        page = _as(client, world, "host_case_lead").get(reverse("due")).content.decode()
        assert "The host&#x27;s attendance for the day" in page
        page = _as(client, world, "school_case_lead").get(reverse("due")).content.decode()
        assert "The host&#x27;s attendance for the day" not in page

    def test_old_gaps_leave_the_list_but_stay_on_the_record(self, world, direction):
        attendance_record(
            direction=direction,
            marks={(D(2026, 11, 4), s): ("/", "") for s in ("am", "pm")},
            by=world.users["host_case_lead"],
            now=NOW,
        )
        deadlines_refresh(direction=direction, today=NOW.date())
        deadlines_refresh(direction=direction, today=D(2026, 11, 25))
        rows = self._attendance(direction)
        # Out of the window while still missing: no longer chased, and the record says so.
        assert rows["attendance:2026-11-05"].state == "not_needed"
        assert "Never recorded" in rows["attendance:2026-11-05"].not_needed_reason
        assert rows["attendance:2026-11-04"].state == "late"  # recorded on 18 November
        assert sum(r.state == "overdue" for r in rows.values()) == 10

    def test_none_before_the_pupil_starts_and_none_once_it_ends(self, world):
        direction = hosted_direction(
            world, state=Direction.State.INITIAL_MEETING_HELD, planned_start=D(2026, 11, 23)
        )
        deadlines_refresh(direction=direction, today=NOW.date())
        assert not self._attendance(direction)
        direction.planned_start = START
        direction.save()
        deadlines_refresh(direction=direction, today=NOW.date())
        assert len(self._attendance(direction)) == 10
        direction_svc.direction_host_ends(
            direction=direction, on=NOW.date(), by=world.users["school_case_lead"]
        )
        deadlines_refresh(direction=direction, today=NOW.date())
        # Nothing left to chase; the days that were missed stay on the record as missed.
        states = {row.state for row in self._attendance(direction).values()}
        assert states == {"not_needed"}


def test_the_direction_page_shows_the_rate_the_missing_days_and_recent_weeks(
    client, world, direction
):
    attendance_record(
        direction=direction,
        marks={
            (MONDAY, "am"): ("/", ""),
            (MONDAY, "pm"): ("/", ""),
            (D(2026, 11, 17), "am"): ("L", ""),
            (D(2026, 11, 17), "pm"): ("I", "Dentist"),
        },
        by=world.users["host_case_lead"],
        now=NOW,
    )
    page = _as(client, world, "school_case_lead").get(direction.get_absolute_url()).content.decode()
    assert "75.0%</strong> attendance over the 4 sessions" in page
    assert "No register from the host for 8 school days" in page
    assert "Week beginning 16 November 2026" in page and "Week beginning 2 November 2026" in page
    assert "See attendance at the host" in page and "Record attendance" not in page
    host_page = _as(client, world, "host_case_lead").get(direction.get_absolute_url())
    assert "Record attendance" in host_page.content.decode()


def test_the_host_loses_everything_once_the_direction_ends(client, world, direction):
    host = _as(client, world, "host_case_lead")
    urls = [
        _url(direction),
        reverse("direction-contact-add", args=[direction.pk]),
        reverse("direction-host-suspension", args=[direction.pk]),
        direction.get_absolute_url(),
    ]
    assert [host.get(u).status_code for u in urls] == [200, 200, 200, 200]
    assert "Alex Home" in host.get(reverse("hosting-list")).content.decode()
    direction_svc.direction_host_ends(
        direction=direction, on=NOW.date(), by=world.users["school_case_lead"]
    )
    assert [host.get(u).status_code for u in urls] == [404, 404, 404, 404]
    assert host.post(urls[0], week_post(MONDAY, 1)).status_code == 404
    assert "Alex Home" not in host.get(reverse("hosting-list")).content.decode()
    assert host.get(reverse("pupil-detail", args=[world.pupil.pk])).status_code == 404


class TestPupilsWeHost:
    def test_it_lists_each_hosted_pupil_with_todays_register_and_last_contact(
        self, client, world, direction
    ):
        host = _as(client, world, "host_case_lead")
        page = host.get(reverse("hosting-list")).content.decode()
        assert "Alex Home" in page and "Home School" in page
        assert "2 Nov 2026" in page and "12 Feb 2027" in page
        assert "Not recorded" in page and "None yet" in page and "Overdue" in page
        attendance_record(
            direction=direction,
            marks={(NOW.date(), "am"): ("L", ""), (NOW.date(), "pm"): ("/", "")},
            by=world.users["host_case_lead"],
            now=NOW,
        )
        page = host.get(reverse("hosting-list")).content.decode()
        assert "Morning: L, afternoon: /" in page

    def test_the_home_school_hosts_nobody_and_the_la_has_no_such_list(self, client, world):
        hosted_direction(world)
        page = _as(client, world, "school_case_lead").get(reverse("hosting-list"))
        assert "not hosting any pupils" in page.content.decode()
        assert _as(client, world, "la_la_officer").get(reverse("hosting-list")).status_code == 403

    @pytest.mark.parametrize("count", [1, 12])
    def test_it_runs_a_fixed_number_of_queries(
        self, client, world, count, django_assert_num_queries
    ):
        for _n in range(count):
            direction = hosted_direction(world, pupil=PupilFactory(school=world.school))
            attendance_record(
                direction=direction,
                marks={(NOW.date(), "am"): ("/", "")},
                by=world.users["host_case_lead"],
                now=NOW,
            )
        host = _as(client, world, "host_case_lead")
        # session, user, memberships, directions (last contact joined), today's marks, term
        # dates, unread notifications, savepoint, session save, release
        with django_assert_num_queries(10):
            response = host.get(reverse("hosting-list"))
        assert response.status_code == 200
        assert len(response.context["rows"]) == count


def test_the_register_and_direction_pages_run_fixed_queries(
    client, world, direction, django_assert_num_queries
):
    def add_weeks(first, count):
        for w in range(first, first + count):
            monday = START + datetime.timedelta(weeks=w)
            for i in range(5):
                for s in ("am", "pm"):
                    AttendanceMark.objects.create(
                        direction=direction,
                        date=monday + datetime.timedelta(days=i),
                        session=s,
                        code="/",
                        recorded_by=world.users["host_case_lead"],
                    )

    def pages_run_fixed_queries():
        # session, user, memberships; direction, host's LA, term dates, marks, suspensions;
        # unread notifications
        with django_assert_num_queries(9):
            assert client.get(_url(direction, MONDAY)).status_code == 200
        # session, user, memberships; direction; meetings, pupil, unread notifications, the
        # move and LA tasks, deadlines, consultations, meetings, documents, letters; the host's
        # LA, term dates, marks, contacts, suspensions and review requests; the timeline's
        # history, consultations, meetings, requests, letters, contacts, suspensions, move and
        # tasks done; the parents' replies before meetings and what they did through their
        # links (issue 14; the host sees no parents' links)
        with django_assert_num_queries(31):
            assert client.get(direction.get_absolute_url()).status_code == 200

    client.force_login(world.users["host_case_lead"])
    add_weeks(0, 1)
    client.get(direction.get_absolute_url())  # content types cached
    pages_run_fixed_queries()
    add_weeks(1, 2)
    Suspension.objects.create(
        pupil=world.pupil,
        direction=direction,
        suspended_by=world.host,
        start_date=MONDAY,
        days=1,
        reason="Fighting",
    )
    pages_run_fixed_queries()
