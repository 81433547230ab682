"""Managed moves and the LA's checklist tasks.

Source: 003_db4daf6c9cf2ba51.txt, "Managed Move", "Funding", "Transport", and the NB on
template 4: a direction that converts to a managed move at a review must be agreed with all
parties, including the parents and the admission authority of the new school; until they agree
and the roll changes the direction stays open, moving, and if they do not it goes on ("Review":
the home school takes the student back if the new school will not admit them permanently). The
pupil goes onto the new school's roll on the agreed start date, and the direction ends then.
The funding transfer (AWPU balance, SEN / EHCP funding, backdating) is negotiated; School
Admissions redesignates the school for transport. On a conversion and on a return to the home
school, the schools complete the on or off-roll return on the Children's Services Portal and
update the Off-site Direction spreadsheet on the secure Teams site: two checklist tasks that
stay open until someone ticks them. 003 "Criteria": the LA SEND team is consulted on a pupil
with an EHCP, and the Virtual School on a looked-after child; those consultations are tasks
too, done when recorded.
"""

import datetime
import logging
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.changes import apply_changes
from cases.directions import guards
from cases.directions.deadlines import refresh_deadlines_on_commit
from cases.directions.models import Consultation, Direction, LaTask, ManagedMove
from cases.guards import GuardError
from cases.pupils.models import PreviousDirection, PreviousSchool, Pupil, YesNo
from reviews.notifications import notify
from tenancy.models import Role, User
from tenancy.selectors import la_members
from tenancy.services import grant_host_access, revoke_host_access
from ui.formats import long_date

logger = logging.getLogger(__name__)
Kind = LaTask.Kind

# 003 NB on template 4: the two tasks of a conversion or a return home.
ROLL_TASKS = (Kind.PORTAL_RETURN, Kind.SPREADSHEET)
# What the managed move page records (003 "Managed Move", "Funding", "Transport").
MOVE_FIELDS = (
    "agreed_start",
    "funding_awpu",
    "funding_send",
    "funding_backdated",
    "transport_redesignation",
    "parents_agree",
    "admission_authority_agrees",
)
CONSULTATION_TASKS = {
    Consultation.Kind.SEND_TEAM: Kind.SEND_CONSULTATION,
    Consultation.Kind.VIRTUAL_SCHOOL: Kind.VIRTUAL_SCHOOL_CONSULTATION,
}


# The LA's tasks ---------------------------------------------------------------------------


def _sole_member(la_id: int, role: str) -> User | None:
    """The LA's only person in `role`, or None when it has none or several.

    A consultation task goes to the one Virtual School Head or SEND officer an LA has; with
    several, picking one would be arbitrary, so it waits on the team's list for whoever takes it.
    """
    users = list(la_members(la_id, role)[:2])
    return users[0] if len(users) == 1 else None


def _ensure_task(
    *,
    direction: Direction | None,
    kind: str,
    by: User | None,
    assigned_to: User | None = None,
    move: ManagedMove | None = None,
) -> LaTask:
    """The direction's task of this kind, or, for a managed move agreed without a direction,
    the move's, created once (the unique constraints back this up)."""
    if direction is not None:
        mine = LaTask.objects.filter(direction=direction, kind=kind)
        if move is None and kind in ROLL_TASKS:
            move = ManagedMove.objects.filter(direction=direction).first()
        pupil_id, school = direction.pupil_id, direction.home_school
    else:
        mine = LaTask.objects.filter(direction__isnull=True, managed_move=move, kind=kind)
        pupil_id, school = move.pupil_id, move.from_school
    existing = mine.first()
    if existing is not None:
        return existing
    task = LaTask(
        local_authority_id=school.local_authority_id,
        kind=kind,
        pupil_id=pupil_id,
        school_id=school.pk,
        direction=direction,
        managed_move=move if kind in ROLL_TASKS else None,
        assigned_to=assigned_to,
    )
    task._history_user = by
    try:
        task.full_clean()
        with transaction.atomic():
            task.save()
    except (IntegrityError, ValidationError):
        # Made by a concurrent request a moment ago; anything else is a real error.
        existing = mine.first()
        if existing is None:
            raise
        return existing
    _tell_the_la(task)
    return task


# Who at the LA takes a task nobody is named for.
TASK_ROLES = {
    Kind.SEND_CONSULTATION: Role.LA_SEND,
    Kind.VIRTUAL_SCHOOL_CONSULTATION: Role.VIRTUAL_SCHOOL,
}


def _tell_the_la(task: LaTask) -> None:
    """A new task is the work of the person it is given to, or of the LA's people in the role
    that takes it (the LA officers for the rest); they see it waiting on their home page."""
    if task.assigned_to_id:
        people = [task.assigned_to]
    else:
        people = list(
            la_members(task.local_authority_id, TASK_ROLES.get(task.kind, Role.LA_OFFICER))
        )
    notify(
        users=people,
        school=None,
        pupil=task.pupil,
        direction=task.direction,
        key=f"la-task:{task.pk}",
        message=_("A new task for the LA: %(task)s, for %(pupil)s at %(school)s.")
        % {"task": task.get_kind_display(), "pupil": task.pupil.full_name, "school": task.school},
        url=task.get_absolute_url(),
        urgent=False,
    )


def la_tasks_on_proposal(*, direction: Direction, by: User) -> list[LaTask]:
    """003 Criteria: an EHCP pupil needs the LA SEND team, a looked-after child the Virtual
    School, consulted before the decision."""
    la_id = direction.home_school.local_authority_id
    tasks = []
    if direction.pupil.has_ehcp:
        tasks.append(
            _ensure_task(
                direction=direction,
                kind=Kind.SEND_CONSULTATION,
                by=by,
                assigned_to=_sole_member(la_id, Role.LA_SEND),
            )
        )
    if direction.pupil.looked_after:
        tasks.append(
            _ensure_task(
                direction=direction,
                kind=Kind.VIRTUAL_SCHOOL_CONSULTATION,
                by=by,
                assigned_to=_sole_member(la_id, Role.VIRTUAL_SCHOOL),
            )
        )
    return tasks


def la_tasks_on_consultation(*, consultation: Consultation, by: User) -> None:
    """Recording the SEND team's or the Virtual School's consultation ticks its task."""
    kind = CONSULTATION_TASKS.get(consultation.kind)
    if kind is None:
        return
    task = LaTask.objects.filter(
        direction_id=consultation.direction_id, kind=kind, done_on__isnull=True
    ).first()
    if task is None:
        return
    task.done_on = consultation.on
    task.done_by = by
    task.notes = _("Consultation recorded: %(person)s.") % {"person": consultation.person}
    task._history_user = by
    task.full_clean()
    task.save(update_fields=["done_on", "done_by", "notes"])


def la_tasks_on_end(*, direction: Direction, by: User | None) -> list[LaTask]:
    """003 NB on template 4: a return home or a managed move needs the portal return and the
    spreadsheet update. Called for every ending: a host ending it also returns the pupil home."""
    return [_ensure_task(direction=direction, kind=kind, by=by) for kind in ROLL_TASKS]


@transaction.atomic
def la_task_mark_done(*, task: LaTask, by: User, note: str, today: datetime.date) -> LaTask:
    """Tick a task; it stays done (a second tick says who did it first)."""
    task = LaTask.objects.select_for_update(of=("self",)).select_related("done_by").get(pk=task.pk)
    if task.done_on is not None:
        raise GuardError(
            _("This was already marked as done on %(day)s by %(who)s.")
            % {"day": long_date(task.done_on), "who": task.done_by or _("Waymark")}
        )
    task.done_on = today
    task.done_by = by
    if note.strip():
        task.notes = f"{task.notes}\n{note.strip()}".strip()
    task._history_user = by
    task.full_clean()
    task.save(update_fields=["done_on", "done_by", "notes"])
    return task


# The managed move -------------------------------------------------------------------------


@transaction.atomic
def managed_move_record(
    *, direction: Direction, changes: Mapping[str, object], by: User, today: datetime.date
) -> ManagedMove:
    """Record (or correct, until the roll change) the managed move agreed at a review:
    `changes` holds its start date, funding, transport and agreements (MOVE_FIELDS).

    The direction stays open and the new school (the host) keeps seeing the pupil. Once the
    parents and the admission authority have both agreed, the pupil goes onto the new roll on
    the agreed start date (at once when it is today or past) and the direction ends.
    """
    existing = ManagedMove.objects.filter(direction=direction).first()
    guards.ensure_can_record_managed_move(direction, existing)
    move = existing or ManagedMove(
        direction=direction,
        pupil=direction.pupil,
        from_school=direction.home_school,
        to_school=direction.host_school,
        recorded_by=by,
    )
    apply_changes(move, changes, MOVE_FIELDS)
    guards.ensure_move_starts_after_review(move, direction)
    move._history_user = by
    move.full_clean()
    move.save()
    for task in LaTask.objects.filter(
        direction=direction, kind__in=ROLL_TASKS, managed_move__isnull=True
    ):
        task.managed_move = move
        task._history_user = by
        task.save(update_fields=["managed_move"])
    if move.agreed_by_all and move.agreed_start <= today:
        managed_move_apply_roll_change(move, today, by=by)
    else:
        grant_host_access(direction.pupil, move.to_school)
    return move


@transaction.atomic
def managed_move_not_going_ahead(
    *, direction: Direction, reason: str, by: User, today: datetime.date
) -> Direction:
    """The parents or the admission authority do not agree, or the move is called off: the
    direction goes on as before (its next review deadline unchanged), with the reason kept.

    Source: 003_db4daf6c9cf2ba51.txt "Review": "The home school must allow the student to
    return to the school if, after review, the new school is not willing to admit the student
    on a permanent basis"; until a review decides that, the direction continues.
    """
    direction = Direction.objects.select_for_update(of=("self",)).get(pk=direction.pk)
    guards.ensure_can_stop_managed_move(direction, reason)
    move = ManagedMove.objects.filter(direction=direction).first()
    if move is not None:
        # Never on the roll, so nothing hangs off it; its history keeps what was agreed.
        move._history_user = by
        move.delete()
    direction.moving_since = None
    direction.move_stopped_on = today
    direction.move_stopped_reason = reason.strip()
    direction._history_user = by
    direction.full_clean()
    direction.save(update_fields=["moving_since", "move_stopped_on", "move_stopped_reason"])
    refresh_deadlines_on_commit(direction.pk)
    return direction


@transaction.atomic
def managed_move_apply_roll_change(
    move: ManagedMove, today: datetime.date, *, by: User | None = None
) -> bool:
    """On the agreed start date the pupil goes onto the new school's roll (003), once the
    parents and the admission authority have both agreed; the direction then ends as a managed
    move, with the LA's two tasks. Idempotent: True only the first time, on or after that date.

    The old school loses the pupil's passport but keeps its own ended direction (see
    access.directions_visible_to); the new school's hosting grant is dropped, as the
    pupil is now its own.
    """
    move = (
        ManagedMove.objects.select_for_update(of=("self",))
        .select_related("from_school", "to_school")
        .get(pk=move.pk)
    )
    if not move.in_progress or move.agreed_start > today or not move.agreed_by_all:
        return False
    pupil = Pupil.objects.select_for_update().get(pk=move.pupil_id)
    if pupil.school_id != move.to_school_id:
        if (
            Pupil.objects.filter(school_id=move.to_school_id, upn=pupil.upn)
            .exclude(pk=pupil.pk)
            .exists()
        ):
            raise GuardError(
                _(
                    "%(school)s already has a pupil with the UPN %(upn)s on Waymark, so "
                    "%(pupil)s cannot join its roll. Ask %(school)s to check that record."
                )
                % {"school": move.to_school, "upn": pupil.upn, "pupil": pupil}
            )
        admitted = pupil.admission_date
        pupil.school = move.to_school
        pupil.admission_date = move.agreed_start
        if move.direction_id:
            pupil.previous_direction = YesNo.YES
        pupil._history_user = by
        pupil.full_clean()
        pupil.save(update_fields=["school", "admission_date", "previous_direction"])
        left = move.agreed_start - datetime.timedelta(days=1)
        if admitted and admitted <= left:
            # Template 2, admission history: the schools of the last five years.
            PreviousSchool.objects.create(
                pupil=pupil, name=move.from_school.name, admitted=admitted, left=left
            )
        if move.direction_id:
            # Template 2, "previous off-site directions": only a move from a direction is one.
            PreviousDirection.objects.get_or_create(
                pupil=pupil,
                home_school=move.from_school.name,
                destination_school=move.to_school.name,
                defaults={"successful": YesNo.YES},
            )
    revoke_host_access(pupil, move.to_school)
    move.roll_changed_on = move.agreed_start
    move._history_user = by
    move.save(update_fields=["roll_changed_on"])
    if move.direction_id:
        _end_converted_direction(move, by)
    else:
        # 003 "Managed Move" and the NB on template 4: the on / off-roll return and the
        # spreadsheet follow any move onto the new roll, with or without a direction.
        for kind in ROLL_TASKS:
            _ensure_task(direction=None, kind=kind, by=by, move=move)
    return True


def _end_converted_direction(move: ManagedMove, by: User | None) -> None:
    """The direction ends as a managed move the day the pupil joins the new roll (003), and the
    schools' portal return and spreadsheet update become the LA's tasks (NB on template 4)."""
    direction = Direction.objects.select_for_update(of=("self",)).get(pk=move.direction_id)
    if not direction.is_open:
        return
    direction.state = Direction.State.ENDED
    direction.ending = Direction.Ending.MANAGED_MOVE
    direction.ended_on = move.agreed_start
    direction.moving_since = None
    direction._history_user = by
    direction.full_clean()
    direction.save(update_fields=["state", "ending", "ended_on", "moving_since"])
    la_tasks_on_end(direction=direction, by=by)
    refresh_deadlines_on_commit(direction.pk)


def managed_moves_apply_due(*, today: datetime.date) -> int:
    """The nightly run: every move whose agreed start has come. One move's problem (a UPN
    clash) is logged and leaves the others to go ahead; it is tried again the next night."""
    changed = 0
    due = ManagedMove.objects.filter(
        roll_changed_on__isnull=True,
        cancelled_on__isnull=True,
        agreed_start__lte=today,
        parents_agree=True,
        admission_authority_agrees=True,
    )
    for move in due.order_by("agreed_start", "pk"):
        try:
            changed += managed_move_apply_roll_change(move, today)
        except Exception:  # noqa: BLE001 - one move's failure must not hold up the others
            logger.exception("Managed move %s could not change the roll", move.pk)
    return changed
