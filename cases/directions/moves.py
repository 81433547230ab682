"""Managed moves agreed without an off-site direction: 003's second route.

Source: 003_db4daf6c9cf2ba51.txt "Managed Move": managed moves are offered "as part of a planned
intervention and supported transition to another school, where all parties agree, and there is
evidence that appropriate initial intervention has been conducted"; they "must be agreed with all
parties involved, including the parents and the admission authority of the new school", and the
student "will be placed on roll on the agreed start date". "Funding" and "Transport" are recorded
as on a move from a direction. The roll change, the nightly run and the LA's two tasks (the NB
on template 4) are those of cases.directions.managed_moves.
"""

import datetime
from collections.abc import Mapping

from django.db import transaction

from cases.changes import apply_changes
from cases.directions import move_guards
from cases.directions.managed_moves import MOVE_FIELDS, managed_move_apply_roll_change
from cases.directions.models import ManagedMove
from cases.pupils.models import Pupil
from tenancy.models import User

# What the proposal records: the new school, and what a move from a direction records.
MOVE_DETAILS = ("to_school", *MOVE_FIELDS)


def _save(
    move: ManagedMove, changes: Mapping[str, object], *, by: User, today: datetime.date
) -> ManagedMove:
    """Save the move's details; once both have agreed and the agreed date has come, the pupil
    goes onto the new roll at once (otherwise the nightly run does it on the day)."""
    apply_changes(move, changes, MOVE_DETAILS)
    move._history_user = by
    move.full_clean()
    move.save()
    if move.agreed_by_all and move.agreed_start <= today:
        managed_move_apply_roll_change(move, today, by=by)
        move.refresh_from_db()
    return move


@transaction.atomic
def managed_move_propose(
    *, pupil: Pupil, details: Mapping[str, object], by: User, today: datetime.date
) -> ManagedMove:
    """The home school proposes a permanent move to another school of its LA (for example
    through the LA's Fair Access panel): `details` holds the new school (`to_school`), the
    agreed start date, funding, transport and the two agreements (MOVE_DETAILS)."""
    pupil = Pupil.objects.select_for_update().select_related("school").get(pk=pupil.pk)
    move_guards.ensure_can_propose_managed_move(pupil, details.get("to_school"))
    move = ManagedMove(pupil=pupil, from_school=pupil.school, recorded_by=by)
    return _save(move, details, by=by, today=today)


@transaction.atomic
def managed_move_change(
    *, move: ManagedMove, changes: Mapping[str, object], by: User, today: datetime.date
) -> ManagedMove:
    """Record the agreements as they come, or correct the details, until the roll change."""
    move = (
        ManagedMove.objects.select_for_update(of=("self",))
        .select_related("pupil__school", "from_school", "to_school")
        .get(pk=move.pk)
    )
    move_guards.ensure_without_direction(move)
    move_guards.ensure_move_in_progress(move)
    if "to_school" in changes:
        move_guards.ensure_receiving_school(move.pupil, changes["to_school"])
    return _save(move, changes, by=by, today=today)


@transaction.atomic
def managed_move_cancel(
    *, move: ManagedMove, reason: str, by: User, today: datetime.date
) -> ManagedMove:
    """The parents or the admission authority do not agree, or the schools call it off: the
    move does not go ahead and the pupil stays where they are; the record and why are kept."""
    move = (
        ManagedMove.objects.select_for_update(of=("self",))
        .select_related("pupil", "to_school")
        .get(pk=move.pk)
    )
    move_guards.ensure_can_cancel_managed_move(move, reason)
    move.cancelled_on = today
    move.cancelled_reason = reason.strip()
    move._history_user = by
    move.full_clean()
    move.save(update_fields=["cancelled_on", "cancelled_reason"])
    return move
