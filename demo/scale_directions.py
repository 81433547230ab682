"""A synthetic school's off-site directions and managed moves, at every stage, as the services
leave them (cases.directions.services, cases.directions.managed_moves, cases.directions.moves):
the states and the dates each step records, the host school's object grant from the host's
agreement until the direction ends (tenancy.services.grant_host_access), the host's register
and the weekly home–host contact, the review meetings with their invitations and decision
letters (on time, late or not yet), and the two LA tasks of 003 on a return or a move.
Bulk-created (see demo/scale.py); the deadlines come from the direction's own refresh."""

import datetime

from django.contrib.auth.models import Permission
from django.db.models import DateTimeField, ExpressionWrapper
from django.db.models.functions import Cast

from cases.directions.host_models import AttendanceMark, ContactEntry
from cases.directions.models import Direction, LaTask, ManagedMove
from cases.pupils.models import PupilGroupObjectPermission
from demo.scale_dates import (
    CAL,
    at,
    create,
    done_on,
    past_school_day,
    school_day,
    school_days_between,
)
from reviews import rules
from reviews.models import Meeting
from tenancy.models import Role, School
from tenancy.services import school_staff_group

State = Direction.State
# One school's directions: (state, how it ended, weeks since the first day (negative: still to
# come), moving to another school). Seven open at a host or on the way there, three ended.
SHAPES = (
    (State.PROPOSED, "", -3, False),
    (State.CONSULTED, "", -2, False),
    (State.HOST_AGREED, "", -2, False),
    (State.DECIDED, "", -1, False),
    (State.NOTICE_SENT, "", -0.4, False),
    (State.INITIAL_MEETING_HELD, "", 1, False),
    (State.ACTIVE, "", 4, False),
    (State.ACTIVE, "", 9, False),
    (State.ACTIVE, "", 7, True),
    (State.ENDED, Direction.Ending.RETURNED, 14, False),
    (State.ENDED, Direction.Ending.HOST_ENDED, 10, False),
    (State.ENDED, Direction.Ending.MANAGED_MOVE, 16, True),
)
GRANTED = {State.HOST_AGREED, State.DECIDED, State.NOTICE_SENT, *Direction.AT_HOST_STATES}


def seed_directions(*, school, host, staff, pupils, la_staff, rng, today) -> int:
    """The school's directions and managed moves; how many cases were made."""
    if host is None:
        return 0
    lead, head = staff[Role.CASE_LEAD], staff[Role.HEADTEACHER]
    directions = [
        _direction(school, host, pupil, lead, head, shape, rng, today)
        for pupil, shape in zip(pupils, SHAPES, strict=False)
    ]
    directions = create(Direction, directions, by=lead)
    meetings = []
    for direction in directions:
        meetings += _meetings(direction, lead, rng, today)
    create(Meeting, meetings, by=lead)
    _host_work(directions, host, lead, rng, today)
    moves = _moves(directions, school, host, pupils[len(SHAPES)], lead, today)
    _la_tasks(directions, moves, la_staff[Role.LA_OFFICER], today)
    _grants(directions, moves, host)
    return len(directions) + sum(1 for m in moves if m.direction_id is None)


def _direction(school, host, pupil, lead, head, shape, rng, today) -> Direction:
    state, ending, weeks_in, _moving = shape
    start = school_day(today, -weeks_in)
    decided = state in Direction.DECIDED_STATES
    ended_on = past_school_day(today - datetime.timedelta(weeks=rng.randint(2, 4)))
    d = Direction(
        pupil=pupil,
        home_school=school,
        host_school=host if state != State.PROPOSED or rng.random() < 0.5 else None,
        state=state,
        ending=ending,
        ended_on=ended_on if state == State.ENDED else None,
        case_lead=lead,
        reasons="Persistent disruption of lessons; a fresh start at a host school to "
        "improve future behaviour.",
        objectives="Attend every day at the host.\nNo removals from lessons.",
        success_criteria="Full attendance and positive reports from the host for six weeks.",
        planned_start=start,
        planned_end=max(start, today) + datetime.timedelta(weeks=rng.randint(4, 8)),
        maximum_period="Six weeks, reviewed",
        attendance=Direction.Attendance.FULL_TIME,
        transport_payer=Direction.TransportPayer.PARENT,
        parents_agree=rng.random() < 0.7,
        review_interval_weeks=rng.choice((2, 4, 6)) if weeks_in > 0 else None,
    )
    if state not in (State.PROPOSED, State.CONSULTED):
        d.host_approached_on = start - datetime.timedelta(weeks=3)
        d.host_agreed_on = start - datetime.timedelta(weeks=2, days=4)
    if decided:
        d.decided_by = head
        d.decided_on = start - datetime.timedelta(days=12 if weeks_in > 0 else 4)
        d.delegation = Direction.Delegation.GOVERNING_BOARD
        d.checklist_confirmed = True
    if decided and state != State.DECIDED:
        due = rules.direction_notice_deadline(start, CAL)
        d.notice_sent_on = done_on(due, rng, today, missed=0) or due
    if state == State.ENDED:
        d.planned_end = ended_on + datetime.timedelta(weeks=2)
    return d


def _meetings(direction: Direction, lead, rng, today) -> list[Meeting]:
    """The initial meeting on the first day, the reviews held at the agreed interval since,
    and the next review in the diary while it runs."""
    if direction.state not in (*Direction.AT_HOST_STATES, State.ENDED):
        return []
    start = direction.planned_start
    last = min(today, direction.ended_on or today)
    rows = [_meeting(direction, Meeting.Kind.INITIAL, start, lead, rng, today, held=True)]
    weeks = direction.review_interval_weeks or 6
    review = school_day(start, 4 if rng.random() < 0.8 else 7)  # the first within 6 weeks
    while review < last:
        rows.append(_meeting(direction, Meeting.Kind.REVIEW, review, lead, rng, today, held=True))
        review = school_day(review, weeks, rng.choice((0, 0, 3)))
    if direction.state == State.ACTIVE and rng.random() < 0.7:
        rows.append(_meeting(direction, Meeting.Kind.REVIEW, review, lead, rng, today, held=False))
    if direction.ending == Direction.Ending.RETURNED and len(rows) > 1:
        rows[-1].outcome = Meeting.Outcome.RETURN
    return rows


def _meeting(direction, kind, date, lead, rng, today, *, held) -> Meeting:
    invitation_due = rules.review_invitation_deadline(date, days=6)
    m = Meeting(
        direction=direction,
        kind=kind,
        date=date,
        held=held and date <= today,
        place="",
        recorded_by=lead,
        home_representative=lead.full_name,
        host_representative="Host case lead",
        parent_carer="Parent",
    )
    if kind != Meeting.Kind.INITIAL:
        m.parents_invited_on = done_on(invitation_due, rng, today)
    if m.held and kind != Meeting.Kind.INITIAL:
        m.progress = "Settled at the host; attendance above 90%."
        m.outcome = Meeting.Outcome.CONTINUE
        m.continue_until = direction.planned_end
        m.decision_sent_on = done_on(rules.decision_notice_deadline(date, days=6), rng, today)
    return m


def _host_work(directions, host: School, lead, rng, today) -> None:
    """The host's register for the last fortnight (a day or two still missing at some), and
    the weekly contact between home and host (the latest week missed at some)."""
    marks, contacts = [], []
    for d in directions:
        if d.state not in Direction.AT_HOST_STATES or d.planned_start > today:
            continue
        days = list(
            school_days_between(max(d.planned_start, today - datetime.timedelta(14)), today)
        )
        missing = rng.choice((0, 0, 1, 2))
        for day in days[: len(days) - missing] if missing else days:
            for session in AttendanceMark.Session.values:
                marks.append(
                    AttendanceMark(
                        direction=d,
                        date=day,
                        session=session,
                        code=AttendanceMark.Code.PRESENT,
                        recorded_by=lead,
                    )
                )
        week = d.planned_start + datetime.timedelta(days=rng.randint(2, 5))
        skip_last = rng.random() < 0.3
        while week <= today - datetime.timedelta(days=7 if skip_last else 0):
            contacts.append(
                ContactEntry(
                    pupil=d.pupil,
                    direction=d,
                    when=at(week, 11),
                    between=ContactEntry.Between.HOME_HOST,
                    who=f"{lead.full_name} and the host's case lead",
                    how=ContactEntry.How.PHONE,
                    what="Attendance and behaviour this week; no concerns.",
                    recorded_by=lead,
                    recorded_by_school=d.home_school,
                )
            )
            week += datetime.timedelta(days=7)
    AttendanceMark.objects.bulk_create(marks, batch_size=1000)
    # auto_now stamped them now; the register was taken on the day. The day made a time first:
    # SQLite adds hours to a bare date as whole days, and stored the date alone.
    AttendanceMark.objects.filter(direction__in=directions).update(
        recorded_at=ExpressionWrapper(
            Cast("date", DateTimeField()) + datetime.timedelta(hours=16),
            output_field=DateTimeField(),
        )
    )
    create(ContactEntry, contacts)


def _moves(directions, school, host, other_pupil, lead, today) -> list[ManagedMove]:
    """A review's managed move in progress (the direction stays open, marked moving), one
    completed (the pupil is on the host's roll and the direction ended), and one proposed
    without a direction (003's second route)."""
    moves = []
    for d in directions:
        if d.state == State.ACTIVE and SHAPES[directions.index(d)][3]:
            d.moving_since = today - datetime.timedelta(days=10)
            Direction.objects.filter(pk=d.pk).update(moving_since=d.moving_since)
            moves.append(
                ManagedMove(
                    direction=d,
                    pupil=d.pupil,
                    from_school=school,
                    to_school=host,
                    agreed_start=school_day(today, 2),
                    parents_agree=True,
                    recorded_by=lead,
                )
            )
        elif d.ending == Direction.Ending.MANAGED_MOVE:
            moves.append(
                ManagedMove(
                    direction=d,
                    pupil=d.pupil,
                    from_school=school,
                    to_school=host,
                    agreed_start=d.ended_on,
                    roll_changed_on=d.ended_on,
                    parents_agree=True,
                    admission_authority_agrees=True,
                    recorded_by=lead,
                )
            )
            d.pupil.school = host
            d.pupil.save(update_fields=["school"])
    moves.append(
        ManagedMove(
            pupil=other_pupil,
            from_school=school,
            to_school=host,
            agreed_start=school_day(today, 3),
            parents_agree=True,
            recorded_by=lead,
        )
    )
    return create(ManagedMove, moves, by=lead)


def _la_tasks(directions, moves, officer, today) -> None:
    """003: a return or a move opens the portal return and the spreadsheet for the LA; the
    portal return of most is done."""
    tasks = []
    by_direction = {m.direction_id: m for m in moves if m.direction_id}
    for d in directions:
        if d.ending not in (Direction.Ending.RETURNED, Direction.Ending.MANAGED_MOVE):
            continue
        for kind, done in ((LaTask.Kind.PORTAL_RETURN, True), (LaTask.Kind.SPREADSHEET, False)):
            tasks.append(
                LaTask(
                    local_authority=d.home_school.local_authority,
                    kind=kind,
                    pupil=d.pupil,
                    school=d.home_school,
                    direction=d,
                    managed_move=by_direction.get(d.pk),
                    done_on=d.ended_on + datetime.timedelta(days=3) if done else None,
                    done_by=officer if done else None,
                )
            )
    create(LaTask, tasks, by=officer)


def _grants(directions, moves, host: School) -> None:
    """The host's staff see the pupil while it hosts them, and the new school while a move is
    in progress (tenancy.services.grant_host_access, in bulk)."""
    pupils = {d.pupil_id for d in directions if d.state in GRANTED and d.host_school_id}
    pupils |= {m.pupil_id for m in moves if m.in_progress}
    group = school_staff_group(host)
    permission = Permission.objects.get(content_type__app_label="cases", codename="view_pupil")
    have = set(
        PupilGroupObjectPermission.objects.filter(
            group=group, permission=permission, content_object_id__in=pupils
        ).values_list("content_object_id", flat=True)
    )
    PupilGroupObjectPermission.objects.bulk_create(
        PupilGroupObjectPermission(group=group, permission=permission, content_object_id=pk)
        for pk in sorted(pupils - have)
    )
