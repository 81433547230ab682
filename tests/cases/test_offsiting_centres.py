"""What each centre of a Back-on-Track off-siting may do: only the home centre's head or case
lead stores the family summary; the receiving centre sees the pupil only while the pupil is
there (unless another open case still places the pupil there); only the home centre sets and
marks the work, the receiving centre records that it was returned.

Source: 000_6280d14dcdeb4d53.txt "Information sharing, safeguarding" and "Providing work".
"""

import datetime

import pytest
from django.urls import reverse

import access
from cases.directions.models import Direction
from cases.guards import GuardError
from cases.offsiting import records
from cases.offsiting import services as svc
from cases.offsiting.models import OffSiting, OffSitingWork
from documents.models import GeneratedDocument
from tenancy.models import Membership, Role
from tests.cases.test_offsiting_lifecycle import MONDAY, hold, plan, receiving, start
from tests.factories import DirectionFactory

__all__ = ["receiving"]  # the fixture, imported for these tests


@pytest.fixture(autouse=True)
def _december(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))


def _m(world, who) -> Membership:
    return Membership.objects.get(user=world.users[who])


def _sees_pupil(world, who) -> bool:
    return access.pupils_visible_to(_m(world, who)).filter(pk=world.pupil.pk).exists()


# The family summary: the home centre's head or case lead only --------------------------------


@pytest.mark.parametrize(
    "who", ["recv_lead", "recv_office", "school_office", "la_la_officer", "head_of_service"]
)
def test_read_only_viewers_store_no_summary(client, world, receiving, who):
    o = plan(world, receiving)
    client.force_login(world.users[who])
    assert client.get(o.get_absolute_url()).status_code == 200
    assert "Download the family summary" not in client.get(o.get_absolute_url()).content.decode()
    assert client.post(reverse("offsiting-summary", args=[o.pk])).status_code == 403
    assert not GeneratedDocument.objects.exists()


def test_the_case_lead_downloads_the_summary(client, world, receiving):
    o = plan(world, receiving)
    client.force_login(world.users["school_case_lead"])
    assert "Download the family summary" in client.get(o.get_absolute_url()).content.decode()
    answer = client.post(reverse("offsiting-summary", args=[o.pk]))
    assert answer.status_code == 302
    assert client.get(answer["Location"]).status_code == 200
    assert GeneratedDocument.objects.count() == 1


# The receiving centre's access to the pupil ends on return -----------------------------------


def test_the_receiving_centre_loses_the_pupil_on_return(world, receiving):
    o = start(world, receiving)
    assert _sees_pupil(world, "recv_lead")
    assert access.can_view_offsiting_safeguarding(_m(world, "recv_dsl"), o)
    svc.offsiting_end(offsiting=o, on=MONDAY + datetime.timedelta(days=2), by=o.case_lead)
    assert not _sees_pupil(world, "recv_lead")
    assert not access.can_view_safeguarding(_m(world, "recv_dsl"), world.pupil)
    assert not access.can_view_offsiting_safeguarding(_m(world, "recv_dsl"), o)
    # ... but still reads the off-siting's own record until it closes.
    assert access.offsitings_visible_to(_m(world, "recv_lead")).filter(pk=o.pk).exists()


def test_a_direction_hosted_at_the_centre_keeps_its_access(world, receiving):
    o = start(world, receiving)
    DirectionFactory(
        pupil=world.pupil,
        host_school=receiving,
        state=Direction.State.ACTIVE,
        case_lead=world.users["school_case_lead"],
    )
    svc.offsiting_end(offsiting=o, on=MONDAY + datetime.timedelta(days=2), by=o.case_lead)
    assert _sees_pupil(world, "recv_lead")
    hold(o.meetings.get(kind="restorative"), o.case_lead)
    svc.offsiting_close(offsiting=OffSiting.objects.get(pk=o.pk), by=o.case_lead, today=MONDAY)
    assert _sees_pupil(world, "recv_lead")


def test_an_ended_direction_does_not_keep_access(world, receiving):
    o = start(world, receiving)
    DirectionFactory(
        pupil=world.pupil,
        host_school=receiving,
        state=Direction.State.ENDED,
        case_lead=world.users["school_case_lead"],
    )
    svc.offsiting_end(offsiting=o, on=MONDAY + datetime.timedelta(days=2), by=o.case_lead)
    assert not _sees_pupil(world, "recv_lead")


# Only the home centre sets and marks work ------------------------------------------------------


def test_receiving_staff_tick_only_returned(client, world, receiving):
    o = start(world, receiving)
    url = reverse("offsiting-work", args=[o.pk])
    data = {"week": MONDAY.isoformat(), "subject": "Maths", "notes": ""}
    client.force_login(world.users["recv_lead"])
    page = client.get(url).content.decode()
    assert "Work marked by the home centre" not in page
    assert "Work set by the home centre" not in page
    client.post(url, {**data, "set_by_home": "on", "returned": "on", "marked": "on"})
    assert not OffSitingWork.objects.exists()  # nothing was set: nothing to return
    client.force_login(world.users["school_case_lead"])
    assert client.post(url, {**data, "set_by_home": "on"}).status_code == 302
    client.force_login(world.users["recv_lead"])
    assert client.post(url, {**data, "returned": "on", "marked": "on"}).status_code == 302
    work = OffSitingWork.objects.get()
    assert (work.set_by_home, work.returned, work.marked) == (True, True, False)
    with pytest.raises(GuardError, match="Only the home centre sets and marks"):
        records.offsiting_record_work(
            offsiting=o,
            subject="Maths",
            week_beginning=MONDAY,
            set_by_home=True,
            returned=True,
            marked=True,
            notes="",
            by=world.users["recv_lead"],
            by_home_centre=False,
        )
    client.force_login(world.users["school_case_lead"])
    client.post(url, {**data, "set_by_home": "on", "returned": "on", "marked": "on"})
    assert OffSitingWork.objects.get().marked


def test_the_office_cannot_record_work(client, world, receiving):
    o = start(world, receiving)
    client.force_login(world.users["recv_office"])
    assert client.get(reverse("offsiting-work", args=[o.pk])).status_code == 403
    assert Role.OFFICE not in access.OFFSITING_WORKERS
