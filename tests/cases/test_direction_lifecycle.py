"""The off-site direction's lifecycle, guards and deadlines, through its services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

import access
from cases.directions import guards, letter_contexts
from cases.directions import services as svc
from cases.directions.deadlines import deadlines_refresh
from cases.directions.managed_moves import managed_move_record
from cases.directions.models import Consultation, Direction
from cases.guards import GuardError
from demo.calendar import seed_term_dates
from reviews.models import Deadline

D = datetime.date
TODAY = D(2026, 11, 2)


PLAN = {
    "reasons": "Persistent disruption",
    "objectives": "Attend every lesson",
    "success_criteria": "No suspensions for six weeks",
    "planned_start": D(2026, 11, 16),
    "planned_end": D(2027, 2, 12),
}


@pytest.fixture
def lead(world):
    seed_term_dates(world.la)
    world.pupil.has_ehcp = False
    world.pupil.looked_after = False
    world.pupil.save()
    return world.users["school_case_lead"]


def propose(world, lead, **plan):
    return svc.direction_propose(pupil=world.pupil, case_lead=lead, plan={**PLAN, **plan})


def consult(direction, lead, kind, supports=True):
    svc.direction_record_consultation(
        direction=direction,
        kind=kind,
        person="A Person",
        on=D(2026, 10, 20),
        supports=supports,
        by=lead,
    )


def meet(direction, lead, kind, scheduled=None, **changes):
    """Record a meeting as the meeting page does: what the form holds, and the one in the diary."""
    return svc.direction_record_meeting(
        direction=direction, kind=kind, changes=changes, scheduled=scheduled, by=lead
    )


def to_host_agreed(world, lead):
    direction = propose(world, lead)
    svc.direction_mark_consulted(direction=direction, by=lead)
    svc.direction_approach_host(direction=direction, host=world.host, on=D(2026, 10, 21), by=lead)
    svc.direction_host_answers(direction=direction, accepted=True, on=D(2026, 10, 22), by=lead)
    return direction


def decide(direction, world):
    return svc.direction_decide(
        direction=direction,
        decided_by=world.users["school_headteacher"],
        decided_on=D(2026, 10, 23),
        delegation=Direction.Delegation.PERSON,
        delegation_details="Headteacher, scheme of delegation 2025",
        today=TODAY,
    )


def test_the_whole_lifecycle_to_a_managed_move(world, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        direction = to_host_agreed(world, lead)
        assert access.is_hosting(world.users["host_case_lead"].memberships.get(), world.pupil)
        decide(direction, world)
        svc.direction_record_notice(direction=direction, sent_on=D(2026, 11, 10), by=lead)
        meet(direction, lead, "initial", date=D(2026, 11, 13), next_meeting=D(2026, 12, 11))
        svc.direction_start(direction=direction, by=lead, today=D(2026, 11, 16))
        scheduled = direction.meetings.get(held=False)
        meet(direction, lead, "review", scheduled, date=D(2026, 12, 11), outcome="managed_move")
        direction.refresh_from_db()
        # 003: open and moving until the parents and the admission authority agree and the
        # pupil joins the new roll; the host keeps hosting meanwhile.
        assert (direction.state, direction.moving_since) == ("active", D(2026, 12, 11))
        assert access.is_hosting(world.users["host_case_lead"].memberships.get(), world.pupil)
        managed_move_record(
            direction=direction,
            changes={
                "agreed_start": D(2027, 1, 4),
                "parents_agree": True,
                "admission_authority_agrees": True,
            },
            by=lead,
            today=D(2027, 1, 4),
        )
    direction.refresh_from_db()
    assert (direction.state, direction.ending) == ("ended", "managed_move")
    assert not access.is_hosting(world.users["host_case_lead"].memberships.get(), world.pupil)
    assert direction.history.count() >= 8


def test_a_pupil_cannot_have_two_open_directions(world, lead):
    propose(world, lead)
    with pytest.raises(GuardError, match="already has an off-site direction"):
        propose(world, lead)


def test_an_ehcp_pupil_needs_the_send_team_consulted(world, lead):
    world.pupil.has_ehcp = True
    world.pupil.save()
    direction = propose(world, lead)
    with pytest.raises(GuardError, match="LA SEND team"):
        svc.direction_mark_consulted(direction=direction, by=lead)
    consult(direction, lead, Consultation.Kind.SEND_TEAM)
    svc.direction_mark_consulted(direction=direction, by=lead)
    assert direction.state == "consulted"


def test_a_looked_after_child_needs_virtual_school_and_social_worker_support(world, lead):
    world.pupil.looked_after = True
    world.pupil.save()
    direction = propose(world, lead)
    consult(direction, lead, Consultation.Kind.VIRTUAL_SCHOOL, supports=False)
    with pytest.raises(GuardError) as error:
        svc.direction_mark_consulted(direction=direction, by=lead)
    assert any("Virtual School" in m for m in error.value.messages)
    assert any("social worker" in m for m in error.value.messages)
    consult(direction, lead, Consultation.Kind.VIRTUAL_SCHOOL)
    consult(direction, lead, Consultation.Kind.SOCIAL_WORKER)
    svc.direction_mark_consulted(direction=direction, by=lead)


def test_warwickshire_needs_the_coordinator_and_the_parents_agreement(world, lead):
    world.la.coordinator_consultation_required = True
    world.la.parental_agreement_required = True
    world.la.save()
    direction = propose(world, lead)
    with pytest.raises(GuardError, match="Education Entitlement Coordinator"):
        svc.direction_mark_consulted(direction=direction, by=lead)
    consult(direction, lead, Consultation.Kind.COORDINATOR)
    svc.direction_mark_consulted(direction=direction, by=lead)
    svc.direction_approach_host(direction=direction, host=world.host, on=D(2026, 10, 21), by=lead)
    svc.direction_host_answers(direction=direction, accepted=True, on=D(2026, 10, 22), by=lead)
    with pytest.raises(GuardError, match="parents' agreement"):
        decide(direction, world)
    direction.parents_agree = True
    direction.save()
    decide(direction, world)


def test_a_direction_is_never_open_ended(world, lead):
    direction = to_host_agreed(world, lead)
    direction.planned_end = None
    direction.save()
    with pytest.raises(GuardError, match="never open-ended"):
        decide(direction, world)


def test_the_host_cannot_be_the_home_school(world, lead):
    direction = propose(world, lead)
    svc.direction_mark_consulted(direction=direction, by=lead)
    with pytest.raises(GuardError, match="own school"):
        svc.direction_approach_host(direction=direction, host=world.school, on=TODAY, by=lead)


def test_a_declining_host_leaves_the_case_ready_for_another(world, lead):
    direction = propose(world, lead)
    svc.direction_mark_consulted(direction=direction, by=lead)
    svc.direction_approach_host(direction=direction, host=world.host, on=TODAY, by=lead)
    svc.direction_host_answers(direction=direction, accepted=False, on=TODAY, by=lead)
    assert (direction.state, direction.host_school) == ("consulted", None)
    assert not access.is_hosting(world.users["host_case_lead"].memberships.get(), world.pupil)


def test_an_end_before_the_start_is_refused(world, lead):
    with pytest.raises(ValidationError, match="planned end date must be after"):
        propose(world, lead, planned_end=D(2026, 11, 1))
    assert not Direction.objects.exists()


def test_a_step_may_change_only_its_own_fields(world, lead):
    direction = propose(world, lead)
    with pytest.raises(ValueError, match="state"):
        svc.direction_update_plan(direction=direction, changes={"state": "active"}, by=lead)
    direction.refresh_from_db()
    assert direction.state == "proposed"


def test_changing_the_plan_records_who_changed_what(world, lead):
    direction = propose(world, lead)
    officer = world.users["school_headteacher"]
    svc.direction_update_plan(direction=direction, changes={"days": "Mon to Thu"}, by=officer)
    direction.refresh_from_db()
    latest = direction.history.first()
    assert (direction.days, latest.history_user) == ("Mon to Thu", officer)
    assert latest.diff_against(latest.prev_record).changed_fields == ["days"]


def test_a_meeting_already_held_cannot_be_recorded_again(world, lead):
    direction = to_host_agreed(world, lead)
    decide(direction, world)
    svc.direction_record_notice(direction=direction, sent_on=D(2026, 11, 10), by=lead)
    held = meet(direction, lead, "initial", date=D(2026, 11, 13))
    svc.direction_start(direction=direction, by=lead, today=D(2026, 11, 16))
    with pytest.raises(GuardError, match="not one of this direction's meetings"):
        meet(direction, lead, "initial", held, date=D(2026, 11, 14))


def test_a_review_before_the_start_is_refused(world, lead):
    direction = to_host_agreed(world, lead)
    decide(direction, world)
    svc.direction_record_notice(direction=direction, sent_on=D(2026, 11, 10), by=lead)
    meet(direction, lead, "initial", date=D(2026, 11, 13))
    with pytest.raises(GuardError, match="before the direction starts"):
        meet(direction, lead, "review", date=D(2026, 11, 12), outcome="continue")


def test_deadlines_follow_the_rules_and_the_calendar(world, lead):
    direction = to_host_agreed(world, lead)
    decide(direction, world)
    deadlines_refresh(direction=direction, today=TODAY)
    notice = direction.deadlines.get(kind=Deadline.Kind.DIRECTION_NOTICE)
    # First day Monday 16 November 2026: 2 school days before is Thursday 12 November.
    assert (notice.due, notice.state) == (D(2026, 11, 12), "due")
    svc.direction_record_notice(direction=direction, sent_on=D(2026, 11, 10), by=lead)
    deadlines_refresh(direction=direction, today=TODAY)
    notice.refresh_from_db()
    assert (notice.state, notice.met_on) == ("on_time", D(2026, 11, 10))
    first = direction.deadlines.get(kind=Deadline.Kind.FIRST_REVIEW)
    # 6 school weeks after Monday 16 November 2026: 23 and 30 November, 7 and 14 December,
    # then the Christmas holiday weeks do not count, then 4 and 11 January: Monday 11 January.
    assert first.due == D(2027, 1, 11)
    meet(direction, lead, "initial", date=D(2026, 11, 13), next_meeting=D(2026, 12, 11))
    deadlines_refresh(direction=direction, today=TODAY)
    invitation = direction.deadlines.get(kind=Deadline.Kind.REVIEW_INVITATION)
    assert invitation.due == D(2026, 12, 5)  # not later than 6 days before 11 December
    deadlines_refresh(direction=direction, today=D(2026, 12, 6))
    invitation.refresh_from_db()
    assert invitation.state == "overdue"
    count = Deadline.objects.count()
    deadlines_refresh(direction=direction, today=D(2026, 12, 6))
    assert Deadline.objects.count() == count  # idempotent


def test_a_decision_to_continue_must_reach_parents_within_6_days(world, lead):
    direction = to_host_agreed(world, lead)
    decide(direction, world)
    svc.direction_record_notice(direction=direction, sent_on=D(2026, 11, 10), by=lead)
    meet(direction, lead, "initial", date=D(2026, 11, 13))
    svc.direction_start(direction=direction, by=lead, today=D(2026, 11, 16))
    meet(
        direction,
        lead,
        "review",
        date=D(2026, 12, 11),
        outcome="continue",
        continue_until=D(2027, 3, 26),
    )
    deadlines_refresh(direction=direction, today=D(2026, 12, 11))
    decision = direction.deadlines.get(kind=Deadline.Kind.DECISION_NOTICE)
    assert decision.due == D(2026, 12, 17)
    direction.refresh_from_db()
    assert direction.planned_end == D(2027, 3, 26)


def test_a_parents_request_within_the_window_need_not_be_met(world, lead):
    direction = to_host_agreed(world, lead)
    decide(direction, world)
    svc.direction_record_notice(direction=direction, sent_on=D(2026, 11, 10), by=lead)
    meet(direction, lead, "initial", date=D(2026, 11, 13))
    svc.direction_start(direction=direction, by=lead, today=D(2026, 11, 16))
    meet(direction, lead, "review", date=D(2026, 12, 11), outcome="continue")
    soon = svc.direction_record_review_request(
        direction=direction, requested_by="parents", received_on=D(2027, 1, 8), by=lead
    )
    assert soon.must_hold is False  # a review 4 weeks earlier, inside the 10-week window
    world.la.requested_review_window_weeks = 3
    world.la.save()
    direction.home_school.local_authority.refresh_from_db()
    later = svc.direction_record_review_request(
        direction=direction, requested_by="parents", received_on=D(2027, 1, 9), by=lead
    )
    assert later.must_hold is True


def _started(world, lead):
    direction = to_host_agreed(world, lead)
    decide(direction, world)
    svc.direction_record_notice(direction=direction, sent_on=D(2026, 11, 10), by=lead)
    meet(direction, lead, "initial", date=D(2026, 11, 13))
    svc.direction_start(direction=direction, by=lead, today=D(2026, 11, 16))
    return direction


def test_the_initial_meeting_is_not_a_review_for_a_parents_request(world, lead):
    direction = _started(world, lead)
    request = svc.direction_record_review_request(
        direction=direction, requested_by="parents", received_on=D(2026, 11, 20), by=lead
    )
    assert request.must_hold is True  # only the initial meeting a week ago


def test_the_la_may_ask_for_a_review_only_for_a_pupil_with_an_ehcp(world, lead):
    direction = _started(world, lead)
    with pytest.raises(GuardError, match="the LA may ask only for a pupil with an EHCP"):
        svc.direction_record_review_request(
            direction=direction, requested_by="la", received_on=D(2026, 11, 20), by=lead
        )
    world.pupil.has_ehcp = True
    world.pupil.save()
    direction.pupil.refresh_from_db()
    request = svc.direction_record_review_request(
        direction=direction, requested_by="la", received_on=D(2026, 11, 20), by=lead
    )
    assert request.must_hold is True


def test_a_review_sooner_than_six_days_needs_the_parents_agreement(world, lead):
    direction = _started(world, lead)
    with pytest.raises(GuardError, match="choose 26 November 2026 or later"):
        svc.meeting_schedule(
            direction=direction, kind="review", date=D(2026, 11, 25), by=lead, today=D(2026, 11, 20)
        )
    meeting = svc.meeting_schedule(
        direction=direction,
        kind="review",
        date=D(2026, 11, 25),
        by=lead,
        today=D(2026, 11, 20),
        shorter_notice_agreed_on=D(2026, 11, 19),
    )
    deadlines_refresh(direction=direction, today=D(2026, 11, 20))
    invitation = direction.deadlines.get(key=f"invitation:{meeting.pk}")
    assert invitation.due == D(2026, 11, 25)  # agreed: invited in writing before the meeting


def test_a_review_already_in_the_diary_can_be_named_again_within_six_days(world, lead):
    """An emergency review on 30 November names the review already planned for 2 December as
    its next meeting: that review's notice was worked out when it was planned."""
    direction = _started(world, lead)
    planned = svc.meeting_schedule(
        direction=direction, kind="review", date=D(2026, 12, 2), by=lead, today=D(2026, 11, 20)
    )
    again = svc.meeting_schedule(
        direction=direction, kind="review", date=D(2026, 12, 2), by=lead, today=D(2026, 11, 30)
    )
    assert again.pk == planned.pk
    with pytest.raises(GuardError, match="choose 6 December 2026 or later"):
        svc.meeting_schedule(
            direction=direction, kind="review", date=D(2026, 12, 3), by=lead, today=D(2026, 11, 30)
        )


def test_an_emergency_review_needs_six_days_written_notice_too(world, lead):
    direction = _started(world, lead)
    meeting = svc.meeting_schedule(
        direction=direction, kind="emergency", date=D(2026, 11, 24), by=lead, today=D(2026, 11, 20)
    )
    deadlines_refresh(direction=direction, today=D(2026, 11, 20))
    invitation = direction.deadlines.get(key=f"invitation:{meeting.pk}")
    assert (invitation.due, invitation.state) == (D(2026, 11, 18), "overdue")


def test_a_meeting_recorded_after_it_was_held_gets_no_deadlines(world, lead):
    direction = _started(world, lead)
    held = meet(direction, lead, "review", date=D(2026, 11, 27), outcome="continue")
    deadlines_refresh(direction=direction, today=D(2026, 12, 1))
    keys = set(direction.deadlines.values_list("key", flat=True))
    assert f"invitation:{held.pk}" not in keys and f"review:{held.pk}" not in keys
    assert f"decision:{held.pk}" in keys  # the decision letter is still to send


def test_a_diary_review_keeps_its_deadlines_once_held(world, lead):
    direction = _started(world, lead)
    diary = svc.meeting_schedule(
        direction=direction, kind="review", date=D(2026, 12, 4), by=lead, today=D(2026, 11, 20)
    )
    deadlines_refresh(direction=direction, today=D(2026, 11, 20))
    meet(direction, lead, "review", scheduled=diary, date=D(2026, 12, 4), outcome="continue")
    deadlines_refresh(direction=direction, today=D(2026, 12, 7))
    invitation = direction.deadlines.get(key=f"invitation:{diary.pk}")
    assert invitation.state == "overdue"  # never recorded as sent: the record keeps it


def test_an_invitation_needs_the_time_of_the_review(world, lead):
    direction = _started(world, lead)
    meeting = svc.meeting_schedule(
        direction=direction, kind="review", date=D(2026, 12, 4), by=lead, today=D(2026, 11, 20)
    )
    with pytest.raises(GuardError, match="Add the time of the review first"):
        guards.ensure_can_invite(meeting)
    svc.meeting_set_when(meeting=meeting, time=datetime.time(15, 30), place="", by=lead)
    guards.ensure_can_invite(meeting)


# The review frequency, the next review and the planned end (003 "Review", template 3) -----


def _notice_sent(world, lead):
    direction = to_host_agreed(world, lead)
    decide(direction, world)
    svc.direction_record_notice(direction=direction, sent_on=D(2026, 11, 10), by=lead)
    return direction


def _started_every(world, lead, weeks):
    """Started on 16 November 2026, with reviews every `weeks` weeks agreed at the initial
    meeting (and no first review in the diary)."""
    direction = _notice_sent(world, lead)
    svc.direction_record_meeting(
        direction=direction,
        kind="initial",
        changes={"date": D(2026, 11, 13)},
        review_interval_weeks=weeks,
        by=lead,
    )
    svc.direction_start(direction=direction, by=lead, today=D(2026, 11, 16))
    return direction


def test_the_initial_meeting_records_the_review_frequency_agreed(world, lead):
    direction = _started_every(world, lead, 4)
    proposed = direction.history.order_by("history_id").first()
    assert proposed.review_interval_weeks == world.la.review_interval_weeks == 6
    direction.refresh_from_db()
    assert direction.review_interval_weeks == 4
    assert direction.history.filter(review_interval_weeks=4).exists()


def test_without_a_frequency_the_initial_meeting_keeps_the_las_usual_interval(world, lead):
    direction = _notice_sent(world, lead)
    direction.review_interval_weeks = None
    meet(direction, lead, "initial", date=D(2026, 11, 13))
    direction.refresh_from_db()
    assert direction.review_interval_weeks == 6


@pytest.mark.parametrize(
    ("weeks", "message"),
    [
        (7, "Reviews must be held at least every 4 weeks in Worcestershire: enter 4 or fewer"),
        (5, "Reviews must be held at least every 4 weeks in Worcestershire: enter 4 or fewer"),
        (0, "Enter 1 or more weeks between reviews"),
    ],
)
def test_the_frequency_is_never_longer_than_the_las_interval(world, lead, weeks, message):
    world.la.review_interval_weeks = 4
    world.la.save()
    direction = _notice_sent(world, lead)
    with pytest.raises(GuardError) as error:
        svc.direction_record_meeting(
            direction=direction,
            kind="initial",
            changes={"date": D(2026, 11, 13)},
            review_interval_weeks=weeks,
            by=lead,
        )
    assert error.value.message_dict == {"review_interval_weeks": [message]}
    direction.refresh_from_db()
    assert (direction.state, direction.review_interval_weeks) == ("notice_sent", 4)
    assert not direction.meetings.exists()


def test_the_frequency_is_agreed_at_the_initial_meeting_only(world, lead):
    direction = _started_every(world, lead, 4)
    with pytest.raises(ValueError, match="initial meeting"):
        svc.direction_record_meeting(
            direction=direction,
            kind="review",
            changes={"date": D(2026, 11, 27), "outcome": "continue"},
            review_interval_weeks=2,
            by=lead,
        )


def _next_review(direction, review):
    return direction.deadlines.get(key=f"next-review:{review.pk}")


def test_after_each_review_the_next_is_due_at_the_agreed_interval(world, lead):
    direction = _started_every(world, lead, 4)
    first = meet(direction, lead, "review", date=D(2026, 11, 27), outcome="continue")
    deadlines_refresh(direction=direction, today=D(2026, 11, 30))
    due = _next_review(direction, first)
    # 27 November + 4 weeks is Christmas Day, in the holidays: the last school day before it.
    assert (due.kind, due.due, due.state) == ("next_review", D(2026, 12, 18), "due")
    assert due.what == "Hold the next review after the one on 27 November 2026"

    # A review in the diary before then is the deadline instead.
    diary = svc.meeting_schedule(
        direction=direction, kind="review", date=D(2026, 12, 11), by=lead, today=D(2026, 11, 30)
    )
    deadlines_refresh(direction=direction, today=D(2026, 11, 30))
    assert not direction.deadlines.filter(key=f"next-review:{first.pk}").exists()
    assert direction.deadlines.get(key=f"review:{diary.pk}").due == D(2026, 12, 11)

    second = meet(direction, lead, "review", diary, date=D(2026, 12, 11), outcome="continue")
    deadlines_refresh(direction=direction, today=D(2026, 12, 11))
    assert _next_review(direction, second).due == D(2027, 1, 8)

    third = meet(direction, lead, "review", date=D(2027, 1, 8), outcome="continue")
    deadlines_refresh(direction=direction, today=D(2027, 1, 8))
    met = _next_review(direction, second)
    assert (met.state, met.met_on) == ("on_time", D(2027, 1, 8))
    assert _next_review(direction, third).due == D(2027, 2, 5)


def test_a_review_in_the_diary_after_the_interval_leaves_the_deadline(world, lead):
    direction = _started_every(world, lead, 4)
    first = meet(direction, lead, "review", date=D(2026, 11, 27), outcome="continue")
    late = svc.meeting_schedule(
        direction=direction, kind="review", date=D(2027, 1, 15), by=lead, today=D(2026, 11, 30)
    )
    deadlines_refresh(direction=direction, today=D(2026, 12, 19))
    assert _next_review(direction, first).state == "overdue"
    meet(direction, lead, "review", late, date=D(2027, 1, 15), outcome="continue")
    deadlines_refresh(direction=direction, today=D(2027, 1, 15))
    held = _next_review(direction, first)
    assert (held.state, held.met_on) == ("late", D(2027, 1, 15))


def test_a_review_that_ends_the_direction_has_no_next_review(world, lead):
    direction = _started_every(world, lead, 4)
    first = meet(direction, lead, "review", date=D(2026, 11, 27), outcome="continue")
    deadlines_refresh(direction=direction, today=D(2026, 11, 30))
    last = meet(direction, lead, "review", date=D(2026, 12, 11), outcome="return")
    deadlines_refresh(direction=direction, today=D(2026, 12, 11))
    assert _next_review(direction, first).met_on == D(2026, 12, 11)
    assert not direction.deadlines.filter(key=f"next-review:{last.pk}").exists()


def test_before_the_decision_the_plan_changes_the_end(world, lead):
    direction = propose(world, lead)
    svc.direction_update_plan(direction=direction, changes={"planned_end": D(2027, 3, 26)}, by=lead)
    direction.refresh_from_db()
    assert direction.planned_end == D(2027, 3, 26)


def test_after_the_decision_the_end_changes_only_at_a_review(world, lead):
    direction = _notice_sent(world, lead)
    with pytest.raises(GuardError) as error:
        svc.direction_update_plan(
            direction=direction, changes={"planned_end": D(2027, 3, 26)}, by=lead
        )
    assert error.value.message_dict == {
        "planned_end": [
            "The end date changes at a review: record the review's decision to continue "
            "and for how long."
        ]
    }
    direction.refresh_from_db()
    assert direction.planned_end == D(2027, 2, 12)


def test_continuing_without_a_date_keeps_the_planned_end_as_the_period(world, lead):
    direction = _started_every(world, lead, 4)
    review = meet(
        direction, lead, "review", date=D(2026, 12, 11), outcome="continue", next_meeting=None
    )
    review.refresh_from_db()
    direction.refresh_from_db()
    assert review.continue_until == direction.planned_end == D(2027, 2, 12)


def test_continuing_past_the_planned_end_needs_the_new_end(world, lead):
    direction = _started_every(world, lead, 6)
    with pytest.raises(GuardError) as error:
        meet(
            direction,
            lead,
            "review",
            date=D(2026, 12, 11),
            outcome="continue",
            next_meeting=D(2027, 2, 26),
        )
    assert error.value.message_dict == {
        "continue_until": [
            "The direction is planned to end on 12 February 2027, before the next review on "
            "26 February 2027: enter the date it continues until, 26 February 2027 or later."
        ]
    }
    with pytest.raises(GuardError, match="before the next review on 26 February 2027"):
        meet(
            direction,
            lead,
            "review",
            date=D(2026, 12, 11),
            outcome="continue",
            continue_until=D(2027, 2, 19),
            next_meeting=D(2027, 2, 26),
        )
    direction.refresh_from_db()
    assert (direction.planned_end, direction.meetings.count()) == (D(2027, 2, 12), 1)


def test_a_decision_to_continue_sets_the_end_and_its_letter_says_so(world, lead):
    direction = _started_every(world, lead, 6)
    review = meet(
        direction,
        lead,
        "review",
        date=D(2026, 12, 11),
        outcome="continue",
        continue_until=D(2027, 3, 26),
        next_meeting=D(2027, 1, 22),
    )
    deadlines_refresh(direction=direction, today=D(2026, 12, 11))
    direction.refresh_from_db()
    assert direction.planned_end == D(2027, 3, 26)
    assert direction.deadlines.get(kind=Deadline.Kind.PLANNED_END).due == D(2027, 3, 26)
    _template, context = letter_contexts.decision_letter(direction, review, today=D(2026, 12, 14))
    assert (context["continue_until"], context["next_review"]) == (
        "26 March 2027",
        "22 January 2027",
    )


def test_the_direction_letter_gives_the_first_review_agreed_at_the_initial_meeting(world, lead):
    direction = to_host_agreed(world, lead)
    decide(direction, world)
    # Sent before the initial meeting (003's order): the latest date the first-review rule
    # allows, 6 school weeks after Monday 16 November 2026.
    _template, context = letter_contexts.direction_letter(direction, today=D(2026, 11, 10))
    assert (context["first_review"], context["first_review_is_deadline"]) == (
        "11 January 2027",
        True,
    )
    svc.direction_record_notice(direction=direction, sent_on=D(2026, 11, 10), by=lead)
    meet(direction, lead, "initial", date=D(2026, 11, 13), next_meeting=D(2026, 12, 11))
    _template, context = letter_contexts.direction_letter(direction, today=D(2026, 11, 13))
    assert (context["first_review"], context["first_review_is_deadline"]) == (
        "11 December 2026",
        False,
    )
