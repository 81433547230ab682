"""The off-siting pages: who sees what, the forms' messages, and fixed query counts."""

import datetime

import pytest
from django.urls import reverse

from cases.offsiting import records
from cases.offsiting import services as svc
from cases.offsiting.models import OffSiting
from reviews.models import Notification
from safeguarding.models import SafeguardingRead
from tests.cases.test_offsiting_lifecycle import MONDAY, plan, plan_data, receiving, share_all
from tests.conftest import SAFEGUARDING_MARKER

__all__ = ["receiving"]  # the fixture, imported for these tests

HOME_NOTE = "Call mum after ten; dad has no contact"
HOME_DOCUMENT = "Child protection file, locked cabinet in room 4"


@pytest.fixture(autouse=True)
def _december(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))


def _login(client, world, who):
    client.force_login(world.users[who])
    return client


@pytest.fixture
def offsiting(world, receiving):
    o = plan(world, receiving)
    share_all(world, o)
    home = o.shared_items.get(item="home")
    home.note, home.document = HOME_NOTE, HOME_DOCUMENT
    home.save()
    return o


def test_the_home_case_lead_sees_the_plan_and_the_items(client, world, offsiting):
    page = _login(client, world, "school_case_lead").get(offsiting.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "Receiving Centre" in text
    assert "Positive Handling Plan" in text
    assert HOME_NOTE not in text and HOME_DOCUMENT not in text
    assert "Seen only by the designated safeguarding leads." in text
    assert "The pupil has started" in text  # the gate is open: every item is available


@pytest.mark.parametrize(("who", "sees"), [("recv_dsl", True), ("recv_lead", False)])
def test_only_the_receiving_dsl_reads_the_safeguarding_notes(client, world, offsiting, who, sees):
    text = _login(client, world, who).get(offsiting.get_absolute_url()).content.decode()
    assert (HOME_NOTE in text) is sees
    assert (HOME_DOCUMENT in text) is sees  # where the safeguarding file is kept
    assert SAFEGUARDING_MARKER not in text  # the passport's own detail never shows here
    assert SafeguardingRead.objects.filter(user=world.users[who]).exists() is sees


def test_another_tenant_gets_404(client, world, offsiting):
    url = offsiting.get_absolute_url()
    assert _login(client, world, "other_case_lead").get(url).status_code == 404
    assert _login(client, world, "other_la_officer").get(url).status_code == 404


def test_planning_shows_the_rule_beside_the_field(client, world, receiving):
    url = reverse("offsiting-new", args=[world.pupil.pk])
    data = plan_data(
        receiving, kind="consequence", circumstance="damage", last=MONDAY + datetime.timedelta(4)
    )
    page = _login(client, world, "school_case_lead").post(url, data)
    assert page.status_code == 200
    assert "lasts 1 to 3 school days; these dates make 5" in page.content.decode()
    assert not OffSiting.objects.exists()
    good = plan_data(receiving, kind="consequence", circumstance="damage")
    page = client.post(url, good)
    o = OffSiting.objects.get()
    assert page.status_code == 302 and page.url == o.get_absolute_url()


def test_bad_dates_say_what_to_fix(client, world, receiving):
    url = reverse("offsiting-new", args=[world.pupil.pk])
    data = plan_data(receiving)
    data["first_day_1"] = "13"
    page = _login(client, world, "school_case_lead").post(url, data)
    assert "The month must be a number from 1 to 12" in page.content.decode()


def test_the_head_of_service_list_puts_decisions_first(client, world, receiving):
    short = plan(world, receiving)
    short.state = OffSiting.State.CANCELLED
    short.save()
    long = plan(world, receiving, last=MONDAY + datetime.timedelta(days=7))
    page = _login(client, world, "head_of_service").get(reverse("offsiting-list"))
    text = page.content.decode()
    assert "1 off-siting awaits your decision" in text
    assert text.index(long.get_absolute_url()) < text.index(short.get_absolute_url())
    awaiting = client.get(reverse("offsiting-list") + "?show=awaiting").content.decode()
    assert short.get_absolute_url() not in awaiting


def test_the_head_of_service_agrees_through_the_page(client, world, receiving):
    o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=7))
    url = reverse("offsiting-step", args=[o.pk, "approval"])
    page = _login(client, world, "head_of_service").post(url, {"agreed": "yes", "notes": ""})
    assert page.status_code == 302
    o.refresh_from_db()
    assert o.approval_decision == "agreed" and o.approval_by == world.users["head_of_service"]
    assert _login(client, world, "school_case_lead").get(url).status_code == 403


def test_the_list_runs_a_fixed_number_of_queries(
    client, world, receiving, django_assert_num_queries
):
    o = plan(world, receiving)
    o.state = OffSiting.State.CANCELLED  # one open off-siting per pupil
    o.save()
    _login(client, world, "head_of_service")
    client.get(reverse("offsiting-list"))  # content types cached
    # session, user, memberships; the count of the service's off-sitings and of those awaiting
    # the Head of Service; unread notifications; the page of off-sitings
    with django_assert_num_queries(7):
        assert client.get(reverse("offsiting-list")).status_code == 200
    for _i in range(5):
        o = plan(world, receiving)
        o.state = OffSiting.State.CANCELLED
        o.save()
    with django_assert_num_queries(7):
        assert client.get(reverse("offsiting-list")).status_code == 200


def test_the_detail_page_runs_a_fixed_number_of_queries(
    client, world, offsiting, django_assert_num_queries
):
    _login(client, world, "school_case_lead")
    client.get(offsiting.get_absolute_url())  # content types cached
    # session, user, memberships; the off-siting; its shared items, meetings, term dates, work,
    # the pupil's KS4 options, letters; the pupil; unread notifications; deadlines; the
    # parents' links that work
    with django_assert_num_queries(14):
        assert client.get(offsiting.get_absolute_url()).status_code == 200
    for subject in ("Maths", "English", "Art"):
        records.offsiting_record_work(
            offsiting=offsiting,
            subject=subject,
            week_beginning=MONDAY,
            set_by_home=True,
            returned=False,
            marked=False,
            notes="",
            by=world.users["school_case_lead"],
            by_home_centre=True,
        )
    with django_assert_num_queries(14):
        assert client.get(offsiting.get_absolute_url()).status_code == 200


def test_the_home_case_lead_sees_the_parents_links_and_revokes_one(client, world, offsiting):
    from parents.services import link_issue

    parent = world.pupil.parents.get()
    link, token = link_issue(parent=parent, case=offsiting)
    url = offsiting.get_absolute_url()
    for who in ("recv_lead", "recv_dsl"):  # the receiving centre never sees them
        assert "Parents' links" not in _login(client, world, who).get(url).content.decode()
    text = _login(client, world, "school_case_lead").get(url).content.decode()
    assert "Parents' links" in text and parent.name in text
    revoke = reverse("parent-link-revoke", args=[link.pk])
    assert f'action="{revoke}"' in text
    response = client.post(revoke, {"next": url})
    assert response.status_code == 302 and response.url == url
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(reverse("parent-page", args=[token])).status_code == 404
    assert "Parents' links" not in client.get(url).content.decode()  # none works now


def test_the_pupil_page_card(client, world, offsiting):
    page = _login(client, world, "school_case_lead").get(world.pupil.get_absolute_url())
    text = page.content.decode()
    assert "Back-on-Track off-sitings" in text and "Plan an off-siting" in text
    text = _login(client, world, "school_office").get(world.pupil.get_absolute_url()).content
    assert b"Plan an off-siting" not in text and b"Off-siting to Receiving Centre" in text


def test_the_receiving_centre_records_work_and_a_concern(client, world, offsiting):
    svc.offsiting_start(offsiting=offsiting, by=world.users["school_case_lead"], today=MONDAY)
    _login(client, world, "school_case_lead")
    page = client.post(
        reverse("offsiting-work", args=[offsiting.pk]),
        {"week": MONDAY.isoformat(), "subject": "Maths", "set_by_home": "on"},
    )
    assert page.status_code == 302
    _login(client, world, "recv_lead")
    page = client.post(
        reverse("offsiting-work", args=[offsiting.pk]),
        {"week": MONDAY.isoformat(), "subject": "Maths", "returned": "on"},
    )
    assert page.status_code == 302
    assert offsiting.work.get().returned
    bad = client.post(
        reverse("offsiting-work", args=[offsiting.pk]),
        {"week": "2020-01-06", "subject": "Maths"},
    )
    assert "Choose a week of the off-siting" in bad.content.decode()
    assert client.get(reverse("offsiting-concern", args=[offsiting.pk])).status_code == 403
    _login(client, world, "recv_dsl")
    page = client.post(
        reverse("offsiting-concern", args=[offsiting.pk]),
        {
            "raised_on_0": "17",
            "raised_on_1": "11",
            "raised_on_2": "2026",
            "summary": "A disclosure",
            "my_concern_reference": "",
        },
    )
    assert page.status_code == 302
    assert Notification.objects.filter(user=world.users["school_dsl"]).exists()


def test_the_deadlines_are_on_the_due_page(
    client, world, receiving, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        o = plan(world, receiving)
    page = _login(client, world, "school_dsl").get(reverse("due"))  # the DSL shares them
    text = page.content.decode()
    assert "Share the 7 items with the receiving centre" in text
    assert o.get_absolute_url() in text
    other = _login(client, world, "other_case_lead").get(reverse("due")).content.decode()
    assert o.get_absolute_url() not in other
