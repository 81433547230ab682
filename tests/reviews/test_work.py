"""Each person's home page is their work: the steps their organisation owns in their role, the
steps the case names them for, and the decisions waiting for them (issue 11, "who acts")."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from kombu.exceptions import OperationalError

from cases.directions.managed_moves import la_tasks_on_proposal
from cases.directions.models import Direction
from cases.directions.services import direction_host_answers
from reviews.models import Deadline, Notification
from reviews.notifications import retry_notification_emails
from reviews.services.deadlines import deadlines_sync
from reviews.work import WHO_ACTS, owners
from tenancy.models import Membership, Role, User
from tenancy.services import user_set_emails
from tests.cases.hosting import hosted_direction
from tests.conftest import SAFEGUARDING_MARKER, SEND_MARKER

Kind = Deadline.Kind


def test_every_kind_of_step_has_someone_who_acts():
    assert set(WHO_ACTS) == set(Kind.values)


def test_the_hosts_steps_fall_to_the_home_school_until_there_is_a_host():
    assert owners(Kind.HOST_ATTENDANCE, home_id=1, host_id=2) == (2, None)
    assert owners(Kind.HOST_ATTENDANCE, home_id=1) == (1, None)
    assert owners(Kind.DIRECTION_NOTICE, home_id=1, host_id=2) == (1, None)
    assert owners(Kind.RTT_LIMIT, home_id=1, la_id=9) == (None, 9)


def _step(direction, kind, *, days, owner_school=None, owner_la=None, responsible=None, n=0):
    return Deadline.objects.create(
        pupil=direction.pupil,
        school=direction.home_school,
        case=direction,
        key=f"{kind}-{n}",
        kind=kind,
        due=timezone.localdate() + datetime.timedelta(days=days),
        responsible=responsible or direction.case_lead,
        owner_school=owner_school,
        owner_la=owner_la,
        state=Deadline.State.OVERDUE if days < 0 else Deadline.State.DUE,
    )


@pytest.fixture
def steps(world):
    """One direction hosted by the host school, with a step for each side."""
    direction = hosted_direction(world)
    home, host = world.school, world.host
    _step(direction, Kind.DECISION_NOTICE, days=-2, owner_school=home)
    _step(direction, Kind.REVIEW_INVITATION, days=3, owner_school=home)
    _step(direction, Kind.HOST_ATTENDANCE, days=-1, owner_school=host)
    _step(direction, Kind.OFFSITING_SHARING, days=5, owner_school=home)
    _step(
        direction,
        Kind.PSP_CHECK_IN,
        days=1,
        owner_school=home,
        responsible=world.users["school_key_adult"],
    )
    _step(direction, Kind.NEXT_REVIEW, days=30, owner_school=home)  # beyond two weeks
    return direction


# Who sees which step on their home page, by its label as the page prints it.
SHOWN = (
    Kind.DECISION_NOTICE,
    Kind.REVIEW_INVITATION,
    Kind.HOST_ATTENDANCE,
    Kind.OFFSITING_SHARING,
    Kind.PSP_CHECK_IN,
)
LABELS = {kind: escape(str(Kind(kind).label)) for kind in SHOWN}
EXPECTED = {
    "school_headteacher": {Kind.DECISION_NOTICE},
    "school_case_lead": {Kind.DECISION_NOTICE, Kind.REVIEW_INVITATION},
    "school_office": {Kind.REVIEW_INVITATION},
    "school_dsl": {Kind.OFFSITING_SHARING},
    "school_key_adult": {Kind.PSP_CHECK_IN},
    "school_senco": set(),
    "host_case_lead": {Kind.HOST_ATTENDANCE},
    "host_dsl": set(),
    "la_la_officer": set(),
    "other_case_lead": set(),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_sees_its_own_steps_and_no_other(client, world, steps, who):
    client.force_login(world.users[who])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    for kind, label in LABELS.items():
        assert (label in page) == (kind in EXPECTED[who]), (who, kind)
    assert escape(str(Kind.NEXT_REVIEW.label)) not in page  # beyond two weeks
    if not EXPECTED[who]:
        assert "nothing of yours is due in the next two weeks" in page


def test_overdue_comes_first_with_its_count(client, world, steps):
    client.force_login(world.users["school_case_lead"])
    response = client.get(reverse("home"))
    assert response.context["counts"] == {"overdue": 1, "soon": 1}
    page = response.content.decode()
    assert page.index("Overdue (1)") < page.index(LABELS[Kind.DECISION_NOTICE])
    assert page.index(LABELS[Kind.DECISION_NOTICE]) < page.index("Due in the next two weeks (1)")


def test_a_headteacher_lands_on_the_decision_waiting(client, world):
    direction = hosted_direction(world, state=Direction.State.HOST_AGREED)
    client.force_login(world.users["school_headteacher"])
    page = client.get(reverse("home")).content.decode()
    assert "Decide the off-site direction" in page
    assert direction.get_absolute_url() in page
    for who in ("school_case_lead", "host_case_lead", "other_case_lead"):
        client.force_login(world.users[who])
        assert "Decide the off-site direction" not in client.get(reverse("home")).content.decode()


def test_a_person_with_two_roles_hears_of_the_other(client, world, steps):
    key_adult = world.users["school_key_adult"]
    Membership.objects.create(user=key_adult, school=world.host, role=Role.CASE_LEAD)
    client.force_login(key_adult)
    first = Membership.objects.get(user=key_adult, school=world.school)
    session = client.session
    session["acting_membership_id"] = first.pk
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 200, response
    page = response.content.decode()
    assert LABELS[Kind.PSP_CHECK_IN] in page
    assert "As Case lead at Host School: 1 overdue, 0 due in the next two weeks." in page


def test_the_home_page_runs_a_fixed_number_of_queries(
    client, world, steps, django_assert_num_queries
):
    lead = world.users["school_case_lead"]
    client.force_login(lead)
    client.get(reverse("home"))  # content types are cached from the first request on
    with django_assert_num_queries(9) as few:
        assert client.get(reverse("home")).status_code == 200
    for n in range(1, 15):
        _step(steps, Kind.REVIEW_INVITATION, days=n % 10, owner_school=world.school, n=n)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["counts"]["soon"] == 15


def test_the_who_column_names_the_role_and_organisation_that_act(client, world, steps):
    client.force_login(world.users["host_case_lead"])
    page = client.get(reverse("home")).content.decode()
    assert "Case lead or Office / attendance at Host School" in page
    client.force_login(world.users["school_key_adult"])
    page = client.get(reverse("home")).content.decode()
    assert world.users["school_key_adult"].full_name in page


# Telling people when a step becomes theirs -------------------------------------------------


def _sync(direction, wanted, today=None):
    deadlines_sync(
        case=direction,
        wanted=wanted,
        responsible_id=direction.case_lead_id,
        pupil_id=direction.pupil_id,
        school_id=direction.home_school_id,
        local_authority_id=direction.home_school.local_authority_id,
        host_school_id=direction.host_school_id,
        today=today or timezone.localdate(),
    )


def test_a_new_step_tells_whoever_acts_but_not_the_case_lead_running_it(
    world, django_capture_on_commit_callbacks
):
    direction = hosted_direction(world)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        _sync(
            direction,
            {
                "invite": (Kind.REVIEW_INVITATION, today + datetime.timedelta(days=9), None),
                "register": (Kind.HOST_ATTENDANCE, today, None),  # daily: the digest has it
            },
        )
    (told,) = Notification.objects.all()
    assert told.user == world.users["school_office"]
    assert told.school == world.school
    assert told.message.startswith("Invite parents to the review in writing for Alex Home: due")
    assert [m.to for m in mail.outbox] == [[world.users["school_office"].email]]
    assert "Alex Home" in mail.outbox[0].body
    for marker in (SAFEGUARDING_MARKER, SEND_MARKER):
        assert marker not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        _sync(direction, {"invite": (Kind.REVIEW_INVITATION, today, None)})  # moved: not new
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_digest_only_keeps_all_but_urgent_steps_out_of_the_inbox(
    world, django_capture_on_commit_callbacks
):
    office = world.users["school_office"]
    user_set_emails(user=office, emails=User.Emails.DIGEST)
    direction = hosted_direction(world)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        _sync(direction, {"later": (Kind.REVIEW_INVITATION, today + datetime.timedelta(7), None)})
    assert Notification.objects.get().by_email is False
    assert not mail.outbox  # in the app, and in tomorrow's summary
    with django_capture_on_commit_callbacks(execute=True):
        _sync(direction, {"soon": (Kind.DIRECTION_NOTICE, today + datetime.timedelta(1), None)})
    assert [m.to for m in mail.outbox] == [[office.email]]  # urgent: at once
    assert retry_notification_emails() == 0  # the digest-only one is never emailed on its own


def test_with_the_broker_down_the_email_waits_for_the_retry(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    def down(*args, **kwargs):
        raise OperationalError("Redis is down")

    monkeypatch.setattr("reviews.notifications.email_notification.delay", down)
    direction = hosted_direction(world)
    with django_capture_on_commit_callbacks(execute=True):
        _sync(direction, {"n": (Kind.DIRECTION_NOTICE, timezone.localdate(), None)})
    assert Notification.objects.get().emailed_at is None and not mail.outbox
    assert retry_notification_emails() == 1
    assert len(mail.outbox) == 1


def test_the_headteacher_is_told_at_once_when_a_host_agrees(
    world, django_capture_on_commit_callbacks
):
    direction = hosted_direction(
        world, state=Direction.State.CONSULTED, host_approached_on=timezone.localdate()
    )
    with django_capture_on_commit_callbacks(execute=True):
        direction_host_answers(
            direction=direction,
            accepted=True,
            on=timezone.localdate(),
            by=world.users["school_case_lead"],
        )
    told = Notification.objects.get(key__startswith="direction-decide:")
    assert told.user == world.users["school_headteacher"]
    assert "the decision on the off-site direction waits for you" in told.message
    assert world.users["school_headteacher"].email in {m.to[0] for m in mail.outbox}


def test_the_emails_page_saves_the_choice(client, world):
    office = world.users["school_office"]
    client.force_login(office)
    page = client.get(reverse("emails")).content.decode()
    assert "Each new step at once, and the daily summary" in page
    response = client.post(reverse("emails"), {"emails": "nonsense"})
    assert "Select a valid choice" in response.content.decode()
    response = client.post(reverse("emails"), {"emails": User.Emails.DIGEST}, follow=True)
    assert "Saved: Only the daily summary" in response.content.decode()
    office.refresh_from_db()
    assert office.emails == User.Emails.DIGEST


def test_a_new_la_task_tells_the_people_who_take_it(world, django_capture_on_commit_callbacks):
    direction = hosted_direction(world, state=Direction.State.PROPOSED)  # EHCP, looked after
    with django_capture_on_commit_callbacks(execute=True):
        la_tasks_on_proposal(direction=direction, by=world.users["school_case_lead"])
    told = {n.user: n.message for n in Notification.objects.filter(key__startswith="la-task:")}
    assert set(told) == {world.users["la_la_send"], world.users["la_virtual_school"]}
    assert (
        "SEND team consultation on an EHCP pupil, for Alex Home" in told[world.users["la_la_send"]]
    )


def test_a_step_about_a_meeting_names_it_everywhere(world, django_capture_on_commit_callbacks):
    direction = hosted_direction(world)
    review = datetime.date(2026, 12, 7)
    with django_capture_on_commit_callbacks(execute=True):
        _sync(direction, {"i": (Kind.REVIEW_INVITATION, datetime.date(2026, 12, 1), None, review)})
    step = direction.deadlines.get()
    assert step.what == "Invite parents in writing to the review on 7 December 2026"
    assert Notification.objects.get().message.startswith(step.what)
    _sync(direction, {"i": (Kind.REVIEW_INVITATION, datetime.date(2026, 12, 2), None, None)})
    step.refresh_from_db()
    assert step.what == "Invite parents to the review in writing"  # the kind's own words


def test_a_provider_contact_sees_the_pupils_placed_with_it_and_nothing_more(client, world):
    from cases.placements.models import ApPlacement
    from tenancy.models import Provider
    from tests.factories import member

    provider = Provider.objects.create(local_authority=world.la, name="Pathways")
    contact = member(Role.PROVIDER_CONTACT, provider)
    today = timezone.localdate()
    ApPlacement.objects.create(
        pupil=world.pupil,
        school=world.school,
        provider=provider,
        monitoring_staff=world.users["school_case_lead"],
        created_by=world.users["school_case_lead"],
        start=today,
        end=today + datetime.timedelta(weeks=6),
    )
    client.force_login(contact)
    page = client.get(reverse("home")).content.decode()
    assert "Pupils placed with you" in page and "Alex Home" in page and "Home School" in page
    assert reverse("pupil-detail", args=[world.pupil.pk]) not in page  # no door to the record
    client.force_login(world.users["other_case_lead"])
    assert "Pupils placed with you" not in client.get(reverse("home")).content.decode()
