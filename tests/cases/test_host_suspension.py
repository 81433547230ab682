"""The host suspends the pupil: the home school is told at once, in Waymark and by email, and
an emergency review goes in the diary (003_db4daf6c9cf2ba51.txt "Review")."""

import datetime
import smtplib
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from cases.directions import services as direction_svc
from cases.directions.host_suspension import direction_host_suspends, next_school_day
from cases.pupils.models import Suspension
from reviews.models import Deadline, Meeting, Notification
from reviews.notifications import retry_notification_emails
from tests.cases.hosting import LONDON, NOW, D, hosted_direction

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def direction(world):
    return hosted_direction(world)


def _form(start=None, days="2", reason="Threw a chair in a science lesson.", review=None):
    start = start or D(2026, 11, 19)
    review = review or D(2026, 11, 19)
    return {
        "start_date_0": str(start.day),
        "start_date_1": str(start.month),
        "start_date_2": str(start.year),
        "days": days,
        "reason": reason,
        "review_on_0": str(review.day),
        "review_on_1": str(review.month),
        "review_on_2": str(review.year),
    }


def _url(direction):
    return reverse("direction-host-suspension", args=[direction.pk])


HOME_PEOPLE = ["school_case_lead", "school_headteacher", "school_dsl"]


def test_the_host_records_it_and_the_home_school_is_told_at_once(
    client, world, direction, django_capture_on_commit_callbacks
):
    client.force_login(world.users["host_case_lead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(direction), _form())
    assert response.status_code == 302 and response.url == direction.get_absolute_url()
    suspension = Suspension.objects.get()
    assert (suspension.pupil, suspension.direction, suspension.suspended_by) == (
        world.pupil,
        direction,
        world.host,
    )
    assert (suspension.start_date, suspension.days) == (D(2026, 11, 19), Decimal("2"))
    told = Notification.objects.filter(key__startswith="host-suspension:").order_by("user_id")
    assert sorted(n.user_id for n in told) == sorted(world.users[r].pk for r in HOME_PEOPLE)
    assert {n.school for n in told} == {world.school}
    assert all(n.emailed_at for n in told)
    emails = [m for m in mail.outbox if "has suspended" in m.body]
    assert sorted(m.to[0] for m in emails) == sorted(world.users[r].email for r in HOME_PEOPLE)
    assert "Host School has suspended Alex Home for 2 days from 19 November 2026" in emails[0].body
    assert "reason" not in emails[0].body.lower()  # the detail stays in Waymark
    # The office is told of the emergency review's invitation, a step that is now theirs.
    office = Notification.objects.filter(user=world.users["school_office"], key__startswith="step:")
    assert (
        "Invite parents in writing to the review on 19 November 2026 for Alex Home: "
        "due 13 November 2026." in {n.message for n in office}
    )
    review = direction.meetings.get(kind=Meeting.Kind.EMERGENCY)
    assert (review.date, review.held) == (D(2026, 11, 19), False)
    assert direction.deadlines.filter(
        kind=Deadline.Kind.NEXT_REVIEW, key=f"review:{review.pk}"
    ).exists()
    page = client.get(response.url).content.decode()
    assert "Suspension recorded. Home School has been told" in page
    assert "Suspensions by the host" in page and "Threw a chair" in page


def test_a_retried_request_tells_nobody_twice(
    client, world, direction, django_capture_on_commit_callbacks
):
    client.force_login(world.users["host_case_lead"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(direction), _form())
    told, emailed = Notification.objects.count(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(direction), _form())
    assert Suspension.objects.count() == 1
    assert Notification.objects.filter(key__startswith="host-suspension:").count() == 3
    assert (Notification.objects.count(), len(mail.outbox)) == (told, emailed)
    assert direction.meetings.filter(kind=Meeting.Kind.EMERGENCY).count() == 1
    response = client.post(_url(direction), _form(days="3"))
    assert "A suspension by Host School from 19 November 2026 is already recorded" in (
        response.content.decode()
    )


def test_a_mail_failure_keeps_the_suspension_and_the_notification_and_retries(
    client, world, direction, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr("reviews.notifications.send_mail", broken)
    client.force_login(world.users["host_case_lead"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url(direction), _form()).status_code == 302
    assert Suspension.objects.count() == 1
    unsent = Notification.objects.filter(emailed_at__isnull=True).count()
    assert unsent == Notification.objects.count() >= 3
    assert "Could not email notification" in caplog.text
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("pupil-list")).content.decode()
    assert "1 new notification" in page and "Host School has suspended Alex Home" in page
    monkeypatch.undo()
    assert retry_notification_emails() == unsent
    assert retry_notification_emails() == 0
    assert len(mail.outbox) == unsent
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_the_emergency_review_defaults_to_the_next_school_day(client, world, direction):
    # Friday 20 November 2026: the next school day is Monday 23rd.
    assert next_school_day(direction, D(2026, 11, 20)) == D(2026, 11, 23)
    # The last day of the autumn term: the next is Monday 4 January 2027.
    assert next_school_day(direction, D(2026, 12, 18)) == D(2027, 1, 4)
    client.force_login(world.users["host_case_lead"])
    form = client.get(_url(direction)).context["form"]
    assert form["review_on"].value() == D(2026, 11, 19)
    assert form["start_date"].value() == NOW.date()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"days": "0"}, "Enter whole or half days, like 2 or 1.5"),
        ({"days": "1.25"}, "Enter whole or half days, like 2 or 1.5"),
        ({"days": "two"}, "Enter the number of days as a number"),
        ({"days": "46"}, "more than 45 days"),
        ({"days": "NaN"}, "Enter whole or half days, like 2 or 1.5"),
        ({"days": "1e400"}, "more than 45 days"),
        ({"reason": ""}, "Enter the reason for the suspension"),
        ({"review": D(2026, 11, 17)}, "The emergency review cannot be in the past"),
        ({"start": D(2026, 10, 30)}, "The suspension cannot start before the direction does"),
        ({"start": D(2026, 11, 21)}, "Saturday 21 November 2026 is not a school day at Host"),
    ],
)
def test_bad_input_is_explained_and_nobody_is_told(client, world, direction, changes, message):
    client.force_login(world.users["host_case_lead"])
    response = client.post(_url(direction), _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Suspension.objects.exists() and not Notification.objects.exists()
    assert not direction.meetings.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("host_dsl", 403),
        ("school_headteacher", 403),
        ("school_case_lead", 403),
        ("la_la_officer", 403),
        ("other_case_lead", 404),
    ],
)
def test_only_the_hosts_head_or_case_lead_records_it(client, world, direction, role, status):
    client.force_login(world.users[role])
    assert client.post(_url(direction), _form()).status_code == status
    assert not Suspension.objects.exists()


def test_not_before_the_pupil_is_at_the_host_nor_after_it_ends(client, world):
    direction = hosted_direction(world, state="notice_sent")
    client.force_login(world.users["host_case_lead"])
    assert client.get(_url(direction)).status_code == 403
    direction.state = "active"
    direction.save()
    direction_svc.direction_host_ends(
        direction=direction, on=NOW.date(), by=world.users["school_case_lead"]
    )
    assert client.post(_url(direction), _form()).status_code == 404


class TestNotifications:
    @pytest.fixture
    def told(self, world, direction):
        direction_host_suspends(
            direction=direction,
            start_date=D(2026, 11, 19),
            days=Decimal("1.5"),
            reason="Fighting",
            by=world.users["host_case_lead"],
            today=NOW.date(),
        )

    def test_the_header_counts_unread_and_the_page_lists_them(self, client, world, told):
        client.force_login(world.users["school_dsl"])
        page = client.get(reverse("notifications")).content.decode()
        assert "for 1.5 days from 19 November 2026" in page
        assert "An emergency review is in the diary for 19 November 2026" in page
        assert 'waymark-count">1<' in page
        notification = Notification.objects.get(user=world.users["school_dsl"])
        response = client.post(reverse("notification-read", args=[notification.pk]))
        assert response.status_code == 302
        notification.refresh_from_db()
        assert notification.read_at is not None
        page = client.get(reverse("notifications")).content.decode()
        assert "waymark-count" not in page and "Nothing new." in page

    def test_open_the_case_marks_it_read(self, client, world, direction, told):
        client.force_login(world.users["school_case_lead"])
        notification = Notification.objects.get(user=world.users["school_case_lead"])
        response = client.post(reverse("notification-read", args=[notification.pk]), {"open": "1"})
        assert response.url == direction.get_absolute_url()
        notification.refresh_from_db()
        assert notification.read_at

    def test_nobody_reads_anyone_elses(self, client, world, told):
        theirs = Notification.objects.get(user=world.users["school_dsl"])
        for role in ("school_case_lead", "host_case_lead", "la_la_officer"):
            client.force_login(world.users[role])
            url = reverse("notification-read", args=[theirs.pk])
            assert client.post(url).status_code == 404
            assert "Fighting" not in client.get(reverse("notifications")).content.decode()
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_mark_all_as_read(self, client, world, told):
        client.force_login(world.users["school_headteacher"])
        client.post(reverse("notifications-read-all"))
        assert not Notification.objects.filter(
            user=world.users["school_headteacher"], read_at__isnull=True
        ).exists()
        assert Notification.objects.filter(read_at__isnull=True).count() == 2

    def test_the_host_is_not_told_about_its_own_suspension(self, client, world, told):
        client.force_login(world.users["host_case_lead"])
        assert "waymark-count" not in client.get(reverse("notifications")).content.decode()

    def test_the_pages_run_fixed_queries(
        self, client, world, direction, told, django_assert_num_queries
    ):
        for n in range(20):
            Notification.objects.create(
                user=world.users["school_case_lead"],
                school=world.school,
                pupil=world.pupil,
                direction=direction,
                key=f"extra:{n}",
                message=f"Extra {n}",
                url="/",
            )
        client.force_login(world.users["school_case_lead"])
        # session, user, memberships; unread, read; the header's unread and their count;
        # savepoint, session save, release
        with django_assert_num_queries(10):
            response = client.get(reverse("notifications"))
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count("<strong>Extra ") == 20
        assert 'waymark-count">21<' in page


def test_the_emergency_review_shows_in_the_diary_on_the_direction_page(client, world, direction):
    direction_host_suspends(
        direction=direction,
        start_date=D(2026, 11, 19),
        days=Decimal("1"),
        reason="Fighting",
        by=world.users["host_case_lead"],
        today=NOW.date(),
        review_on=D(2026, 11, 20),
    )
    client.force_login(world.users["school_case_lead"])
    page = client.get(direction.get_absolute_url()).content.decode()
    assert "Emergency review, 20 November 2026" in page
    assert Notification.objects.get(user=world.users["school_case_lead"]).created_at <= (
        datetime.datetime(2026, 11, 18, 14, 0, tzinfo=LONDON)
    )


@pytest.mark.parametrize(("days", "text"), [(1, "for 1 day from"), ("0.5", "for 0.5 days from")])
def test_the_message_says_day_or_days(world, days, text):
    from cases.directions.host_suspension import suspension_message
    from tests.factories import DirectionFactory

    direction = DirectionFactory(pupil=world.pupil, host_school=world.host)
    message = suspension_message(
        direction, days=days, start_date=D(2026, 11, 19), review=D(2026, 11, 20)
    )
    assert text in message
