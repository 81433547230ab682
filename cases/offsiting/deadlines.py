"""The deadlines of a Back-on-Track off-siting: the seven items shared before the first day,
each meeting, the week-one decision; recomputed after every change and every night.

Source: 000_6280d14dcdeb4d53.txt "Information sharing, safeguarding", "Parent involvement" and
"Back-On-Track Programme". The dates come from reviews.rules (Back-on-Track).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.offsiting.models import OffSiting, OffSitingMeeting
from cases.offsiting.selectors import off_site_days
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_sync
from reviews.services.deadlines_batch import in_chunks
from safeguarding.models import SharedItem

State = OffSiting.State


def wanted_deadlines(offsiting: OffSiting, today: datetime.date) -> dict[str, tuple]:
    """key → (kind, due, met_on) of every deadline the off-siting has now."""
    o = offsiting
    if o.state == State.CANCELLED:
        return {}
    cal = calendar_for_school(o.home_centre)
    wanted: dict[str, tuple] = {}
    items = list(o.shared_items.all())
    if len(items) == len(SharedItem.Item.values) and all(i.available for i in items):
        shared_on = max(i.available_on for i in items)
    else:
        shared_on = None
    try:
        wanted["sharing"] = (
            Deadline.Kind.OFFSITING_SHARING,
            rules.offsiting_sharing_due(o.first_day, cal),
            shared_on,
        )
    except ValueError:
        wanted["sharing"] = (Deadline.Kind.OFFSITING_SHARING, o.first_day, shared_on)
    for meeting in o.meetings.all():
        if not meeting.held and not o.is_open:
            continue
        kind = (
            Deadline.Kind.OFFSITING_RESTORATIVE
            if meeting.kind == OffSitingMeeting.Kind.RESTORATIVE
            else Deadline.Kind.OFFSITING_MEETING
        )
        wanted[f"meeting:{meeting.pk}"] = (
            kind,
            meeting.scheduled_for,
            meeting.date if meeting.held else None,
        )
    if o.state != State.PLANNED and o.pattern == OffSiting.Pattern.BLOCK:
        due = rules.offsiting_week_one_due(off_site_days(o, cal), cal)
        # Once the pupil is back without a decision, there is nothing left to decide.
        if due is not None and (o.state == State.STARTED or o.week_one_decided_on):
            wanted["week-one"] = (Deadline.Kind.OFFSITING_WEEK_ONE, due, o.week_one_decided_on)
    return wanted


def deadlines_refresh(*, offsiting: OffSiting, today: datetime.date) -> None:
    deadlines_sync(
        case=offsiting,
        wanted=wanted_deadlines(offsiting, today),
        responsible_id=offsiting.case_lead_id,
        pupil_id=offsiting.pupil_id,
        school_id=offsiting.home_centre_id,
        host_school_id=offsiting.receiving_centre_id,
        today=today,
    )


def refresh_deadlines_on_commit(offsiting_id: int) -> None:
    """Recompute the off-siting's deadlines once the change is committed (never on rollback)."""

    def refresh() -> None:
        offsiting = OffSiting.objects.select_related("home_centre__local_authority").get(
            pk=offsiting_id
        )
        deadlines_refresh(offsiting=offsiting, today=timezone.localdate())

    transaction.on_commit(refresh)


def offsiting_refresh_all(*, today: datetime.date) -> int:
    """Nightly (reviews.tasks): every open off-siting's deadlines, their shared items and
    meetings read for each chunk of off-sitings at once, each home centre and its LA once."""
    offsitings = OffSiting.objects.filter(state__in=OffSiting.OPEN_STATES).prefetch_related(
        "shared_items", "meetings"
    )
    count = 0
    for chunk in in_chunks(offsitings, schools=("home_centre",)):
        for offsiting in chunk:
            deadlines_refresh(offsiting=offsiting, today=today)
        count += len(chunk)
    return count
