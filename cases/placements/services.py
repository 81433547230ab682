"""Alternative provision placements: placing a pupil, changing and ending the placement, and
the attendance at the provider. Each change is guarded, atomic and kept in the history; the
deadlines are recomputed once it is committed (cases/placements/deadlines.py).

Source: 004_f815cbfe89cfcc2a.txt "The use of Alternative Provisions": the safeguarding
declaration (Appendix 1) "is essential before placing pupils in a provision"; the school
notifies the LA of every provider used "at the commencement of the placement"; it records "the
pupil's attendance on a daily basis ... with a “B” code"; "ALL pupils placed with alternative
providers remain the full responsibility of the base school at all times". The rules are in
reviews/rules.py; the guards in cases/placements/guards.py.
"""

import datetime
import logging
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.changes import apply_changes
from cases.guards import ensure_school_day
from cases.placements.deadlines import refresh_on_commit, refresh_provider_on_commit
from cases.placements.guards import (
    ensure_can_end,
    ensure_current_declaration,
    ensure_open,
    ensure_provider_of_schools_la,
    ensure_recordable,
    ensure_reduced_timetable_of_pupil,
    ensure_some_days,
)
from cases.placements.models import AP_WEEKDAYS, ApAttendance, ApPlacement
from cases.pupils.models import Pupil
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.notifications import notify
from tenancy.models import Provider, User
from tenancy.selectors import la_safeguarding_officers

logger = logging.getLogger(__name__)

# The plan of a placement the base school fills in: provider, days and hours, why, who was
# consulted, objectives, who monitors it.
PLACEMENT_FIELDS = (
    "provider",
    "reduced_timetable",
    "start",
    "end",
    *(f"{day}_{part}" for day, _label in AP_WEEKDAYS for part in ("from", "to")),
    "rationale",
    "consultation",
    "objectives",
    "monitoring_staff",
)


def _save(placement: ApPlacement, by: User) -> None:
    placement._history_user = by
    placement.full_clean()
    placement.save()
    refresh_on_commit(placement.pk)


@transaction.atomic
def placement_create(*, pupil: Pupil, details: Mapping[str, object], by: User) -> ApPlacement:
    """Place the pupil with a provider of the LA's register (the plan's PLACEMENT_FIELDS); the
    first use of a provider by any school of the LA tells the LA's safeguarding officers."""
    placement = ApPlacement(pupil=pupil, school=pupil.school, created_by=by)
    apply_changes(placement, details, PLACEMENT_FIELDS)
    ensure_school_day(placement.school, placement.start, field="start")
    # Locked: two schools placing with a new provider at once tell the LA once.
    provider = Provider.objects.select_for_update().get(pk=placement.provider_id)
    placement.provider = provider
    ensure_provider_of_schools_la(provider, pupil)
    ensure_reduced_timetable_of_pupil(placement)
    ensure_some_days(placement)
    ensure_current_declaration(provider, placement.start)
    earlier = provider.placements.count()
    _save(placement, by)
    if rules.provider_first_use(earlier, provider.la_notified_at is not None):
        _tell_la_of_first_use(placement, provider)
    return placement


def _tell_la_of_first_use(placement: ApPlacement, provider: Provider) -> None:
    officers = list(la_safeguarding_officers(provider.local_authority_id))
    if not officers:
        logger.warning(
            "No LA safeguarding officer in LA %s to tell of provider %s's first use",
            provider.local_authority_id,
            provider.pk,
        )
        return
    notify(
        users=officers,
        school=None,
        pupil=placement.pupil,
        direction=None,
        key=f"ap-provider-first-use:{provider.pk}",
        message=_(
            "%(school)s has placed a pupil with %(provider)s, the first placement there by a "
            "school of the LA. Plan a safeguarding visit."
        )
        % {"school": placement.school.name, "provider": provider.name},
        url=provider.get_absolute_url(),
    )
    provider.la_notified_at = timezone.now()
    provider.save(update_fields=["la_notified_at"])


@transaction.atomic
def placement_update(
    *, placement: ApPlacement, changes: Mapping[str, object], by: User
) -> ApPlacement:
    """Change the plan (fields of PLACEMENT_FIELDS) before the placement ends. A new start or
    a new provider needs the provider's declaration current on the start; a new provider used
    for the first time by a school of the LA is told to its safeguarding officers, as on
    placing the pupil (004: "notify the Local Authority of any new provisions used")."""
    saved = ApPlacement.objects.select_for_update().get(pk=placement.pk)
    ensure_open(saved)
    old_provider_id, old_start = saved.provider_id, saved.start
    if not apply_changes(saved, changes, PLACEMENT_FIELDS):
        return saved
    if saved.start != old_start:
        ensure_school_day(saved.school, saved.start, field="start")
    provider_changed = saved.provider_id != old_provider_id
    provider = saved.provider
    earlier = 0
    if provider_changed:
        # Locked, as on create: two schools switching to a new provider at once tell it once.
        provider = Provider.objects.select_for_update().get(pk=saved.provider_id)
        saved.provider = provider
        ensure_provider_of_schools_la(provider, saved.pupil)
        earlier = provider.placements.exclude(pk=saved.pk).count()
    ensure_reduced_timetable_of_pupil(saved)
    ensure_some_days(saved)
    if provider_changed or saved.start != old_start:
        ensure_current_declaration(provider, saved.start)
    _save(saved, by)
    if provider_changed:
        refresh_provider_on_commit(old_provider_id)
        if rules.provider_first_use(earlier, provider.la_notified_at is not None):
            _tell_la_of_first_use(saved, provider)
    return saved


@transaction.atomic
def placement_end(
    *,
    placement: ApPlacement,
    ended_on: datetime.date,
    outcome: str,
    by: User,
    today: datetime.date,
) -> ApPlacement:
    """Record the end of the placement and what happens next (004: reintegration, further
    education, training or employment)."""
    ensure_open(placement)
    ensure_can_end(placement, ended_on=ended_on, outcome=outcome, today=today)
    placement.ended_on = ended_on
    placement.end_outcome = outcome.strip()
    _save(placement, by)
    return placement


@transaction.atomic
def ap_attendance_record(
    *,
    placement: ApPlacement,
    marks: dict[datetime.date, tuple[str, str]],
    by: User,
    today: datetime.date,
) -> int:
    """Record the codes the provider reports for some days; returns how many changed. Nothing
    is half saved: every day is checked first. A change keeps the old code in the history."""
    list(ApPlacement.objects.select_for_update().filter(pk=placement.pk).values_list("pk"))
    ensure_recordable(placement, marks, calendar_for_school(placement.school), today)
    existing = {a.date: a for a in placement.attendance.filter(date__in=list(marks))}
    changed = 0
    for day, (code, note) in sorted(marks.items()):
        mark = existing.get(day)
        if mark is not None and (mark.code, mark.note) == (code, note):
            continue
        if mark is None:
            mark = ApAttendance(placement=placement, date=day)
        mark.code, mark.note, mark.recorded_by = code, note, by
        mark._history_user = by
        mark.full_clean()
        mark.save()
        changed += 1
    if changed:
        refresh_on_commit(placement.pk)
    return changed
