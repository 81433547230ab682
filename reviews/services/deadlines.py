"""Deadlines as rows, for every case type: each case type works out the deadlines it has now
from the pure rules (its own deadlines module) and syncs them here whenever the case changes
and every night.

Syncing is idempotent: each deadline has a stable key within its case, so a second run updates
the same rows. Sources are on the rules in reviews/rules.
"""

import datetime
import logging
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews import rules
from reviews.models import Deadline
from reviews.notifications import notify
from reviews.services.deadlines_batch import (
    COMPARED,
    DUE,
    KEY,
    KIND,
    PK,
    STATE,
    UPDATED_FIELDS,
    DeadlineBatch,
    batch_scope,
    current_batch,
    read_rows,
)
from reviews.work import WHO_ACTS, owners, people_who_act
from ui.formats import long_date

logger = logging.getLogger(__name__)


def deadlines_due_soon(deadlines, *, today: datetime.date):
    """Those neither met nor waived that are overdue or due in the next 7 days: the Due page
    and the daily digest."""
    return deadlines.filter(
        state__in=Deadline.PENDING_STATES,
        due__lte=today + datetime.timedelta(days=7),
    )


# Steps chased only for the last few school days (the register of a day): one older than that
# stops being chased while still overdue; the record says so.
CHASED_FOR_RECENT_DAYS = {Deadline.Kind.HOST_ATTENDANCE, Deadline.Kind.AP_ATTENDANCE}


def _not_needed_reason(case, today: datetime.date) -> str:
    """Why a step that fell overdue stopped being asked for: what the case became, and when."""
    state = case.get_state_display() if hasattr(case, "get_state_display") else ""
    return _("Not asked for any more once the %(case)s changed on %(day)s%(now)s.") % {
        "case": case._meta.verbose_name,
        "day": long_date(today),
        "now": _(" (now: %(state)s)") % {"state": state} if state else "",
    }


@contextmanager
def deadlines_batch(*, tell: bool = True):
    """Sync deadlines in bulk inside (reviews.services.deadlines_batch): the nightly refresh
    and the scale seed. `tell=False` tells nobody of new steps (the seed's made-up history).
    Inside another batch, it is that one."""
    with batch_scope(tell_who_acts if tell else None) as batch:
        yield batch


def deadlines_sync(
    *,
    case,
    wanted: dict[str, tuple],
    responsible_id: int,
    pupil_id: int | None,
    school_id: int | None,
    local_authority_id: int | None = None,
    host_school_id: int | None = None,
    la_id: int | None = None,
    named: dict[str, int] | None = None,
    today: datetime.date,
    update_only: frozenset[str] | set[str] = frozenset(),
) -> None:
    """Make the deadline rows of a case, of any type, match `wanted`, keeping waivers.

    `wanted` maps a key stable within the case to (kind, due, met_on), or (kind, due, met_on,
    meeting_on) for a step about a meeting (its name says which); each case type works it
    out from reviews.rules and calls this whenever the case changes and nightly. The case's model
    declares `deadlines = case_deadlines()` (cases.models), so deleting the case deletes them.
    Keys in `update_only` are updated where a row exists but never created (a meeting recorded
    after it was held has no deadlines to meet). Whose work each step is follows its kind
    (reviews.work.WHO_ACTS): the home school (`school_id`), the host (`host_school_id`) or the
    LA (`la_id`, else `local_authority_id`); `named` gives a kind's named person where it is
    not `responsible_id` (a PSP's key adult). Inside reviews.services.deadlines_batch's
    `deadlines_batch()` the same rows are read ahead and written in bulk.
    """
    la_id = la_id or local_authority_id
    named = named or {}
    whose = {}

    def who(kind):
        # Each kind's once a case: a case's steps are mostly of a few kinds.
        if kind not in whose:
            owner_school_id, owner_la_id = owners(
                kind, home_id=school_id, host_id=host_school_id, la_id=la_id
            )
            whose[kind] = (named.get(kind) or responsible_id, owner_school_id, owner_la_id)
        return whose[kind]

    case_type = ContentType.objects.get_for_model(case)
    arguments = {
        "today": today,
        "who": who,
        # Worked out only for a case with a step it stopped asking for (rare, and not cheap).
        "not_needed_reason": lambda: _not_needed_reason(case, today),
        "update_only": update_only,
        "new_row": {
            "pupil_id": pupil_id,
            "school_id": school_id,
            "local_authority_id": local_authority_id,
            "case_type": case_type,
            "case_id": case.pk,
        },
    }
    batch = current_batch()
    if batch is not None:
        _sync(batch.existing(case_type.pk, case.pk), wanted, batch=batch, **arguments)
        return
    with transaction.atomic():
        _sync(read_rows(case.deadlines.select_for_update()), wanted, batch=None, **arguments)


def _sync(
    existing_rows: list[tuple],
    wanted: dict[str, tuple],
    *,
    today,
    who,
    not_needed_reason,
    update_only,
    new_row,
    batch: DeadlineBatch | None,
) -> None:
    """`existing_rows`: the case's rows as read_rows reads them (tuples, not Deadlines)."""
    existing = {row[KEY]: row for row in existing_rows}
    for key, (kind, due, met_on, *about) in wanted.items():
        meeting_on = about[0] if about else None
        row = existing.pop(key, None)
        if row is None and key in update_only:
            continue
        responsible_id, owner_school_id, owner_la_id = who(kind)
        if row is None:
            row = Deadline(
                **new_row,
                due=due,
                meeting_on=meeting_on,
                met_on=met_on,
                responsible_id=responsible_id,
                owner_school_id=owner_school_id,
                owner_la_id=owner_la_id,
                kind=kind,
                key=key,
                state=rules.deadline_state(due, done_on=met_on, today=today),
            )
            if batch is not None:
                batch.create(row, today)
            else:
                row.save(force_insert=True)
                tell_who_acts(row, today)
            continue
        waived = row[STATE] == Deadline.State.WAIVED
        # In UPDATED_FIELDS' order.
        values = (
            due,
            meeting_on,
            met_on,
            responsible_id,
            owner_school_id,
            owner_la_id,
            rules.deadline_state(due, done_on=met_on, today=today, waived=waived),
        )
        if row[COMPARED] == values:
            continue
        if batch is not None:
            batch.update((row[PK], *values))
        else:
            Deadline.objects.filter(pk=row[PK]).update(
                **dict(zip(UPDATED_FIELDS, values, strict=True)), not_needed_reason=""
            )
    # A step the case no longer asks for: one not yet due simply goes; one already overdue
    # stays, marked no longer needed with why, so the record keeps that it was missed. Done and
    # waived rows are the record of what happened.
    stale = [row for row in existing.values() if row[STATE] in Deadline.PENDING_STATES]
    gone = [row[PK] for row in stale if row[DUE] >= today]
    missed = [row for row in stale if row[DUE] < today]
    not_chased = [row[PK] for row in missed if row[KIND] in CHASED_FOR_RECENT_DAYS]
    no_longer = [row[PK] for row in missed if row[KIND] not in CHASED_FOR_RECENT_DAYS]
    old_days = (
        _("Never recorded, and no longer chased: older than the days checked.")
        if not_chased
        else ""
    )
    reason = not_needed_reason() if no_longer else ""
    if batch is not None:
        batch.delete(gone)
        batch.mark_not_needed(not_chased, old_days)
        batch.mark_not_needed(no_longer, reason)
        return
    if gone:
        Deadline.objects.filter(pk__in=gone).delete()
    for pks, why in ((not_chased, old_days), (no_longer, reason)):
        if pks:
            Deadline.objects.filter(pk__in=pks).update(
                state=Deadline.State.NOT_NEEDED, not_needed_reason=why
            )


# A new step due this soon is emailed at once, whatever the person chose.
URGENT_WITHIN = datetime.timedelta(days=2)


def tell_who_acts(deadline: Deadline, today: datetime.date) -> None:
    """A step that has just become someone's: a notification in the app, and an email at once
    when it is urgent or they asked for each step (else the daily summary has it). Daily and
    weekly steps are only in the summary. The message names the pupil and the step, never
    safeguarding or SEND detail."""
    if not WHO_ACTS[deadline.kind].tell or deadline.state not in Deadline.PENDING_STATES:
        return
    case = deadline.case_object
    people = list(people_who_act(deadline, provider_id=getattr(case, "provider_id", None)))
    if not people:
        return
    what = deadline.what
    notify(
        users=people,
        school=deadline.owner_school,
        pupil=deadline.pupil,
        direction=None,
        key=f"step:{deadline.pk}",
        message=(
            _("%(what)s for %(pupil)s: due %(day)s.")
            % {"what": what, "pupil": deadline.pupil.full_name, "day": long_date(deadline.due)}
            if deadline.pupil_id
            else _("%(what)s: %(case)s, due %(day)s.")
            % {"what": what, "case": case, "day": long_date(deadline.due)}
        )[:300],
        url=case.get_absolute_url(),
        urgent=deadline.due <= today + URGENT_WITHIN,
    )


@transaction.atomic
def deadline_waive(*, deadline: Deadline, reason: str, by) -> Deadline:
    """Set a deadline aside with a reason (for example, the parents asked to move a review).

    A waived deadline stays waived when the case is recomputed; the reason is kept on the row
    and the waiver is logged.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the deadline is being waived."))
    if deadline.state not in Deadline.PENDING_STATES:
        raise ValidationError(_("This step is no longer to do: it has been done or set aside."))
    deadline.state = Deadline.State.WAIVED
    deadline.waived_reason = reason
    deadline.waived_by = by
    deadline.waived_at = timezone.now()
    deadline.full_clean()
    deadline.save(update_fields=["state", "waived_reason", "waived_by", "waived_at"])
    logger.info("Deadline %s waived by user %s", deadline.pk, by.pk)
    return deadline
