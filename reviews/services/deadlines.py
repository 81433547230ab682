"""Deadlines as rows, for every case type: each case type works out the deadlines it has now
from the pure rules (its own deadlines module) and syncs them here whenever the case changes
and every night.

Syncing is idempotent: each deadline has a stable key within its case, so a second run updates
the same rows. Sources are on the rules in reviews/rules.
"""

import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.models import Deadline

logger = logging.getLogger(__name__)


def deadlines_due_soon(deadlines, *, today: datetime.date):
    """Those neither met nor waived that are overdue or due in the next 7 days: the Due page
    and the daily digest."""
    return deadlines.filter(
        state__in=Deadline.PENDING_STATES,
        due__lte=today + datetime.timedelta(days=7),
    )


def _state(due: datetime.date, met_on, today: datetime.date) -> str:
    if met_on:
        return Deadline.State.MET
    return Deadline.State.OVERDUE if due < today else Deadline.State.OPEN


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
    """Make the deadline rows of a case, of any type, match `wanted`, keeping waivers.

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
