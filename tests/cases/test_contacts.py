"""The contact log of a direction and the weekly contact between home and host.

Source: 002_decd2720d6352690.txt ("at least weekly correspondence ... All contact should be
recorded")."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from cases.directions import services as direction_svc
from cases.directions.deadlines import deadlines_refresh
from cases.directions.host_models import ContactEntry
from reviews.models import Deadline
from reviews.tasks import send_daily_digests
from tests.cases.hosting import LONDON, NOW, D, hosted_direction

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def direction(world):
    return hosted_direction(world)


def _post(day=None, at="10:30", **changes):
    day = day or D(2026, 11, 17)
    return {
        "on_0": str(day.day),
        "on_1": str(day.month),
        "on_2": str(day.year),
        "at": at,
        "between": "home_host",
        "who": "Ms Begum (host) and Mr Bradley (home)",
        "how": "phone",
        "what": "Weekly update: a good week, one late morning.",
        **changes,
    }


def _add(client, world, role, direction, **data):
    client.force_login(world.users[role])
    return client.post(reverse("direction-contact-add", args=[direction.pk]), _post(**data))


@pytest.mark.parametrize(
    ("role", "school"),
    [("school_key_adult", "Home School"), ("host_dsl", "Host School")],
)
def test_home_and_host_staff_add_to_the_log(client, world, direction, role, school):
    response = _add(client, world, role, direction)
    assert response.status_code == 302
    assert response.url.endswith("#contact-log")
    entry = ContactEntry.objects.get()
    assert (entry.pupil, entry.direction, entry.recorded_by_school.name) == (
        world.pupil,
        direction,
        school,
    )
    assert entry.when == datetime.datetime(2026, 11, 17, 10, 30, tzinfo=LONDON)
    page = client.get(direction.get_absolute_url()).content.decode()
    assert "Weekly update: a good week" in page and f"Recorded by {entry.recorded_by}" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": D(2026, 11, 18), "at": "15:00"}, "The contact cannot be in the future"),
        ({"day": D(2026, 11, 19)}, "The contact cannot be in the future"),
        ({"at": "25:10"}, "Enter a time like 9:30 or 14:15"),
        ({"at": ""}, "Enter the time of the contact"),
        ({"what": ""}, "Enter what was said or agreed"),
        ({"how": "pigeon"}, "Select a valid choice"),
        ({"who": "<b>Ms Begum</b>"}, "must be plain text"),
    ],
)
def test_bad_contacts_are_explained_and_nothing_is_saved(
    client, world, direction, changes, message
):
    response = _add(client, world, "school_case_lead", direction, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ContactEntry.objects.exists()


def test_a_time_earlier_today_and_twelve_hour_times_are_accepted(client, world, direction):
    assert _add(client, world, "school_case_lead", direction, day=NOW.date(), at="1.45pm")
    entry = ContactEntry.objects.get()
    assert entry.when == datetime.datetime(2026, 11, 18, 13, 45, tzinfo=LONDON)


def test_the_la_reads_the_log_but_does_not_write_it(client, world, direction):
    client.force_login(world.users["la_la_officer"])
    url = reverse("direction-contact-add", args=[direction.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _post()).status_code == 403
    assert "Contact log" in client.get(direction.get_absolute_url()).content.decode()
    client.force_login(world.users["other_case_lead"])
    assert client.get(url).status_code == 404


def test_the_log_closes_when_the_direction_ends(client, world, direction):
    direction_svc.direction_host_ends(
        direction=direction, on=NOW.date(), by=world.users["school_case_lead"]
    )
    client.force_login(world.users["school_case_lead"])
    assert client.get(reverse("direction-contact-add", args=[direction.pk])).status_code == 403


class TestWeeklyContact:
    def _contact(self, direction):
        return {d.key: d for d in direction.deadlines.filter(kind=Deadline.Kind.HOME_HOST_CONTACT)}

    def test_with_no_contact_it_was_due_a_week_after_the_start(self, client, world, direction):
        deadlines_refresh(direction=direction, today=NOW.date())
        row = self._contact(direction)["contact:2026-11-02"]
        assert (row.due, row.state, row.responsible) == (
            D(2026, 11, 9),
            "overdue",
            world.users["school_case_lead"],
        )
        client.force_login(world.users["school_case_lead"])
        page = client.get(direction.get_absolute_url()).content.decode()
        assert "Weekly contact between home and host is overdue: none recorded since the start" in (
            page
        )
        client.force_login(world.users["host_case_lead"])
        due = client.get(reverse("due")).content.decode()
        assert "Weekly contact between home and host" in due  # the host's to keep

    def test_a_contact_meets_it_and_starts_the_next_week(
        self, client, world, direction, django_capture_on_commit_callbacks
    ):
        deadlines_refresh(direction=direction, today=NOW.date())
        with django_capture_on_commit_callbacks(execute=True):
            _add(client, world, "host_case_lead", direction, day=D(2026, 11, 17))
        rows = self._contact(direction)
        # The week's contact came on the Tuesday of the week after: done, and late.
        assert (rows["contact:2026-11-02"].state, rows["contact:2026-11-02"].met_on) == (
            "late",
            D(2026, 11, 17),
        )
        current = rows["contact:2026-11-17"]
        assert (current.due, current.state) == (D(2026, 11, 24), "due")
        client.force_login(world.users["school_case_lead"])
        page = client.get(direction.get_absolute_url()).content.decode()
        assert "Last contact between home and host: 17 November 2026" in page
        assert "The next is due by Tuesday 24 November 2026" in page
        with time_machine.travel(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=LONDON)):
            client.force_login(world.users["school_case_lead"])
            deadlines_refresh(direction=direction, today=D(2026, 11, 25))
            assert self._contact(direction)["contact:2026-11-17"].state == "overdue"
            page = client.get(direction.get_absolute_url()).content.decode()
            assert "the next was due by 24 November 2026" in page

    def test_family_contact_and_contact_before_the_start_do_not_count(
        self, client, world, direction, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            _add(client, world, "school_case_lead", direction, between="family")
            _add(client, world, "school_case_lead", direction, day=D(2026, 10, 30))
        rows = self._contact(direction)
        assert list(rows) == ["contact:2026-11-02"]
        assert rows["contact:2026-11-02"].state == "overdue"

    def test_the_interval_is_the_las_policy(self, world, direction):
        world.la.home_host_contact_days = 14
        world.la.save()
        direction.refresh_from_db()
        deadlines_refresh(direction=direction, today=NOW.date())
        row = self._contact(direction)["contact:2026-11-02"]
        assert (row.due, row.state) == (D(2026, 11, 16), "overdue")

    def test_it_reaches_the_daily_digest(self, world, direction):
        deadlines_refresh(direction=direction, today=NOW.date())
        send_daily_digests()
        # The host keeps the register and the weekly contact: its digest lists them.
        host = world.users["host_case_lead"]
        (body,) = [m.body for m in mail.outbox if m.to == [host.email]]
        assert "Weekly contact between home and host: Alex Home" in body
        assert "The host's attendance for the day: Alex Home" in body

    def test_rows_stay_few_however_many_contacts(
        self, client, world, direction, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            for day in range(2, 18):
                _add(client, world, "school_case_lead", direction, day=D(2026, 11, day))
        rows = self._contact(direction)
        assert [r.state for r in rows.values()].count("due") == 1
        assert len(rows) <= 17


def test_the_log_on_the_direction_page_runs_fixed_queries(
    client, world, direction, django_assert_num_queries
):
    def add(count):
        for n in range(count):
            ContactEntry.objects.create(
                pupil=world.pupil,
                direction=direction,
                when=NOW - datetime.timedelta(hours=n + 1),
                between="home_host",
                who="Heads of year",
                how="email",
                what=f"Update {n}",
                recorded_by=world.users["school_case_lead"],
                recorded_by_school=world.school,
            )

    def updates_shown():
        # session, user, memberships; direction; meetings, pupil, unread notifications, the move
        # and LA tasks, deadlines, consultations, meetings, documents, letters and meetings for
        # the letters' send buttons; the LA, term dates, marks, contacts, the host's suspensions
        # and review requests; the timeline's history, consultations, meetings, requests,
        # letters, contacts, suspensions, move and tasks done; the parents' replies before
        # meetings, their working links and what they did through them (issue 14)
        with django_assert_num_queries(33):
            response = client.get(direction.get_absolute_url())
        assert response.status_code == 200
        return response.content.decode().count("Update ")

    client.force_login(world.users["school_case_lead"])
    add(1)
    client.get(direction.get_absolute_url())  # content types cached
    assert updates_shown() == 1
    add(24)
    assert updates_shown() == 25
