"""Alternative provision placements: placing a pupil, changing and ending the placement, the
attendance at the provider, and the placement's deadlines.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision": the safeguarding declaration
(Appendix 1) "is essential before placing pupils in a provision"; the school notifies the LA of
every provider used "at the commencement of the placement"; it records "the pupil's attendance
on a daily basis ... with a “B” code" and keeps "robust arrangements for monitoring attendance
and outcomes by a named member of staff of the home school"; "ALL pupils placed with
alternative providers remain the full responsibility of the base school at all times". The
rules are in reviews/rules.py.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.guards import GuardError
from cases.models import AP_CODE_CHOICES, ApAttendance, ApPlacement, Pupil
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline
from reviews.notifications import notify
from reviews.services.deadlines import deadlines_sync
from safeguarding.providers import provider_refresh_deadlines
from tenancy.models import Provider, User
from tenancy.selectors import la_safeguarding_officers

logger = logging.getLogger(__name__)
# How many days at the provider back a missing mark is chased, as for the host's register
# (cases.directions.attendance.MISSING_DAYS_WINDOW).
MISSING_DAYS_WINDOW = 10
CODES = {code for code, _label in AP_CODE_CHOICES}


def _day(d: datetime.date) -> str:
    return f"{d:%A %-d %B %Y}"


# Guards ----------------------------------------------------------------------------------


def ensure_current_declaration(provider: Provider, start: datetime.date) -> None:
    """004 "Safeguarding Duties": no placement starts without the provider's declaration."""
    pairs = provider.declarations.values_list("signed_on", "expires_on")
    if not rules.declaration_covers(pairs, start):
        latest = provider.declarations.order_by("-signed_on").first()
        if latest is None:
            reason = _("%(provider)s has no safeguarding declaration on the LA's register.")
        elif latest.expires_on < start:
            reason = _("%(provider)s's safeguarding declaration expires on %(expires)s.")
        else:
            reason = _("%(provider)s's safeguarding declaration was signed on %(signed)s.")
        values = {
            "provider": provider.name,
            "expires": f"{latest.expires_on:%-d %B %Y}" if latest else "",
            "signed": f"{latest.signed_on:%-d %B %Y}" if latest else "",
        }
        raise GuardError(
            [
                reason % values,
                _(
                    "A placement cannot start on %(start)s without a declaration current on "
                    "that day. Ask the LA safeguarding officer to record a new one."
                )
                % {"start": f"{start:%-d %B %Y}"},
            ]
        )


def ensure_provider_of_schools_la(provider: Provider, pupil: Pupil) -> None:
    if provider.local_authority_id != pupil.school.local_authority_id:
        raise GuardError(_("Choose a provider on your LA's register."))


def ensure_some_days(placement: ApPlacement) -> None:
    if not placement.times():
        raise GuardError(_("Enter the times for at least one day at the provider."))


def ensure_reduced_timetable_of_pupil(placement: ApPlacement) -> None:
    timetable = placement.reduced_timetable
    if timetable is not None and timetable.pupil_id != placement.pupil_id:
        raise GuardError(_("Choose one of this pupil's reduced timetables."))


def ensure_open(placement: ApPlacement) -> None:
    if placement.ended_on is not None:
        raise GuardError(_("This placement has ended."))


# Services --------------------------------------------------------------------------------


def _save(placement: ApPlacement, by: User) -> None:
    placement._history_user = by
    placement.full_clean()
    placement.save()
    refresh_on_commit(placement.pk)


@transaction.atomic
def placement_create(*, pupil: Pupil, form, by: User, today: datetime.date) -> ApPlacement:
    """Place the pupil with a provider of the LA's register; the first use of a provider by any
    school of the LA tells the LA's safeguarding officers."""
    placement = form.save(commit=False)
    # Lock the provider: two schools placing with a new provider at once tell the LA once.
    provider = Provider.objects.select_for_update().get(pk=placement.provider_id)
    placement.provider = provider
    placement.pupil = pupil
    placement.school = pupil.school
    placement.created_by = by
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
def placement_update(*, placement: ApPlacement, form, by: User) -> ApPlacement:
    """Change the plan before the placement ends. A new start or a new provider needs the
    provider's declaration current on the start (004 "Safeguarding Duties"); a new provider
    used for the first time by a school of the LA is told to its safeguarding officers, as on
    placing the pupil (004: "notify the Local Authority of any new provisions used")."""
    saved = ApPlacement.objects.select_for_update().get(pk=placement.pk)
    ensure_open(saved)
    form.save(commit=False)
    if not form.has_changed():
        return placement
    provider_changed = placement.provider_id != saved.provider_id
    provider = placement.provider
    earlier = 0
    if provider_changed:
        # Locked, as on create: two schools switching to a new provider at once tell it once.
        provider = Provider.objects.select_for_update().get(pk=placement.provider_id)
        placement.provider = provider
        ensure_provider_of_schools_la(provider, placement.pupil)
        earlier = provider.placements.exclude(pk=placement.pk).count()
    ensure_reduced_timetable_of_pupil(placement)
    ensure_some_days(placement)
    if provider_changed or placement.start != saved.start:
        ensure_current_declaration(provider, placement.start)
    _save(placement, by)
    if provider_changed:
        refresh_provider_on_commit(saved.provider_id)
        if rules.provider_first_use(earlier, provider.la_notified_at is not None):
            _tell_la_of_first_use(placement, provider)
    return placement


@transaction.atomic
def placement_end(
    *, placement: ApPlacement, ended_on: datetime.date, outcome: str, by: User, today
) -> ApPlacement:
    """Record the end of the placement and what happens next (004: reintegration, further
    education, training or employment)."""
    ensure_open(placement)
    if ended_on > today:
        raise GuardError(_("The placement cannot end in the future. Record it on the day."))
    if not outcome.strip():
        raise GuardError(_("Enter the outcome and the next steps."))
    placement.ended_on = ended_on
    placement.end_outcome = outcome.strip()
    _save(placement, by)
    return placement


def why_not_recordable(
    placement: ApPlacement, day: datetime.date, cal: rules.SchoolCalendar, today: datetime.date
) -> str:
    """Why a day's attendance at the provider cannot be recorded, or "" when it can."""
    if day < placement.start:
        return _("%(day)s is before the placement starts.") % {"day": _day(day)}
    if day > placement.last_day:
        return _("%(day)s is after the placement ends.") % {"day": _day(day)}
    if day > today:
        return _("%(day)s has not happened yet.") % {"day": _day(day)}
    if day.weekday() not in placement.times():
        return _("%(day)s is not one of the placement's days.") % {"day": _day(day)}
    if not cal.is_school_day(day):
        return _("%(day)s is not a school day at %(school)s.") % {
            "day": _day(day),
            "school": placement.school.name,
        }
    return ""


@transaction.atomic
def ap_attendance_record(
    *,
    placement: ApPlacement,
    marks: dict[datetime.date, tuple[str, str]],
    by: User,
    today: datetime.date,
) -> int:
    """Record the codes the provider reports for some days; returns how many changed.

    Every day is checked first; one bad day stops the lot with a message per problem, so
    nothing is half saved. A change keeps the old code in the history.
    """
    list(ApPlacement.objects.select_for_update().filter(pk=placement.pk).values_list("pk"))
    cal = calendar_for_school(placement.school)
    problems = []
    for day, (code, _note) in sorted(marks.items()):
        reason = why_not_recordable(placement, day, cal, today)
        if reason:
            problems.append(reason)
        elif code not in CODES:
            problems.append(_("Choose an attendance code for %(day)s.") % {"day": _day(day)})
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))
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


# Reads -----------------------------------------------------------------------------------


def week_rows(placement: ApPlacement, monday: datetime.date, today: datetime.date) -> list[dict]:
    """Monday to Friday of one week: each day's hours, mark and why it cannot be recorded.
    Two queries: the school's term dates and the marks."""
    cal = calendar_for_school(placement.school)
    days = [monday + datetime.timedelta(days=i) for i in range(5)]
    marks = {
        a.date: a for a in placement.attendance.filter(date__in=days).select_related("recorded_by")
    }
    times = placement.times()
    return [
        {
            "day": day,
            "times": times.get(day.weekday()),
            "mark": marks.get(day),
            "blocked": why_not_recordable(placement, day, cal, today),
        }
        for day in days
    ]


# Deadlines -------------------------------------------------------------------------------


def _attendance_wanted(placement: ApPlacement, today: datetime.date) -> dict[str, tuple]:
    """The attendance deadlines: every recent day at the provider (marked or not), and every
    earlier day still without a mark, or whose open deadline a late mark now meets. An
    unmarked day is chased until it is marked or waived, however long ago it was (004: the
    school records "the pupil's attendance on a daily basis"). Three queries: term dates,
    marks, the open deadlines."""
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
    marks = dict(placement.attendance.values_list("date", "recorded_at"))
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
            done = timezone.localtime(marks[day]).date() if day in marks else None
            wanted[key] = (Deadline.Kind.AP_ATTENDANCE, day, done)
    return wanted


def placement_refresh_deadlines(*, placement: ApPlacement, today: datetime.date) -> None:
    """A day at the provider without a mark, and the end of the placement, are the
    monitoring member of staff's deadlines (004: "a named member of staff of the home
    school")."""

    wanted = {
        "end": (Deadline.Kind.AP_PLACEMENT_END, placement.end, placement.ended_on),
    }
    try:
        wanted.update(_attendance_wanted(placement, today))
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
    """Nightly (reviews.tasks OTHER_CASE_REFRESHERS): every placement not yet ended, and those
    ended in the last fortnight (their last days may still be missing a mark)."""
    since = today - datetime.timedelta(days=14)
    placements = ApPlacement.objects.filter(ended_on__isnull=True).select_related(
        "school__local_authority"
    ) | ApPlacement.objects.filter(ended_on__gte=since).select_related("school__local_authority")
    count = 0
    for placement in placements.iterator():
        placement_refresh_deadlines(placement=placement, today=today)
        count += 1
    return count
