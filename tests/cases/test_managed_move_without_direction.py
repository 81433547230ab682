"""Managed moves agreed without an off-site direction (003 "Managed Move", second route): the
home school proposes, the parents and the admission authority agree, the pupil goes onto the new
roll on the agreed date with the LA's two tasks (NB on template 4), or it does not go ahead."""

import datetime

import pytest
import time_machine
from django.urls import reverse

import access
from cases.directions import managed_moves
from cases.directions import moves as svc
from cases.directions.models import Direction, LaTask, ManagedMove
from cases.guards import GuardError
from cases.pupils.models import Pupil
from cases.tasks import apply_managed_move_roll_changes
from tests.factories import DirectionFactory

D = datetime.date
TODAY = D(2026, 12, 3)
START = D(2027, 1, 4)
ROLL_TASKS = {LaTask.Kind.PORTAL_RETURN, LaTask.Kind.SPREADSHEET}
FORM = {
    "agreed_start_0": "4",
    "agreed_start_1": "1",
    "agreed_start_2": "2027",
    "funding_awpu": "£2,140",
    "funding_send": "",
    "transport_redesignation": "School Admissions to redesignate Host School.",
}


def details(world, **changes):
    return {
        "to_school": world.host,
        "agreed_start": START,
        "funding_awpu": "£2,140",
        "funding_send": "",
        "funding_backdated": False,
        "transport_redesignation": "",
        "parents_agree": False,
        "admission_authority_agrees": False,
        **changes,
    }


def propose(world, today=TODAY, **changes):
    return svc.managed_move_propose(
        pupil=world.pupil,
        details=details(world, **changes),
        by=world.users["school_case_lead"],
        today=today,
    )


def membership(world, role):
    return world.users[role].memberships.get()


def test_it_proposes_a_move_without_a_direction(world):
    move = propose(world)
    assert move.direction is None
    assert (move.pupil, move.from_school, move.to_school) == (world.pupil, world.school, world.host)
    assert move.in_progress and not move.agreed_by_all
    assert Pupil.objects.get(pk=world.pupil.pk).school == world.school


@pytest.mark.parametrize(
    ("to", "field"),
    [("school", "to_school"), ("other_school", "to_school"), (None, "to_school")],
)
def test_it_moves_only_to_another_school_of_the_la(world, to, field):
    with pytest.raises(GuardError) as error:
        propose(world, to_school=getattr(world, to) if to else None)
    assert field in error.value.message_dict
    assert not ManagedMove.objects.exists()


def test_an_open_direction_moves_through_its_review(world):
    DirectionFactory(pupil=world.pupil, host_school=world.host, state=Direction.State.ACTIVE)
    with pytest.raises(GuardError, match="review"):
        propose(world)


def test_one_move_at_a_time_and_another_after_one_not_going_ahead(world):
    first = propose(world)
    with pytest.raises(GuardError, match="already has a managed move"):
        propose(world)
    svc.managed_move_cancel(
        move=first,
        reason="The parents do not agree.",
        by=world.users["school_case_lead"],
        today=TODAY,
    )
    first.refresh_from_db()
    assert (first.cancelled_on, first.cancelled_reason) == (TODAY, "The parents do not agree.")
    assert propose(world).pk != first.pk


def test_not_going_ahead_needs_a_reason_and_happens_once(world):
    move = propose(world)
    lead = world.users["school_case_lead"]
    with pytest.raises(GuardError) as error:
        svc.managed_move_cancel(move=move, reason="  ", by=lead, today=TODAY)
    assert "reason" in error.value.message_dict
    svc.managed_move_cancel(move=move, reason="No place.", by=lead, today=TODAY)
    with pytest.raises(GuardError, match="not gone ahead"):
        svc.managed_move_cancel(move=move, reason="Again.", by=lead, today=TODAY)
    with pytest.raises(GuardError, match="not gone ahead"):
        svc.managed_move_change(move=move, changes={"parents_agree": True}, by=lead, today=TODAY)


def test_the_roll_changes_at_save_once_agreed_and_due_with_the_tasks_once(world):
    move = propose(world, today=START, parents_agree=True, admission_authority_agrees=True)
    assert move.roll_changed_on == START
    pupil = Pupil.objects.get(pk=world.pupil.pk)
    assert (pupil.school, pupil.admission_date) == (world.host, START)
    tasks = LaTask.objects.filter(managed_move=move)
    assert {t.kind for t in tasks} == ROLL_TASKS
    assert all(t.direction is None and t.school == world.school for t in tasks)
    for kind in ROLL_TASKS:  # asked again (a retry), no copies
        managed_moves._ensure_task(direction=None, kind=kind, by=None, move=move)
    assert LaTask.objects.filter(managed_move=move).count() == 2
    assert not pupil.previous_directions.exists()  # no direction, so none to list (template 2)
    with pytest.raises(GuardError, match="since"):
        svc.managed_move_change(
            move=move,
            changes={"funding_send": "x"},
            by=world.users["school_case_lead"],
            today=START,
        )


def test_the_nightly_run_moves_it_on_the_day_but_not_one_not_going_ahead(world):
    move = propose(world)
    lead = world.users["school_case_lead"]
    svc.managed_move_change(
        move=move,
        changes={"parents_agree": True, "admission_authority_agrees": True},
        by=lead,
        today=TODAY,
    )
    assert ManagedMove.objects.get(pk=move.pk).roll_changed_on is None  # not yet the day
    with time_machine.travel(datetime.datetime(2027, 1, 4, 2, tzinfo=datetime.UTC), tick=False):
        apply_managed_move_roll_changes()
        apply_managed_move_roll_changes()
    assert ManagedMove.objects.get(pk=move.pk).roll_changed_on == START
    assert LaTask.objects.filter(managed_move=move).count() == 2


def test_the_nightly_run_leaves_a_move_not_going_ahead(world):
    move = propose(world, parents_agree=True, admission_authority_agrees=True)
    svc.managed_move_cancel(move=move, reason="Withdrawn.", by=move.recorded_by, today=TODAY)
    assert managed_moves.managed_moves_apply_due(today=START) == 0
    assert Pupil.objects.get(pk=world.pupil.pk).school == world.school


def test_who_sees_and_runs_it(world):
    move = propose(world)
    for role in ("school_headteacher", "school_case_lead"):
        got = access.get_managed_move_for_user(membership(world, role), move.pk, write=True)
        assert got == move
    for role in ("school_office", "host_case_lead", "la_la_officer", "la_virtual_school"):
        access.get_managed_move_for_user(membership(world, role), move.pk)  # reads
    for role in ("host_dsl", "other_case_lead", "other_la_officer", "la_la_admin"):
        with pytest.raises(Exception, match="No such managed move"):
            access.get_managed_move_for_user(membership(world, role), move.pk)


def test_the_old_school_keeps_its_record_after_the_move(client, world):
    move = propose(world, today=START, parents_agree=True, admission_authority_agrees=True)
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("managed-move-detail", args=[move.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "has been on the roll of Host School" in html
    assert "Update the Off-site Direction spreadsheet" in html
    assert reverse("managed-move-change", args=[move.pk]) not in html
    assert client.get(reverse("managed-move-change", args=[move.pk])).status_code == 403
    assert client.get(reverse("pupil-detail", args=[world.pupil.pk])).status_code == 404


def test_the_pupil_page_proposes_and_the_move_page_records_agreement(client, world):
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    new = reverse("managed-move-new", args=[world.pupil.pk])
    assert "Propose a managed move" in page and new in page
    response = client.post(new, {**FORM, "to_school": world.host.pk})
    move = ManagedMove.objects.get()
    assert response.status_code == 302 and response.url == move.get_absolute_url()
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    assert "Managed move to Host School" in page and "waiting for agreement" in page
    response = client.post(
        reverse("managed-move-change", args=[move.pk]),
        {**FORM, "to_school": world.host.pk, "parents_agree": "on"},
    )
    assert response.status_code == 302
    move.refresh_from_db()
    assert move.parents_agree and not move.admission_authority_agrees
    response = client.post(
        reverse("managed-move-cancel", args=[move.pk]), {"reason": "The parents changed mind."}
    )
    assert response.status_code == 302
    assert ManagedMove.objects.get().cancelled_reason == "The parents changed mind."


def test_the_form_refuses_the_home_school(client, world):
    client.force_login(world.users["school_case_lead"])
    response = client.post(
        reverse("managed-move-new", args=[world.pupil.pk]), {**FORM, "to_school": world.school.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ManagedMove.objects.exists()


def test_the_la_picture_and_list_count_it_until_the_roll_changes(client, world):
    move = propose(world)
    client.force_login(world.users["la_la_officer"])
    kinds = client.get(reverse("la-dashboard")).context["kinds"]
    counted = {str(k["label"]): k["total"] for k in kinds}
    assert counted["In a managed move without a direction, not yet on the new roll"] == 1
    listed = client.get(reverse("la-managed-moves") + f"?state=moving&school={world.school.pk}")
    assert "Home" in listed.content.decode() and list(listed.context["page"]) == [move]
    svc.managed_move_cancel(move=move, reason="No.", by=move.recorded_by, today=TODAY)
    kinds = client.get(reverse("la-dashboard")).context["kinds"]
    counted = {str(k["label"]): k["total"] for k in kinds}
    assert counted["In a managed move without a direction, not yet on the new roll"] == 0
    client.force_login(world.users["other_la_officer"])
    assert list(client.get(reverse("la-managed-moves")).context["page"]) == []
