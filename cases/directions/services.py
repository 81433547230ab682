"""The off-site direction's lifecycle: one service per transition, each guarded, atomic and
recorded in the history; deadlines are recomputed after every change.

proposed → consulted → host agreed in principle → decided → notice sent → initial meeting held
→ active (reviews; moving while a managed move is agreed) → ended (returned, managed move, or
ended by the host).
Sources: 003_db4daf6c9cf2ba51.txt, 002_decd2720d6352690.txt, 001_c58a6ee2a70ae155.txt.
"""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.changes import apply_changes
from cases.directions import guards, managed_moves
from cases.directions.deadlines import refresh_deadlines_on_commit
from cases.directions.models import Consultation, Direction
from cases.directions.notifications import ask_for_the_decision
from cases.guards import GuardError, ensure_school_day, ensure_state
from cases.pupils.models import ParentCarer, Pupil
from reviews.models import Meeting, ReviewRequest
from reviews.rules import must_hold_requested_review
from tenancy.models import School, User
from tenancy.services import grant_host_access, revoke_host_access

State = Direction.State

# What a case lead plans and may change until the direction ends (the plan page): 001's "should"
# list, the letter's details (003 template 5), funding and transport (003), parents' views
# (template 1). The plan form shows exactly these, in this order.
PLAN_FIELDS = (
    "reasons",
    "objectives",
    "success_criteria",
    "planned_start",
    "planned_end",
    "maximum_period",
    "attendance",
    "part_time_timetable",
    "days",
    "start_time",
    "end_time",
    "break_times",
    "report_to_name",
    "report_to_role",
    "report_time",
    "contact_arrangements",
    "point_of_contact",
    "funding_awpu",
    "funding_send",
    "funding_backdated",
    "transport_payer",
    "transport_arrangements",
    "parent_understands",
    "other_parent_agrees",
    "parental_comments",
    "parents_agree",
)
# What the record of a meeting holds (templates 3 and 4 of 003): never its direction, kind or
# who recorded it, which the service sets.
MEETING_FIELDS = frozenset(
    {
        "date",
        "address_changed",
        "home_representative",
        "host_representative",
        "parent_carer",
        "others",
        "reasons",
        "success_needs",
        "parents_views",
        "progress",
        "concerns",
        "support",
        "outcome",
        "continue_until",
        "next_meeting",
        "signed_by_parent",
        "signed_by_child",
        "signed_by_home",
        "signed_by_host",
    }
)


def _save(direction: Direction, by: User, *fields: str) -> None:
    direction._history_user = by
    direction.full_clean()
    direction.save(update_fields=list(fields) if fields else None)
    refresh_deadlines_on_commit(direction.pk)


@transaction.atomic
def direction_propose(*, pupil: Pupil, case_lead: User, plan: Mapping[str, object]) -> Direction:
    """Open a direction at the pupil's school with its plan (PLAN_FIELDS); nothing is decided."""
    direction = Direction(
        pupil=pupil,
        home_school=pupil.school,
        case_lead=case_lead,
        review_interval_weeks=pupil.school.local_authority.review_interval_weeks,
    )
    apply_changes(direction, plan, PLAN_FIELDS)
    guards.ensure_directions_exist_here(direction)
    ensure_school_day(direction.home_school, direction.planned_start, field="planned_start")
    guards.ensure_no_other_open_direction(direction)
    _save(direction, case_lead)
    managed_moves.la_tasks_on_proposal(direction=direction, by=case_lead)
    return direction


@transaction.atomic
def direction_update_plan(
    *, direction: Direction, changes: Mapping[str, object], by: User
) -> Direction:
    """Change the plan (dates, objectives, funding, transport…) before the direction ends;
    `changes` holds only the fields that changed (PLAN_FIELDS). Once decided, the end date
    is no longer the plan's: a review's decision to continue sets it."""
    ensure_state(direction, *(s for s in State.values if s != State.ENDED))
    guards.ensure_end_changes_at_review(direction, changes)
    if "planned_start" in changes:
        ensure_school_day(direction.home_school, changes["planned_start"], field="planned_start")
    if changes:
        apply_changes(direction, changes, PLAN_FIELDS)
        _save(direction, by, *changes)
    return direction


@transaction.atomic
def direction_record_consultation(
    *,
    direction: Direction,
    kind: str,
    person: str,
    on: datetime.date,
    supports: bool,
    notes: str = "",
    by: User,
) -> Consultation:
    """Someone consulted before the decision (001's coordinator, 003's SEND team, Virtual
    School and social worker, the parents), and whether they support the direction."""
    ensure_state(direction, State.PROPOSED, State.CONSULTED, State.HOST_AGREED)
    consultation = Consultation(
        direction=direction,
        kind=kind,
        person=person,
        on=on,
        supports=supports,
        notes=notes,
        recorded_by=by,
    )
    consultation._history_user = by
    consultation.full_clean()
    consultation.save()
    managed_moves.la_tasks_on_consultation(consultation=consultation, by=by)
    refresh_deadlines_on_commit(direction.pk)
    return consultation


@transaction.atomic
def direction_mark_consulted(*, direction: Direction, by: User) -> Direction:
    ensure_state(direction, State.PROPOSED)
    guards.ensure_consultations_complete(direction)
    direction.state = State.CONSULTED
    _save(direction, by, "state")
    return direction


@transaction.atomic
def direction_approach_host(
    *, direction: Direction, host: School, on: datetime.date, by: User
) -> Direction:
    """003 Procedure: the home school asks the next appropriate school to host."""
    guards.ensure_can_approach_host(direction, host)
    direction.host_school = host
    direction.host_approached_on = on
    direction.host_agreed_on = None
    _save(direction, by, "host_school", "host_approached_on", "host_agreed_on")
    return direction


@transaction.atomic
def direction_host_answers(
    *, direction: Direction, accepted: bool, on: datetime.date, by: User
) -> Direction:
    """The host accepts (its staff then see the case) or declines (approach another)."""
    guards.ensure_host_approached(direction)
    if accepted:
        direction.state = State.HOST_AGREED
        direction.host_agreed_on = on
        grant_host_access(direction.pupil, direction.host_school)
    else:
        direction.host_school = None
        direction.host_approached_on = None
    _save(direction, by, "state", "host_agreed_on", "host_school", "host_approached_on")
    if accepted:
        ask_for_the_decision(direction)
    return direction


@transaction.atomic
def direction_decide(
    *,
    direction: Direction,
    decided_by: User,
    decided_on: datetime.date,
    delegation: str,
    delegation_details: str,
    today: datetime.date,
) -> Direction:
    guards.ensure_can_decide(direction, decided_on=decided_on, today=today)
    direction.state = State.DECIDED
    direction.decided_by = decided_by
    direction.decided_on = decided_on
    direction.delegation = delegation
    direction.delegation_details = delegation_details
    direction.checklist_confirmed = True
    _save(
        direction,
        decided_by,
        "state",
        "decided_by",
        "decided_on",
        "delegation",
        "delegation_details",
        "checklist_confirmed",
    )
    return direction


@transaction.atomic
def direction_record_notice(*, direction: Direction, sent_on: datetime.date, by: User) -> Direction:
    """The statutory written notice (template 5 letter) went to the parents on `sent_on`."""
    ensure_state(direction, State.DECIDED)
    direction.notice_sent_on = sent_on
    direction.state = State.NOTICE_SENT
    _save(direction, by, "notice_sent_on", "state")
    return direction


@transaction.atomic
def meeting_schedule(
    *,
    direction: Direction,
    kind: str,
    date: datetime.date,
    by: User,
    time: datetime.time | None = None,
    place: str = "",
    shorter_notice_agreed_on: datetime.date | None = None,
    today: datetime.date | None = None,
    field: str = "date",
) -> Meeting:
    """Put a review in the diary; its invitation and its date become deadlines. An
    objection to the date goes beside `field`, the form's field that chose it.

    A review the case lead plans must leave time for the parents' six days' written notice
    unless they agreed to less; an emergency review (a host suspension) is held at once, and
    its invitation deadline shows whether notice was given in time.
    """
    ensure_state(direction, State.NOTICE_SENT, State.INITIAL_MEETING_HELD, State.ACTIVE)
    ensure_school_day(direction.home_school, date, field=field)
    already_planned = direction.meetings.filter(kind=kind, date=date, held=False).exists()
    # A meeting already in the diary (named again as "the next meeting" at an emergency review,
    # say) had its notice worked out when it was planned.
    if kind != Meeting.Kind.EMERGENCY and not already_planned:
        guards.ensure_notice_can_be_given(
            direction,
            date,
            today=today or timezone.localdate(),
            shorter_notice_agreed_on=shorter_notice_agreed_on,
            field=field,
        )
    meeting, created = Meeting.objects.get_or_create(
        direction=direction,
        kind=kind,
        date=date,
        held=False,
        defaults={
            "recorded_by": by,
            "time": time,
            "place": place,
            "shorter_notice_agreed_on": shorter_notice_agreed_on,
        },
    )
    wanted = {"time": time, "place": place, "shorter_notice_agreed_on": shorter_notice_agreed_on}
    changed = [
        name
        for name, value in wanted.items()
        if value not in (None, "") and value != getattr(meeting, name)
    ]
    if not created and changed:
        for name in changed:
            setattr(meeting, name, wanted[name])
        meeting._history_user = by
        meeting.save(update_fields=changed)
    refresh_deadlines_on_commit(direction.pk)
    return meeting


@transaction.atomic
def meeting_set_when(*, meeting: Meeting, time: datetime.time, place: str, by: User) -> Meeting:
    """Set when and where a meeting in the diary is held (the invitation gives both)."""
    if meeting.held:
        raise GuardError(_("This meeting has already been held."))
    meeting.time, meeting.place = time, place
    meeting._history_user = by
    meeting.full_clean()
    meeting.save(update_fields=["time", "place"])
    return meeting


@transaction.atomic
def meeting_record_invitation(
    *,
    meeting: Meeting,
    invited_on: datetime.date,
    by: User,
    shorter_notice_agreed_on: datetime.date | None = None,
) -> Meeting:
    """Parents were invited in writing (not later than 6 days before: 003 Review, 002), or
    later with their written agreement to shorter notice, recorded here."""
    if meeting.held:
        raise GuardError(_("This meeting has already been held."))
    meeting.parents_invited_on = invited_on
    fields = ["parents_invited_on"]
    if shorter_notice_agreed_on is not None:
        meeting.shorter_notice_agreed_on = shorter_notice_agreed_on
        fields.append("shorter_notice_agreed_on")
    meeting._history_user = by
    meeting.full_clean()
    meeting.save(update_fields=fields)
    refresh_deadlines_on_commit(meeting.direction_id)
    return meeting


@transaction.atomic
def direction_record_meeting(
    *,
    direction: Direction,
    kind: str,
    changes: Mapping[str, object],
    by: User,
    scheduled: Meeting | None = None,
    review_interval_weeks: int | None = None,
) -> Meeting:
    """Record the initial meeting (template 3), a review or an emergency review (template 4):
    `changes` holds what the form records (MEETING_FIELDS); `scheduled` is the meeting in the
    diary being recorded, if any, else a new one is made.

    The initial meeting agrees how often the reviews after the first are held,
    `review_interval_weeks` (None keeps the LA's usual interval). A review's outcome moves the
    direction on: continue (until a date, the new planned end; by default the planned end
    as it is), return home, or convert to a managed move: the direction stays open, moving,
    until the move is agreed and the roll changes (managed_moves).
    """
    if review_interval_weeks is not None and kind != Meeting.Kind.INITIAL:
        raise ValueError("The review frequency is agreed at the initial meeting.")
    guards.ensure_meeting_to_record(direction, kind, scheduled)
    meeting = scheduled or Meeting(direction=direction, kind=kind)
    apply_changes(meeting, changes, MEETING_FIELDS)
    ensure_school_day(direction.home_school, meeting.date, field="date")
    meeting.recorded_by = by
    meeting.held = True
    meeting._history_user = by
    if meeting.kind == Meeting.Kind.INITIAL:
        ensure_state(direction, State.NOTICE_SENT)
        if review_interval_weeks is not None:
            guards.ensure_review_interval(direction, review_interval_weeks)
        direction.review_interval_weeks = review_interval_weeks or direction.review_weeks
        direction.state = State.INITIAL_MEETING_HELD
    else:
        ensure_state(direction, State.INITIAL_MEETING_HELD, State.ACTIVE)
        if direction.planned_start and meeting.date < direction.planned_start:
            raise GuardError(_("A review cannot be before the direction starts."))
        if meeting.outcome == Meeting.Outcome.RETURN:
            guards.ensure_not_moving(direction)
        if meeting.outcome == Meeting.Outcome.CONTINUE:
            guards.ensure_continues_to_next_review(direction, meeting)
            # 003: continue "for what period": the record (and the letter) always says it.
            meeting.continue_until = meeting.continue_until or direction.planned_end
        else:
            meeting.continue_until = None
    meeting.full_clean()
    meeting.save()
    if meeting.kind != Meeting.Kind.INITIAL:
        _apply_outcome(direction, meeting)
    _save(direction, by)
    if meeting.next_meeting and direction.is_open:
        # Template 3: the first review date; template 4: the date of the next meeting,
        # arranged on the day of this one.
        meeting_schedule(
            direction=direction,
            kind=Meeting.Kind.REVIEW,
            date=meeting.next_meeting,
            by=by,
            today=meeting.date,
            field="next_meeting",
        )
    return meeting


def _apply_outcome(direction: Direction, meeting: Meeting) -> None:
    if meeting.outcome == Meeting.Outcome.CONTINUE:
        # The one way the end date changes once decided (guards.ensure_end_changes_at_review).
        direction.planned_end = meeting.continue_until
        direction.state = State.ACTIVE
    elif meeting.outcome == Meeting.Outcome.MANAGED_MOVE:
        # 003: open, moving, until the parents and the admission authority agree and the roll
        # changes (managed_moves.managed_move_apply_roll_change ends it then).
        direction.moving_since = direction.moving_since or meeting.date
        direction.state = State.ACTIVE
    elif meeting.outcome == Meeting.Outcome.RETURN:
        _end(direction, Direction.Ending.RETURNED, meeting.date, meeting.recorded_by)


def _end(direction: Direction, ending: str, on: datetime.date, by: User | None = None) -> None:
    direction.state = State.ENDED
    direction.ending = ending
    direction.ended_on = on
    if direction.host_school_id:
        revoke_host_access(direction.pupil, direction.host_school)
    managed_moves.la_tasks_on_end(direction=direction, by=by)


@transaction.atomic
def direction_start(*, direction: Direction, by: User, today: datetime.date) -> Direction:
    guards.ensure_can_start(direction, today=today)
    direction.state = State.ACTIVE
    _save(direction, by, "state")
    return direction


@transaction.atomic
def direction_host_ends(*, direction: Direction, on: datetime.date, by: User) -> Direction:
    """003: the host can end the arrangement (ideally review-driven); the pupil returns home."""
    ensure_state(direction, State.INITIAL_MEETING_HELD, State.ACTIVE)
    guards.ensure_not_moving(direction)
    _end(direction, Direction.Ending.HOST_ENDED, on, by)
    _save(direction, by, "state", "ending", "ended_on")
    return direction


@transaction.atomic
def direction_record_review_request(
    *,
    direction: Direction,
    requested_by: str,
    received_on: datetime.date,
    notes: str = "",
    by: User | None,
    parent: ParentCarer | None = None,
) -> ReviewRequest:
    """002: a written request must be met as soon as practicable unless a review meeting was
    held in the LA's window (statutory 10 weeks); the initial meeting is not a review. The LA
    may ask only for a pupil whose EHCP it maintains. Staff record a request that came to them
    (`by`); a parent asks in writing through their own link (`parent`, with no `by`)."""
    if parent is not None and (
        requested_by != ReviewRequest.From.PARENTS or parent.pupil_id != direction.pupil_id
    ):
        raise ValueError("A parent asks for a review of their own child's direction only.")
    ensure_state(direction, State.INITIAL_MEETING_HELD, State.ACTIVE)
    if requested_by == ReviewRequest.From.LA and not direction.pupil.has_ehcp:
        raise GuardError(
            _(
                "Only the parents can ask for this review: the LA may ask only for a pupil "
                "with an EHCP, and %(pupil)s has none recorded."
            )
            % {"pupil": direction.pupil.full_name}
        )
    last = (
        direction.meetings.filter(held=True, date__lte=received_on)
        .exclude(kind=Meeting.Kind.INITIAL)
        .order_by("-date")
        .first()
    )
    request = ReviewRequest(
        direction=direction,
        requested_by=requested_by,
        received_on=received_on,
        notes=notes,
        must_hold=must_hold_requested_review(
            received_on,
            last.date if last else None,
            window_weeks=direction.home_school.local_authority.requested_review_window_weeks,
        ),
        recorded_by=by,
        parent=parent,
        parent_name=parent.name if parent else "",
    )
    request._history_user = by
    request.full_clean()
    request.save()
    refresh_deadlines_on_commit(direction.pk)
    return request
