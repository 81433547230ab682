"""Deadlines as rows, worked out from the pure rules whenever a case changes and every night.

Recomputing is idempotent: each deadline has a stable key within its case, so a second run
updates the same rows. Sources are on the rules in reviews/rules.py.
"""

import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Direction
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline, Meeting

logger = logging.getLogger(__name__)
Kind = Deadline.Kind
State = Direction.State
NOTICE_SENT_OR_LATER = {State.NOTICE_SENT, *Direction.AT_HOST_STATES}
DECIDED_OR_LATER = {State.DECIDED, *NOTICE_SENT_OR_LATER}


def deadlines_due_soon(deadlines, *, today: datetime.date):
    """Those neither met nor waived that are overdue or due in the next 7 days: the Due page
    and the daily digest."""
    return deadlines.filter(
        state__in=Deadline.PENDING_STATES,
        due__lte=today + datetime.timedelta(days=7),
    )


def _wanted(direction: Direction, today: datetime.date) -> dict[str, tuple]:
    """key → (kind, due, met_on) for every deadline this direction has now."""
    la = direction.home_school.local_authority
    cal = calendar_for_school(direction.home_school)
    meetings = list(direction.meetings.all())
    reviews = [m for m in meetings if m.kind != Meeting.Kind.INITIAL and m.held]
    wanted: dict[str, tuple] = {}

    def add(key, kind, due_fn, met_on=None):
        try:
            wanted[key] = (kind, due_fn(), met_on)
        except ValueError:  # outside the LA's term dates: no honest date to give yet
            logger.warning("No term dates for %s deadline of direction %s", kind, direction.pk)

    if direction.planned_start and (
        direction.state in DECIDED_OR_LATER or direction.notice_sent_on
    ):
        add(
            "notice",
            Kind.DIRECTION_NOTICE,
            lambda: rules.direction_notice_deadline(
                direction.planned_start, cal, school_days=la.direction_notice_school_days
            ),
            _notice_met_on(direction),
        )
    if direction.planned_start and direction.state in NOTICE_SENT_OR_LATER:
        add(
            "first-review",
            Kind.FIRST_REVIEW,
            lambda: rules.first_review_deadline(
                direction.planned_start, cal, school_weeks=la.first_review_school_weeks
            ),
            reviews[0].date if reviews else None,
        )
    for meeting in meetings:
        if meeting.kind == Meeting.Kind.INITIAL or (not meeting.held and not direction.is_open):
            continue
        add(
            f"review:{meeting.pk}",
            Kind.NEXT_REVIEW,
            lambda m=meeting: m.date,
            meeting.date if meeting.held else None,
        )
        add(
            f"invitation:{meeting.pk}",
            Kind.REVIEW_INVITATION,
            # 003: an emergency review follows at once (a host suspension), so 6 days' notice
            # cannot be given; the parents must still be invited in writing before it.
            lambda m=meeting: rules.review_invitation_deadline(
                m.date,
                days=0 if m.kind == Meeting.Kind.EMERGENCY else la.review_invitation_days,
            ),
            meeting.parents_invited_on,
        )
    for review in reviews:
        if review.outcome == Meeting.Outcome.CONTINUE:
            add(
                f"decision:{review.pk}",
                Kind.DECISION_NOTICE,
                lambda r=review: rules.decision_notice_deadline(
                    r.date, days=la.decision_notice_days
                ),
                review.decision_sent_on,
            )
    for request in direction.review_requests.all():
        if request.must_hold:
            held = next((m.date for m in reviews if m.date >= request.received_on), None)
            add(
                f"requested:{request.pk}",
                Kind.REQUESTED_REVIEW,
                lambda r=request: r.received_on,
                held,
            )
    if direction.state in Direction.AT_HOST_STATES:
        if direction.planned_end:
            add("planned-end", Kind.PLANNED_END, lambda: direction.planned_end, direction.ended_on)
        if direction.planned_start:
            _add_host_deadlines(direction, la, today, add)
    return wanted


def _add_host_deadlines(direction: Direction, la, today: datetime.date, add) -> None:
    """The host's register for each recent school day, and the weekly home–host contact.

    002_decd2720d6352690.txt: daily correspondence about attendance, at least weekly contact;
    003_db4daf6c9cf2ba51.txt "Attendance Coding": the home school gathers the host's actual
    attendance, so a missing day is on the home case lead's list. Only the last
    attendance.MISSING_DAYS_WINDOW school days are chased (open rows stay few; a day's row is
    met once both sessions are recorded, and met rows are kept, one per school day at most).
    The contact deadline keeps two rows: the period just met and the one running now.
    """
    from cases.services.attendance import host_attendance_days
    from cases.services.contacts import home_host_contact_dates

    if direction.host_school_id:
        for day, done in host_attendance_days(direction, today):
            add(f"attendance:{day.isoformat()}", Kind.HOST_ATTENDANCE, lambda d=day: d, done)
    days = la.home_host_contact_days
    start = direction.planned_start
    contacts = home_host_contact_dates(direction, limit=2)
    anchors = [start, *reversed(contacts)][-2:]
    if contacts:
        # The period before the latest contact: met on the day of that contact.
        add(
            f"contact:{anchors[0].isoformat()}",
            Kind.HOME_HOST_CONTACT,
            lambda: rules.home_host_contact_due(start, anchors[0], days=days),
            anchors[1],
        )
    add(
        f"contact:{anchors[-1].isoformat()}",
        Kind.HOME_HOST_CONTACT,
        lambda: rules.home_host_contact_due(start, anchors[-1], days=days),
    )


def _notice_met_on(direction: Direction):
    """The day the notice went, unless every email of the direction letter failed for good."""
    from documents.outbox import notice_undelivered

    if direction.notice_sent_on and notice_undelivered(direction):
        return None
    return direction.notice_sent_on


def _state(due: datetime.date, met_on, today: datetime.date) -> str:
    if met_on:
        return Deadline.State.MET
    return Deadline.State.OVERDUE if due < today else Deadline.State.OPEN


@transaction.atomic
def deadlines_refresh(*, direction: Direction, today: datetime.date | None = None) -> None:
    """Make the direction's deadline rows match the rules, keeping waivers."""
    today = today or timezone.localdate()
    _sync(
        direction.deadlines.select_for_update(),
        _wanted(direction, today),
        today=today,
        responsible_id=direction.case_lead_id,
        new_row={
            "pupil_id": direction.pupil_id,
            "school_id": direction.home_school_id,
            "direction": direction,
        },
    )


@transaction.atomic
def deadlines_sync(
    *,
    case,
    wanted: dict[str, tuple],
    responsible_id: int,
    pupil_id: int | None,
    school_id: int | None,
    local_authority_id: int | None = None,
    today: datetime.date,
) -> None:
    """Make the deadline rows of any case but a direction match `wanted`, keeping waivers.

    `wanted` maps a key stable within the case to (kind, due, met_on); each case type works it
    out from reviews.rules and calls this whenever the case changes and nightly. The case's model
    declares `deadlines = case_deadlines()` (cases.models), so deleting the case deletes them.
    """
    _sync(
        case.deadlines.select_for_update(),
        wanted,
        today=today,
        responsible_id=responsible_id,
        new_row={
            "pupil_id": pupil_id,
            "school_id": school_id,
            "local_authority_id": local_authority_id,
            "case_type": ContentType.objects.get_for_model(case),
            "case_id": case.pk,
        },
    )


def _sync(existing_rows, wanted: dict[str, tuple], *, today, responsible_id, new_row) -> None:
    existing = {d.key: d for d in existing_rows}
    for key, (kind, due, met_on) in wanted.items():
        row = existing.pop(key, None)
        if row is None:
            Deadline.objects.create(
                **new_row,
                kind=kind,
                key=key,
                due=due,
                responsible_id=responsible_id,
                met_on=met_on,
                state=_state(due, met_on, today),
            )
            continue
        state = row.state if row.state == Deadline.State.WAIVED else _state(due, met_on, today)
        if (row.due, row.met_on, row.state, row.responsible_id) != (
            due,
            met_on,
            state,
            responsible_id,
        ):
            row.due, row.met_on, row.state = due, met_on, state
            row.responsible_id = responsible_id
            row.save(update_fields=["due", "met_on", "state", "responsible"])
    # Met and waived rows are the record of what happened (and why); only open ones go.
    stale = [
        row.pk
        for row in existing.values()
        if row.state not in (Deadline.State.MET, Deadline.State.WAIVED)
    ]
    Deadline.objects.filter(pk__in=stale).delete()


@transaction.atomic
def deadline_waive(*, deadline: Deadline, reason: str, by) -> Deadline:
    """Set a deadline aside with a reason (for example, the parents asked to move a review).

    A waived deadline stays waived when the case is recomputed; the reason is kept on the row
    and the waiver is logged.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the deadline is being waived."))
    if deadline.state == Deadline.State.MET:
        raise ValidationError(_("This deadline has already been met."))
    deadline.state = Deadline.State.WAIVED
    deadline.waived_reason = reason
    deadline.waived_by = by
    deadline.full_clean()
    deadline.save(update_fields=["state", "waived_reason", "waived_by"])
    logger.info("Deadline %s waived by user %s", deadline.pk, by.pk)
    return deadline
