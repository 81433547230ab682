"""Managed moves and the LA's checklist tasks (003 "Managed Move" and the NB on template 4)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

import access
from cases.directions import managed_moves as moves
from cases.directions import services as svc
from cases.directions.la_forms import ManagedMoveForm
from cases.directions.models import Consultation, Direction, LaTask, ManagedMove
from cases.guards import GuardError
from cases.tasks import apply_managed_move_roll_changes
from demo.calendar import seed_term_dates
from reviews.models import Meeting
from tenancy.services import grant_host_access
from tests.factories import DirectionFactory, PupilFactory

D = datetime.date
REVIEW_DAY = D(2026, 12, 11)
START = D(2027, 1, 4)
ROLL_TASKS = {LaTask.Kind.PORTAL_RETURN, LaTask.Kind.SPREADSHEET}


MOVE = {
    "agreed_start_0": "4",
    "agreed_start_1": "1",
    "agreed_start_2": "2027",
    "funding_awpu": "£2,140",
    "funding_send": "",
    "funding_backdated": "on",
    "transport_redesignation": "School Admissions to redesignate the host.",
    "parents_agree": "on",
    "admission_authority_agrees": "on",
}


@pytest.fixture
def hosted(world):
    """An active direction of the world's pupil at the host, which sees the pupil."""
    seed_term_dates(world.la)
    direction = DirectionFactory(
        pupil=world.pupil,
        host_school=world.host,
        case_lead=world.users["school_case_lead"],
        state=Direction.State.ACTIVE,
        funding_awpu="£2,140",
        funding_send="£6,000 top-up",
    )
    grant_host_access(world.pupil, world.host)
    return direction


def membership(world, role):
    return world.users[role].memberships.get()


def review(direction, by, outcome, day=REVIEW_DAY, **changes):
    return svc.direction_record_meeting(
        direction=direction,
        kind="review",
        changes={"date": day, "outcome": outcome, **changes},
        by=by,
    )


def record_move(direction, by, today, **changes):
    """Through the page's form, as a case lead would: its cleaned data go to the service."""
    form = ManagedMoveForm(
        {**MOVE, **changes},
        instance=ManagedMove.objects.filter(direction=direction).first(),
        direction=direction,
    )
    assert form.is_valid(), form.errors
    return moves.managed_move_record(
        direction=direction, changes=form.cleaned_data, by=by, today=today
    )


def test_a_review_agreeing_a_move_leaves_the_direction_open_and_moving(world, hosted):
    """003: "must be agreed with all parties": until then the direction goes on."""
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    hosted.refresh_from_db()
    assert (hosted.state, hosted.ending, hosted.moving_since) == ("active", "", REVIEW_DAY)
    assert hosted.is_moving and hosted.ended_on is None
    assert not LaTask.objects.filter(direction=hosted).exists()
    assert access.is_hosting(membership(world, "host_case_lead"), world.pupil)


def test_it_ends_with_the_two_tasks_once_when_the_roll_changes(world, hosted):
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    move = record_move(hosted, lead, today=REVIEW_DAY)
    record_move(hosted, lead, today=REVIEW_DAY, funding_awpu="£2,000")  # corrected, not doubled
    assert ManagedMove.objects.count() == 1
    move.refresh_from_db()
    assert (move.from_school, move.to_school, move.funding_awpu) == (
        world.school,
        world.host,
        "£2,000",
    )
    assert not LaTask.objects.filter(direction=hosted).exists()
    assert moves.managed_move_apply_roll_change(move, START)
    hosted.refresh_from_db()
    assert (hosted.state, hosted.ending, hosted.ended_on) == ("ended", "managed_move", START)
    assert hosted.moving_since is None
    moves.la_tasks_on_end(direction=hosted, by=lead)  # a retried request makes no copies
    tasks = LaTask.objects.filter(direction=hosted)
    assert {t.kind for t in tasks} == ROLL_TASKS and tasks.count() == 2
    assert all(t.managed_move == move and t.is_open for t in tasks)
    assert {t.local_authority for t in tasks} == {world.la}


def test_the_form_starts_from_the_planned_funding(world, hosted):
    form = ManagedMoveForm(direction=hosted)
    assert form["funding_awpu"].value() == "£2,140"
    assert form["funding_send"].value() == "£6,000 top-up"
    assert "Host School" in form["transport_redesignation"].value()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"agreed_start_2": "2026", "agreed_start_1": "12"}, "on or after the review"),
        ({"agreed_start_0": ""}, "Enter the agreed start date"),
    ],
)
def test_bad_move_details_are_explained_and_nothing_is_saved(
    client, world, hosted, changes, message
):
    review(hosted, world.users["school_case_lead"], Meeting.Outcome.MANAGED_MOVE)
    client.force_login(world.users["school_case_lead"])
    response = client.post(reverse("managed-move", args=[hosted.pk]), {**MOVE, **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ManagedMove.objects.exists()


@pytest.mark.parametrize("missing", ["parents_agree", "admission_authority_agrees"])
def test_the_roll_waits_for_everyone_agreeing(world, hosted, missing):
    """003: agreed with all parties, the parents and the admission authority of the new school:
    until both are recorded the pupil stays and the direction goes on, past the agreed date."""
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    move = record_move(hosted, lead, today=START, **{missing: ""})
    later = START + datetime.timedelta(days=7)
    assert not moves.managed_move_apply_roll_change(move, later)
    assert moves.managed_moves_apply_due(today=later) == 0
    world.pupil.refresh_from_db()
    hosted.refresh_from_db()
    assert world.pupil.school == world.school
    assert hosted.is_moving and hosted.state == "active"
    record_move(hosted, lead, today=later)  # now both agree: the pupil moves at once
    world.pupil.refresh_from_db()
    hosted.refresh_from_db()
    assert world.pupil.school == world.host
    assert (hosted.state, hosted.ending) == ("ended", "managed_move")


def test_only_a_converted_direction_has_a_move(world, hosted):
    with pytest.raises(GuardError, match="Convert to a managed move"):
        record_move(hosted, world.users["school_case_lead"], today=REVIEW_DAY)


@time_machine.travel(datetime.datetime(2026, 12, 14, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_the_review_page_leads_on_to_the_move(client, world, hosted):
    client.force_login(world.users["school_case_lead"])
    response = client.post(
        reverse("direction-meeting", args=[hosted.pk, "review"]),
        {
            "date_0": "11",
            "date_1": "12",
            "date_2": "2026",
            "outcome": "managed_move",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response.url == reverse("managed-move", args=[hosted.pk])
    page = client.get(response.url).content.decode()
    assert "Managed move details" in page and "£2,140" in page
    response = client.post(response.url, MOVE)
    assert response.url == hosted.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Managed move to Host School" in page
    assert "joins the roll of Host School on 4 January 2027" in page
    assert "Moving: a managed move to Host School is being agreed" in page


def test_the_pupil_joins_the_new_roll_on_the_agreed_date_not_before(world, hosted):
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    move = record_move(hosted, lead, today=REVIEW_DAY)
    host_lead = membership(world, "host_case_lead")
    # The host keeps its access until the roll change: the direction is still open.
    assert access.is_hosting(host_lead, world.pupil)
    assert access.directions_hosted_by(host_lead).filter(pk=hosted.pk).exists()
    assert not moves.managed_move_apply_roll_change(move, START - datetime.timedelta(days=1))
    world.pupil.refresh_from_db()
    assert world.pupil.school == world.school
    assert moves.managed_move_apply_roll_change(move, START)
    assert not moves.managed_move_apply_roll_change(move, START)  # idempotent
    assert moves.managed_moves_apply_due(today=START + datetime.timedelta(days=1)) == 0
    world.pupil.refresh_from_db()
    move.refresh_from_db()
    assert (world.pupil.school, world.pupil.admission_date) == (world.host, START)
    assert move.roll_changed_on == START
    assert world.pupil.previous_directions.filter(successful="yes").count() == 1
    assert access.is_home_school(host_lead, world.pupil)
    assert not access.pupils_visible_to(membership(world, "school_case_lead")).filter(
        pk=world.pupil.pk
    )


def test_the_nightly_task_moves_the_pupil_once(world, hosted):
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    record_move(hosted, lead, today=REVIEW_DAY)
    with time_machine.travel(datetime.datetime(2027, 1, 3, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert apply_managed_move_roll_changes() == 0
    with time_machine.travel(datetime.datetime(2027, 1, 4, 0, 30, tzinfo=datetime.UTC), tick=False):
        assert apply_managed_move_roll_changes() == 1
        assert apply_managed_move_roll_changes() == 0
    world.pupil.refresh_from_db()
    assert world.pupil.school == world.host
    assert world.pupil.history.filter(school=world.host).count() == 1


def test_a_start_today_or_past_moves_the_pupil_at_once(world, hosted):
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    record_move(hosted, lead, today=START + datetime.timedelta(days=3))
    world.pupil.refresh_from_db()
    assert world.pupil.school == world.host
    with pytest.raises(GuardError, match="cannot change"):
        record_move(hosted, lead, today=START + datetime.timedelta(days=3))


def test_a_upn_clash_at_the_new_school_is_explained_and_nothing_moves(client, world, hosted):
    PupilFactory(school=world.host, upn=world.pupil.upn)
    review(hosted, world.users["school_case_lead"], Meeting.Outcome.MANAGED_MOVE)
    hosted.refresh_from_db()
    with time_machine.travel(datetime.datetime(2027, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(world.users["school_case_lead"])
        response = client.post(reverse("managed-move", args=[hosted.pk]), MOVE)
    assert response.status_code == 200
    assert "already has a pupil with the UPN" in response.content.decode()
    assert not ManagedMove.objects.exists()
    world.pupil.refresh_from_db()
    assert world.pupil.school == world.school


def test_the_old_school_keeps_its_history_but_not_the_passport(client, world, hosted):
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    record_move(hosted, lead, today=START)
    direction_url = reverse("direction-detail", args=[hosted.pk])
    pupil_url = reverse("pupil-detail", args=[world.pupil.pk])
    for role in ("school_case_lead", "school_office", "school_dsl"):
        client.force_login(world.users[role])
        assert client.get(direction_url).status_code == 200, role
        assert client.get(pupil_url).status_code == 404, role
        assert "Home, Alex" not in client.get(reverse("pupil-list")).content.decode()
    client.force_login(world.users["host_case_lead"])  # now the pupil's own school
    assert client.get(pupil_url).status_code == 200
    edit = reverse("pupil-section-edit", args=[world.pupil.pk, "academic"])
    assert client.get(edit).status_code == 200
    assert client.get(direction_url).status_code == 404  # the old school's case, not theirs
    client.force_login(world.users["la_la_officer"])
    assert client.get(direction_url).status_code == 200
    client.force_login(world.users["other_case_lead"])
    assert client.get(direction_url).status_code == 404


def test_the_old_school_reads_its_case_but_changes_and_prints_nothing_new(client, world, hosted):
    """After the roll change the old school must not reach the family's present details."""
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    record_move(hosted, lead, today=START)
    client.force_login(lead)
    page = client.get(reverse("direction-detail", args=[hosted.pk])).content.decode()
    assert reverse("direction-plan", args=[hosted.pk]) not in page
    made = client.post(reverse("direction-document", args=[hosted.pk, "notification-form"]))
    assert made.status_code == 403
    assert client.get(reverse("direction-plan", args=[hosted.pk])).status_code == 403
    review_meeting = hosted.meetings.filter(held=True).first()
    decision = reverse("meeting-decision-send", args=[hosted.pk, review_meeting.pk])
    assert client.post(decision).status_code in (403, 404)


def test_another_school_never_sees_the_ended_direction(world, hosted):
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    other = membership(world, "other_case_lead")
    assert not access.directions_visible_to(other).exists()
    assert not access.former_pupils_directions(other).exists()


def test_it_stops_a_move_not_going_ahead_and_the_direction_goes_on(world, hosted):
    """003 "Review": if the new school will not admit the pupil permanently, the direction
    goes on (its next review due as before) until a review decides otherwise."""
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE, next_meeting=D(2027, 1, 15))
    record_move(hosted, lead, today=REVIEW_DAY, admission_authority_agrees="")
    next_review = hosted.meetings.get(held=False)
    with pytest.raises(GuardError, match="why the managed move"):
        moves.managed_move_not_going_ahead(direction=hosted, reason=" ", by=lead, today=START)
    moves.managed_move_not_going_ahead(
        direction=hosted, reason="The admission authority declined.", by=lead, today=START
    )
    hosted.refresh_from_db()
    assert not hosted.is_moving and hosted.state == "active"
    assert (hosted.move_stopped_on, hosted.move_stopped_reason) == (
        START,
        "The admission authority declined.",
    )
    assert not ManagedMove.objects.exists()
    assert hosted.meetings.get(held=False) == next_review
    assert access.is_hosting(membership(world, "host_case_lead"), world.pupil)
    assert moves.managed_moves_apply_due(today=START + datetime.timedelta(days=30)) == 0
    with pytest.raises(GuardError, match="No managed move"):
        moves.managed_move_not_going_ahead(direction=hosted, reason="x", by=lead, today=START)


def test_a_moving_direction_cannot_end_another_way_first(world, hosted):
    lead = world.users["school_case_lead"]
    review(hosted, lead, Meeting.Outcome.MANAGED_MOVE)
    with pytest.raises(GuardError, match="not going ahead first"):
        review(hosted, lead, Meeting.Outcome.RETURN, day=D(2026, 12, 14))
    with pytest.raises(GuardError, match="not going ahead first"):
        svc.direction_host_ends(direction=hosted, on=D(2026, 12, 14), by=lead)
    hosted.refresh_from_db()
    assert hosted.is_moving


@time_machine.travel(datetime.datetime(2026, 12, 14, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_the_not_going_ahead_page(client, world, hosted):
    url = reverse("managed-move-stop", args=[hosted.pk])
    client.force_login(world.users["school_case_lead"])
    assert "No managed move is being agreed" in client.get(url).content.decode()
    review(hosted, world.users["school_case_lead"], Meeting.Outcome.MANAGED_MOVE)
    page = client.get(hosted.get_absolute_url()).content.decode()
    assert url in page
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Enter why the managed move is not going ahead" in response.content.decode()
    response = client.post(url, {"reason": "The parents changed their minds."})
    assert response.url == hosted.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Moving:" not in page and url not in page
    assert "The parents changed their minds." in page  # the timeline keeps the reason
    client.force_login(world.users["school_office"])
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(world.users["other_case_lead"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("outcome", [Meeting.Outcome.RETURN])
def test_a_return_home_creates_the_same_tasks(world, hosted, outcome):
    review(hosted, world.users["school_case_lead"], outcome)
    tasks = LaTask.objects.filter(direction=hosted)
    assert {t.kind for t in tasks} == ROLL_TASKS
    assert all(t.managed_move is None for t in tasks)
    assert not access.is_hosting(membership(world, "host_case_lead"), world.pupil)


def test_the_host_ending_it_creates_the_same_tasks(world, hosted):
    svc.direction_host_ends(direction=hosted, on=REVIEW_DAY, by=world.users["school_case_lead"])
    assert {t.kind for t in LaTask.objects.filter(direction=hosted)} == ROLL_TASKS


def test_continuing_creates_no_tasks(world, hosted):
    review(hosted, world.users["school_case_lead"], "continue", next_meeting=START)
    assert not LaTask.objects.exists()


def propose(world):
    return svc.direction_propose(
        pupil=world.pupil,
        case_lead=world.users["school_case_lead"],
        plan={
            "reasons": "r",
            "objectives": "o",
            "success_criteria": "s",
            "planned_start": D(2026, 11, 16),
            "planned_end": D(2027, 2, 12),
        },
    )


def test_proposing_for_an_ehcp_looked_after_pupil_asks_send_and_the_virtual_school(world):
    direction = propose(world)
    send = LaTask.objects.get(direction=direction, kind=LaTask.Kind.SEND_CONSULTATION)
    vs = LaTask.objects.get(direction=direction, kind=LaTask.Kind.VIRTUAL_SCHOOL_CONSULTATION)
    # The LA has one SEND officer and one Virtual School Head: each gets theirs.
    assert send.assigned_to == world.users["la_la_send"]
    assert vs.assigned_to == world.users["la_virtual_school"]
    lead = world.users["school_case_lead"]
    svc.direction_record_consultation(
        direction=direction,
        kind=Consultation.Kind.SEND_TEAM,
        person="Imran, SEND",
        on=D(2026, 10, 20),
        supports=True,
        by=lead,
    )
    send.refresh_from_db()
    vs.refresh_from_db()
    assert (send.done_on, send.done_by) == (D(2026, 10, 20), lead)
    assert "Imran, SEND" in send.notes
    assert vs.is_open


def test_with_two_send_officers_the_task_waits_for_the_team(world):
    from tenancy.models import Role
    from tests.factories import member

    member(Role.LA_SEND, world.la)
    direction = propose(world)
    assert LaTask.objects.get(direction=direction, kind="send_consultation").assigned_to is None


def test_a_pupil_with_no_ehcp_and_not_looked_after_needs_no_consultation_task(world):
    world.pupil.has_ehcp = world.pupil.looked_after = False
    world.pupil.save()
    propose(world)
    assert not LaTask.objects.exists()


def test_a_task_is_ticked_once(world, hosted):
    review(hosted, world.users["school_case_lead"], Meeting.Outcome.RETURN)
    task = LaTask.objects.get(direction=hosted, kind=LaTask.Kind.PORTAL_RETURN)
    officer = world.users["la_la_officer"]
    moves.la_task_mark_done(task=task, by=officer, note="Ref 1234", today=REVIEW_DAY)
    task.refresh_from_db()
    assert (task.done_on, task.done_by, task.notes) == (REVIEW_DAY, officer, "Ref 1234")
    with pytest.raises(GuardError, match="already marked as done"):
        moves.la_task_mark_done(task=task, by=officer, note="", today=REVIEW_DAY)
