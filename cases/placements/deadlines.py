"""The deadlines of an alternative provision placement: every day at the provider still without
a mark, and the planned end; synced after every change and every night.

Source: 004_f815cbfe89cfcc2a.txt "Monitoring and reviewing an alternative provision": the
school records "the pupil's attendance on a daily basis" and keeps "robust arrangements for
monitoring attendance and outcomes by a named member of staff of the home school".
"""

import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases.placements.models import AP_WEEKDAYS, ApAttendance, ApPlacement
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_sync
from reviews.services.deadlines_batch import in_chunks
from safeguarding.providers import provider_refresh_deadlines
from tenancy.models import Provider

logger = logging.getLogger(__name__)
# How many days at the provider back a missing mark is chased, as for the host's register
# (cases.directions.attendance.MISSING_DAYS_WINDOW).
MISSING_DAYS_WINDOW = 10
# What the nightly refresh reads of a placement: its dates, its days at the provider and whose
# it is (the rationale and objectives are long text, and a whole row with its school and LA
# selected was most of the refresh's time: issue 12).
REFRESH_FIELDS = (
    "pupil",
    "school",
    "monitoring_staff",
    "start",
    "end",
    "ended_on",
    *(f"{day}_{end}" for day, _label in AP_WEEKDAYS for end in ("from", "to")),
)
# The local day a mark was recorded (as timezone.localdate gives it), worked out by the
# database: a time read into Python costs many times a date, and the nightly refresh reads
# every mark of every placement.
RECORDED_ON = TruncDate("recorded_at")


def _attendance_wanted(
    placement: ApPlacement,
    today: datetime.date,
    marks: dict | None = None,
    still_open: set[str] | None = None,
) -> dict[str, tuple]:
    """The attendance deadlines: every recent day at the provider (marked or not), and every
    earlier day still without a mark, or whose open deadline a late mark now meets. An
    unmarked day is chased until it is marked or waived, however long ago it was. Three
    queries: term dates, marks (day → the day it was recorded), the open deadlines' keys; only
    the first (read once per LA in the nightly refresh) when the others are given."""
    cal = calendar_for_school(placement.school)
    last = min(today - datetime.timedelta(days=1), placement.last_day)
    every_day = rules.recent_placement_days(
        placement.start,
        placement.last_day,
        placement.times(),
        today,
        cal,
        limit=max(0, (last - placement.start).days + 1),
    )
    if marks is None:
        marks = dict(placement.attendance.order_by().values_list("date", RECORDED_ON))
    if still_open is None:
        still_open = set(
            placement.deadlines.filter(kind=Deadline.Kind.AP_ATTENDANCE)
            .filter(state__in=Deadline.PENDING_STATES)
            .values_list("key", flat=True)
        )
    recent = set(every_day[-MISSING_DAYS_WINDOW:])
    wanted = {}
    for day in every_day:
        key = f"attendance:{day.isoformat()}"
        if day in recent or day not in marks or key in still_open:
            wanted[key] = (Deadline.Kind.AP_ATTENDANCE, day, marks.get(day))
    return wanted


def placement_refresh_deadlines(
    *,
    placement: ApPlacement,
    today: datetime.date,
    marks: dict | None = None,
    still_open: set[str] | None = None,
) -> None:
    """A day at the provider without a mark, and the end of the placement, are the
    monitoring member of staff's deadlines. `marks` (day → the day it was recorded) and
    `still_open`: read beforehand for many placements at once (placements_refresh_all)."""
    wanted = {
        "end": (Deadline.Kind.AP_PLACEMENT_END, placement.end, placement.ended_on),
    }
    try:
        wanted.update(_attendance_wanted(placement, today, marks, still_open))
    except ValueError:
        logger.warning("No term dates for the attendance of AP placement %s", placement.pk)
    deadlines_sync(
        case=placement,
        wanted=wanted,
        responsible_id=placement.monitoring_staff_id,
        pupil_id=placement.pupil_id,
        school_id=placement.school_id,
        today=today,
    )


def refresh_on_commit(placement_id: int) -> None:
    """Recompute the placement's deadlines (and its provider's) once the change is committed."""

    def refresh() -> None:
        placement = ApPlacement.objects.select_related("school__local_authority", "provider").get(
            pk=placement_id
        )
        today = timezone.localdate()
        placement_refresh_deadlines(placement=placement, today=today)
        provider_refresh_deadlines(provider=placement.provider, today=today)

    transaction.on_commit(refresh)


def refresh_provider_on_commit(provider_id: int) -> None:
    """Recompute a provider's declaration deadline once the change is committed (a provider
    no longer used by a placement may no longer need its declaration chased)."""

    def refresh() -> None:
        provider_refresh_deadlines(
            provider=Provider.objects.get(pk=provider_id), today=timezone.localdate()
        )

    transaction.on_commit(refresh)


def placements_refresh_all(*, today: datetime.date) -> int:
    """Nightly: every placement not yet ended, and those ended in the last fortnight (their
    last days may still be missing a mark). For each chunk of placements, their marks and
    their open attendance steps are read in one query each, and each school and its LA once
    for the whole refresh (issue 12)."""
    since = today - datetime.timedelta(days=14)
    placements = ApPlacement.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since)).only(
        *REFRESH_FIELDS
    )
    placement_type = ContentType.objects.get_for_model(ApPlacement)
    count = 0
    for chunk in in_chunks(placements, schools=("school",)):
        ids = [placement.pk for placement in chunk]
        marks: dict[int, dict] = {pk: {} for pk in ids}
        for placement_id, day, recorded_on in (
            ApAttendance.objects.filter(placement_id__in=ids)
            .order_by()
            .values_list("placement_id", "date", RECORDED_ON)
        ):
            marks[placement_id][day] = recorded_on
        still_open: dict[int, set[str]] = {pk: set() for pk in ids}
        for case_id, key in Deadline.objects.filter(
            case_type=placement_type,
            case_id__in=ids,
            kind=Deadline.Kind.AP_ATTENDANCE,
            state__in=Deadline.PENDING_STATES,
        ).values_list("case_id", "key"):
            still_open[case_id].add(key)
        for placement in chunk:
            placement_refresh_deadlines(
                placement=placement,
                today=today,
                marks=marks[placement.pk],
                still_open=still_open[placement.pk],
            )
        count += len(chunk)
    return count
