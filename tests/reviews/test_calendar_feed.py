"""A person's calendar feed (issue 11): their own steps and review meetings as iCalendar, at a
secret address they can reset, naming no child."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cases.directions.models import Direction
from cases.placements.models import ApPlacement
from cases.psp.models import PastoralSupportProgramme
from cases.reduced_timetables.models import ReducedTimetable
from reviews.calendar_feed import case_reference, initials
from reviews.models import CalendarFeed, Deadline, Meeting
from reviews.services.calendar_feed import calendar_feed_reset
from tenancy.models import Membership, Role
from tests.cases.hosting import hosted_direction
from tests.conftest import SAFEGUARDING_MARKER, SEND_MARKER
from tests.factories import PupilFactory

Kind = Deadline.Kind


def _step(direction, kind, *, days, owner_school, responsible=None, key=None, state=None):
    return Deadline.objects.create(
        pupil=direction.pupil,
        school=direction.home_school,
        case=direction,
        key=key or f"{kind}-{days}",
        kind=kind,
        due=timezone.localdate() + datetime.timedelta(days=days),
        responsible=responsible or direction.case_lead,
        owner_school=owner_school,
        state=state or (Deadline.State.OVERDUE if days < 0 else Deadline.State.DUE),
    )


@pytest.fixture
def steps(world):
    """A direction hosted by the host school, with steps for each side, one already done and
    one beyond the year the feed spans."""
    direction = hosted_direction(world)
    home, host = world.school, world.host
    _step(direction, Kind.DECISION_NOTICE, days=-2, owner_school=home)
    _step(direction, Kind.REVIEW_INVITATION, days=3, owner_school=home)
    _step(direction, Kind.HOST_ATTENDANCE, days=-1, owner_school=host)
    _step(
        direction,
        Kind.PSP_CHECK_IN,
        days=1,
        owner_school=home,
        responsible=world.users["school_key_adult"],
    )
    _step(direction, Kind.PLANNED_END, days=400, owner_school=home)  # beyond the year
    _step(direction, Kind.FIRST_REVIEW, days=5, owner_school=home, state=Deadline.State.ON_TIME)
    return direction


def _feed(client, user) -> tuple[str, Calendar]:
    """The user's feed as a calendar app reads it: no session."""
    feed, _created = calendar_feed_reset(user=user)
    client.logout()
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    return body, Calendar.from_ical(body)


def _kinds(calendar) -> set[str]:
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    kinds = Deadline.objects.filter(
        pk__in=[int(uid.removeprefix("deadline-").split("@")[0]) for uid in uids]
    ).values_list("kind", flat=True)
    return set(kinds)


EXPECTED = {
    "school_case_lead": {Kind.DECISION_NOTICE, Kind.REVIEW_INVITATION},
    "school_office": {Kind.REVIEW_INVITATION},
    "school_key_adult": {Kind.PSP_CHECK_IN},
    "host_case_lead": {Kind.HOST_ATTENDANCE},
    "la_la_officer": set(),
    "other_case_lead": set(),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_it_lists_exactly_the_persons_own_steps(client, world, steps, who):
    _body, calendar = _feed(client, world.users[who])
    assert _kinds(calendar) == EXPECTED[who]


def test_it_covers_every_role_the_person_holds(client, world, steps):
    key_adult = world.users["school_key_adult"]
    Membership.objects.create(user=key_adult, school=world.host, role=Role.CASE_LEAD)
    _body, calendar = _feed(client, key_adult)
    assert _kinds(calendar) == {Kind.PSP_CHECK_IN, Kind.HOST_ATTENDANCE}


def test_it_names_no_child(client, world):
    pupil = PupilFactory(school=world.school, first_name="Zebedee", last_name="Quixote-Marsh")
    direction = hosted_direction(world, pupil=pupil)
    _step(direction, Kind.REVIEW_INVITATION, days=3, owner_school=world.school)
    other = hosted_direction(world)
    _step(other, Kind.DECISION_NOTICE, days=4, owner_school=world.school)
    body, calendar = _feed(client, world.users["school_case_lead"])
    for secret in ("Zebedee", "Quixote", "Marsh", "Alex", SAFEGUARDING_MARKER, SEND_MARKER):
        assert secret not in body
    for school in (world.school.name, world.host.name):
        assert school not in body
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert summaries == {
        f"Invite parents to the review in writing — Z.Q. (DIR-{direction.pk})",
        f"Send the decision to continue to parents — A.H. (DIR-{other.pk})",
    }


def test_each_step_is_an_all_day_event_linking_to_its_case(client, world, steps, settings):
    settings.SITE_URL = "https://waymark.example"
    _body, calendar = _feed(client, world.users["school_office"])
    (event,) = calendar.walk("VEVENT")
    step = Deadline.objects.get(kind=Kind.REVIEW_INVITATION)
    assert str(event["UID"]) == f"deadline-{step.pk}@waymark"
    assert event.start == step.due
    assert event.end == step.due + datetime.timedelta(days=1)
    assert str(event["URL"]) == f"https://waymark.example{steps.get_absolute_url()}"
    assert "DTSTAMP" in event
    assert str(calendar["X-PUBLISHED-TTL"].to_ical().decode()) == "PT1H"


def test_a_review_meeting_is_at_its_time_and_place_in_place_of_its_step(client, world):
    direction = hosted_direction(world)
    day = timezone.localdate() + datetime.timedelta(days=8)
    meeting = Meeting.objects.create(
        direction=direction,
        kind=Meeting.Kind.REVIEW,
        date=day,
        time=datetime.time(10, 30),
        place="Room 4",
        recorded_by=direction.case_lead,
    )
    _step(direction, Kind.NEXT_REVIEW, days=8, owner_school=world.school)
    untimed = Meeting.objects.create(
        direction=direction, kind=Meeting.Kind.EMERGENCY, date=day, recorded_by=direction.case_lead
    )
    Meeting.objects.create(  # held: not in the calendar
        direction=direction,
        kind=Meeting.Kind.REVIEW,
        date=day,
        held=True,
        recorded_by=direction.case_lead,
    )
    _body, calendar = _feed(client, world.users["school_case_lead"])
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"meeting-{meeting.pk}@waymark", f"meeting-{untimed.pk}@waymark"}
    timed = events[f"meeting-{meeting.pk}@waymark"]
    assert timed.start == datetime.datetime.combine(
        day, datetime.time(10, 30), tzinfo=timezone.get_current_timezone()
    )
    assert timed.end - timed.start == datetime.timedelta(hours=1)
    assert str(timed["LOCATION"]) == "Room 4"
    assert str(timed["SUMMARY"]) == f"Review — A.H. (DIR-{direction.pk})"
    assert events[f"meeting-{untimed.pk}@waymark"].start == day
    assert str(events[f"meeting-{untimed.pk}@waymark"]["LOCATION"]) == "The home school"
    assert str(events[f"meeting-{untimed.pk}@waymark"]["TRANSP"]) == "TRANSPARENT"
    assert str(timed["TRANSP"]) == "OPAQUE"
    # The host's case lead does not run the review: no meeting in their calendar.
    _body, calendar = _feed(client, world.users["host_case_lead"])
    assert not calendar.walk("VEVENT")


def test_it_is_private_and_not_indexed(client, world):
    feed, _created = calendar_feed_reset(user=world.users["school_case_lead"])
    response = client.get(feed.get_absolute_url())
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"].startswith("noindex")


def test_a_reset_address_answers_404_and_the_new_one_200(client, world):
    user = world.users["school_case_lead"]
    old, created = calendar_feed_reset(user=user)
    old_url = old.get_absolute_url()
    assert created
    new, created = calendar_feed_reset(user=user)
    assert not created
    assert new.pk == old.pk and new.reset_at is not None
    assert client.get(old_url).status_code == 404
    assert client.get(new.get_absolute_url()).status_code == 200
    assert client.get(reverse("calendar-feed", args=["not-a-token"])).status_code == 404


def test_a_person_who_may_no_longer_sign_in_has_no_feed(client, world):
    user = world.users["school_case_lead"]
    feed, _created = calendar_feed_reset(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(feed.get_absolute_url()).status_code == 404


def test_the_page_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("calendar-feed-settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_it_makes_then_resets_the_address_from_the_page(client, world):
    user = world.users["school_case_lead"]
    client.force_login(user)
    page = client.get(reverse("calendar-feed-settings")).content.decode()
    assert "Make your calendar address" in page
    response = client.post(reverse("calendar-feed-settings"), follow=True)
    token = CalendarFeed.objects.get(user=user).token
    page = response.content.decode()
    assert "Your calendar address is ready" in page
    assert f"/calendar/{token}.ics" in page
    assert "The old address stops working at once" in page
    response = client.post(reverse("calendar-feed-settings"), follow=True)
    new_token = CalendarFeed.objects.get(user=user).token
    assert new_token != token
    page = response.content.decode()
    assert "The old address no longer works" in page
    assert new_token in page and token not in page


def test_the_home_page_links_to_it(client, world):
    client.force_login(world.users["school_key_adult"])
    assert reverse("calendar-feed-settings") in client.get(reverse("home")).content.decode()


def test_the_feed_runs_a_fixed_number_of_queries(client, world, steps, django_assert_num_queries):
    lead = world.users["school_case_lead"]
    feed, _created = calendar_feed_reset(user=lead)
    url = feed.get_absolute_url()
    Meeting.objects.create(
        direction=steps,
        kind=Meeting.Kind.REVIEW,
        date=timezone.localdate() + datetime.timedelta(days=9),
        recorded_by=lead,
    )
    _step(steps, Kind.NEXT_REVIEW, days=9, owner_school=world.school)
    client.get(url)  # content types are cached from the first request on
    # the feed, the memberships, the steps, their directions, the review meetings
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    for n in range(15):
        _step(steps, Kind.REVIEW_INVITATION, days=n, owner_school=world.school, key=f"more-{n}")
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count("BEGIN:VEVENT") == 18


def test_initials_and_case_references():
    assert initials("Alex", "Home") == "A.H."
    assert initials(" élodie", "o'Neill") == "É.O."
    assert initials("Alex", "") == "A."
    assert case_reference(Direction, 12) == "DIR-12"
    assert case_reference(PastoralSupportProgramme, 3) == "PSP-3"
    assert case_reference(ReducedTimetable, 5) == "RT-5"
    assert case_reference(ApPlacement, 7) == "AP-7"
