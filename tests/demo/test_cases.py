"""Each case type's demo cases (demo/<type>.py): made through the services, in every state a
user needs to see, with the deadlines, letters and notifications those states bring."""

import datetime

import pytest

from cases.directions.models import Direction, LaTask, ManagedMove
from cases.offsiting.models import OffSiting
from cases.placements.models import ApPlacement
from cases.psp import guards as psp_guards
from cases.psp.models import PastoralSupportProgramme, PspCheckIn, PspReview
from cases.pupils.models import Suspension
from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.selectors import rtt_status
from documents.models import Letter, OutboxMessage
from reviews import rules
from reviews.models import Deadline, Meeting, Notification
from safeguarding.models import ProviderVisit
from tenancy.models import Provider

# One test process seeds the demo for all of them (pytest-xdist loadgroup).
pytestmark = pytest.mark.xdist_group("demo")

Stage = PastoralSupportProgramme.Stage


def test_a_host_suspension_ended_a_direction_and_hosts_keep_registers(demo):
    ended = Direction.objects.get(ending=Direction.Ending.HOST_ENDED)
    suspension = Suspension.objects.get(suspended_by__isnull=False)
    assert (suspension.direction, suspension.suspended_by) == (ended, ended.host_school)
    assert ended.meetings.filter(kind=Meeting.Kind.EMERGENCY, held=True).exists()
    assert ended.attendance_marks.filter(code="E").count() == 4
    assert Notification.objects.filter(direction=ended, read_at__isnull=True).count() >= 1
    hosted = Direction.objects.filter(state=Direction.State.ACTIVE).exclude(host_school=None)
    assert hosted.exists()
    for direction in hosted:
        assert direction.attendance_marks.exists() and direction.contacts.exists()
        assert direction.deadlines.filter(
            kind=Deadline.Kind.HOST_ATTENDANCE, state=Deadline.State.OVERDUE
        ).exists()


def test_a_managed_move_is_agreed_then_the_roll_changes_with_one_la_task_done(demo):
    move = ManagedMove.objects.select_related("direction", "pupil").get()
    assert move.agreed_start <= demo and move.roll_changed_on == move.agreed_start
    assert move.agreed_by_all and move.pupil.school_id == move.to_school_id
    direction = move.direction
    assert (direction.state, direction.ending, direction.ended_on) == (
        Direction.State.ENDED,
        Direction.Ending.MANAGED_MOVE,
        move.agreed_start,
    )
    tasks = LaTask.objects.filter(direction=move.direction)
    assert tasks.filter(done_on__isnull=False).count() == 1
    assert tasks.filter(done_on__isnull=True).count() == 1


def test_an_offsiting_in_each_state(demo):
    State = OffSiting.State
    by_state = {o.state: o for o in OffSiting.objects.all()}
    assert OffSiting.objects.count() == 4
    assert set(by_state) == {State.PLANNED, State.STARTED, State.ENDED, State.CLOSED}
    assert by_state[State.PLANNED].awaiting_approval
    running = by_state[State.STARTED]
    assert running.approval_decision == OffSiting.Decision.AGREED
    assert running.awaiting_ta_decision
    assert all(i.available for i in running.shared_items.all())
    assert running.work.exists() and running.meetings.filter(held=True).exists()
    assert not by_state[State.ENDED].meetings.get(kind="restorative").held
    assert by_state[State.CLOSED].meetings.get(kind="restorative").held
    for offsiting in OffSiting.objects.all():
        assert offsiting.history.filter(history_user__isnull=False).exists()


def test_psps_at_every_stage_in_both_nations(demo):
    for code in ("671", "885"):
        stages = set(
            PastoralSupportProgramme.objects.filter(school__local_authority__code=code).values_list(
                "stage", flat=True
            )
        )
        assert Stage.DECIDING in stages and Stage.REVIEW in stages, code
    assert set(PastoralSupportProgramme.objects.values_list("stage", flat=True)) == set(
        Stage.values
    )
    assert PspReview.objects.exists() and PspCheckIn.objects.exists()
    copies = Letter.objects.filter(
        document__kind="psp_initial_meeting", pupil__school__local_authority__code="671"
    )
    assert copies.exists()
    for copy in copies:
        message = copy.messages.get()
        assert (message.to_email, message.state) == ("psp@npt.gov.uk", OutboxMessage.State.SENT)
    # Every signed PSP (those the reduced timetables sit on too) is complete and has deadlines.
    for psp in PastoralSupportProgramme.objects.filter(stage=Stage.REVIEW):
        assert psp.agreed_on and psp.outcomes.exists(), psp
        assert psp.deadlines.filter(kind=Deadline.Kind.PSP_REVIEW).exists()
    assert Deadline.objects.filter(kind=Deadline.Kind.PSP_CHECK_IN, state="overdue").exists()
    # Each PSP has what its stages needed before it moved on, as the guards ask of a school.
    order = [s.value for s in Stage]
    for psp in PastoralSupportProgramme.objects.all():
        reached = order.index(psp.stage)
        if reached > order.index(Stage.DECIDING):
            assert psp_guards.missing_to_decide(psp) == [], psp
        if reached > order.index(Stage.INFORMATION_GATHERING):
            assert psp_guards.missing_information(psp) == [], psp
        if reached > order.index(Stage.ORGANISING):
            assert psp_guards.missing_organising(psp) == [], psp
        if psp.agreed_on:
            assert psp_guards.missing_to_sign(psp) == [], psp


def test_reduced_timetables_of_every_rating_in_both_nations(demo):
    timetables = ReducedTimetable.objects.select_related(
        "pupil__safeguarding", "school__local_authority", "pupil__school"
    ).prefetch_related("entries", "steps", "checklist")
    assert len(timetables) == 7
    by_nation: dict[str, set] = {}
    states = []
    for timetable in timetables:
        status = rtt_status(timetable, today=demo)
        by_nation.setdefault(timetable.school.local_authority.nation, set()).add(status.rating)
        states.append(status.authorisation)
    assert by_nation["wales"] >= {"green", "amber", "red"}
    # Worcestershire follows the DfE's national expectations: no audit matrix of 004's
    assert by_nation["england"] == {""}
    assert "authorised" in states and "missing" in states
    assert ReducedTimetable.objects.filter(basis="medical", psp__isnull=True).exists()


def _declaration_status(provider, today):
    latest = provider.declarations.order_by("-signed_on").first()
    if latest is None:
        return "missing"
    return rules.declaration_status(latest.signed_on, latest.expires_on, today)


def test_providers_with_current_expired_and_missing_declarations(demo):
    for la in ("Worcestershire", "Neath Port Talbot"):
        statuses = {
            _declaration_status(p, demo) for p in Provider.objects.filter(local_authority__name=la)
        }
        assert {"expired", "missing"} <= statuses, la
        assert statuses & {"current", "expiring"}, la
    assert _declaration_status(Provider.objects.get(name="Canolfan Sgiliau Afan"), demo) == (
        "expiring"
    )
    assert ProviderVisit.objects.filter(findings__contains="DBS").count() == 2


def test_placements_running_with_attendance_in_both_las(demo):
    placements = ApPlacement.objects.select_related("school__local_authority")
    assert {p.school.local_authority.name for p in placements} == {
        "Worcestershire",
        "Neath Port Talbot",
    }
    assert len(placements) == 2
    for placement in placements:
        assert placement.start <= demo <= placement.end
        assert placement.attendance.filter(code="B").exists()


def test_ap_deadlines_reach_the_due_pages(demo):
    expiry = Deadline.objects.get(
        kind=Deadline.Kind.DECLARATION_EXPIRY, due__lte=demo + datetime.timedelta(days=7)
    )
    assert expiry.responsible.email == "safeguarding@npt.demo"
    missing = Deadline.objects.filter(kind=Deadline.Kind.AP_ATTENDANCE, state="overdue")
    assert {d.responsible.email for d in missing} == {
        "case-lead@elmbridge.demo",
        "case-lead@afan-vale.demo",
    }
    told = Notification.objects.filter(key__startswith="ap-provider-first-use")
    assert {n.user.email for n in told} == {
        "safeguarding@worcestershire.demo",
        "safeguarding@npt.demo",
    }
