"""The reduced timetable's lifecycle: one service per change, each guarded, atomic and kept in
the history; deadlines are recomputed after every change and nightly.

planned → started (the checklist complete; the LA told and the Deputy Education Safeguarding
Officer sent the checklist) → ended (back to full-time education).

Source: 004_f815cbfe89cfcc2a.txt "Reduced Timetables" (only through a PSP unless purely
medical with an individual health care plan; time limited, usually no more than 12 weeks; the
Director's authorisation beyond; advise the LA at the commencement; a copy to the Deputy
Education Safeguarding Officer; C or B codes), Appendix 1 (checklist) and Appendix 2 (audit
matrix). The rules themselves are in reviews/rules.py.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.guards import GuardError
from cases.models import ReducedTimetable, RttChecklistAnswer, RttReintegrationStep
from cases.models import RttTimetableEntry as Entry
from reviews import rules
from reviews.models import Deadline
from tenancy.models import Role, User

logger = logging.getLogger(__name__)
State = ReducedTimetable.State
Item = RttChecklistAnswer.Item
Answer = RttChecklistAnswer.Answer

# Appendix 1 items that may honestly be "not applicable": no agency to refer to, no travel
# assistance to change, no statement or IDP. The PSP item only for a purely medical one.
MAY_BE_NOT_APPLICABLE = frozenset({Item.REFERRALS, Item.TRANSPORT, Item.ALN})

# Appendix 2's indicators in words; the sensitive ones name safeguarding detail and are shown
# only to those who may see it (tenancy.access.can_view_safeguarding).
INDICATORS = {
    "not_through_guidance": (
        gettext_lazy(
            "Not set up through a PSP, nor purely medical with an individual health care plan"
        ),
        False,
    ),
    "no_exit_strategy": (
        gettext_lazy("No exit strategy: no planned increase of hours back to full time"),
        False,
    ),
    "single_agency": (
        gettext_lazy("The school is the single agency, with no input from other services"),
        False,
    ),
    "harm_risk": (gettext_lazy("The pupil is known to be at risk of significant harm"), True),
    "looked_after": (gettext_lazy("The pupil is a child looked after (CLA)"), False),
    "protection_or_care_plan": (
        gettext_lazy(
            "The pupil is on the child protection register or subject to a care and support plan"
        ),
        True,
    ),
    "non_attendance": (gettext_lazy("There is non-attendance for a period of time"), False),
    "beyond_limit": (gettext_lazy("Extended beyond the 12-week limit"), False),
    "beyond_limit_unauthorised": (
        gettext_lazy("Running beyond the 12-week limit without the Director's authorisation"),
        False,
    ),
    "little_progress": (gettext_lazy("There is little or no progression"), False),
    "no_time_increase": (
        gettext_lazy("No time increase: the planned increase of hours has not happened"),
        False,
    ),
    "parent_dissatisfied": (gettext_lazy("Parental dissatisfaction"), False),
    "professional_concerns": (gettext_lazy("Concerns expressed by other professionals"), False),
}
SENSITIVE_SUMMARY = gettext_lazy(
    "A safeguarding indicator applies (the DSL and the LA's safeguarding officers see which)"
)

AUTHORISATION_LABELS = {
    rules.RTT_AUTH_NOT_NEEDED: gettext_lazy("Not needed"),
    rules.RTT_AUTH_NEEDED: gettext_lazy("Needed before the limit"),
    rules.RTT_AUTH_AUTHORISED: gettext_lazy("Authorised"),
    rules.RTT_AUTH_MISSING: gettext_lazy("Past the limit without authorisation"),
}


# Reading a reduced timetable: its hours, weeks, limit and audit ----------------------------


@dataclass(frozen=True)
class Indicator:
    rating: str
    code: str
    label: str
    sensitive: bool


@dataclass(frozen=True)
class RttStatus:
    """Everything the pages, the LA's record and the PDF say about one reduced timetable."""

    weekly_hours: Decimal | None
    full_time_hours: Decimal | None
    weeks_elapsed: int
    limit_date: datetime.date
    authorisation: str
    rating: str
    indicators: tuple[Indicator, ...]
    absence_code: str
    checklist_missing: tuple[str, ...]

    @property
    def weekly_hours_text(self) -> str:
        return hours_text(self.weekly_hours)

    @property
    def full_time_text(self) -> str:
        return hours_text(self.full_time_hours)

    @property
    def authorisation_label(self) -> str:
        return str(AUTHORISATION_LABELS[self.authorisation])

    @property
    def past_limit_unauthorised(self) -> bool:
        return self.authorisation == rules.RTT_AUTH_MISSING

    @property
    def is_reduced(self) -> bool | None:
        if self.weekly_hours is None or self.full_time_hours is None:
            return None
        return self.weekly_hours < self.full_time_hours

    def reasons_for(self, sees_safeguarding: bool) -> list[str]:
        """The indicators in words; the safeguarding ones said once, without detail, to those
        who may not see safeguarding detail."""
        out, hidden = [], False
        for indicator in self.indicators:
            if indicator.sensitive and not sees_safeguarding:
                hidden = True
                continue
            out.append(indicator.label)
        if hidden:
            out.insert(0, str(SENSITIVE_SUMMARY))
        return out


def counted_from(timetable: ReducedTimetable) -> datetime.date:
    """The day the 12-week limit counts from: the start date, or the day the start was
    recorded when that is earlier (a start date moved later after the start, before the
    lock on it, must not hide weeks already run). 004: "usually no more than 12 weeks"."""
    if timetable.started_on is not None and timetable.started_on < timetable.start:
        return timetable.started_on
    return timetable.start


def count_past_limit_unauthorised(timetables, *, today: datetime.date, max_weeks: int) -> int:
    """How many of the timetables run past the limit without the Director's authorisation
    (the LA's warning), from their dates alone: one query, whatever their number."""
    count = 0
    for start, started_on, end, authorised_until, ended_on in timetables.values_list(
        "start", "started_on", "provisional_end", "authorised_until", "ended_on"
    ):
        since = started_on if started_on is not None and started_on < start else start
        state = rules.rtt_authorisation(
            since,
            end,
            today,
            max_weeks=max_weeks,
            authorised_until=authorised_until,
            ended_on=ended_on,
        )
        count += state == rules.RTT_AUTH_MISSING
    return count


def hours_text(hours: Decimal | None) -> str:
    """Hours as a school writes them: 10, 12.5, 23.5, 0.83 (no trailing zeros)."""
    if hours is None:
        return ""
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def weekly_hours(timetable: ReducedTimetable, entries: list[Entry]) -> Decimal | None:
    """The timetable's weekly hours (None while it has no entries, or a session is missing its
    times)."""
    if timetable.layout == ReducedTimetable.Layout.PRIMARY:
        sessions = [e for e in entries if e.week == 1 and e.lesson == 0]
        if not sessions or any(e.starts_at is None or e.ends_at is None for e in sessions):
            return None
        return rules.timetable_hours_primary((e.starts_at, e.ends_at) for e in sessions)
    lessons = [e for e in entries if e.lesson > 0 and e.week <= timetable.timetable_weeks]
    if not lessons:
        return None
    return rules.timetable_hours_secondary(
        len(lessons), timetable.timetable_weeks, timetable.lesson_minutes
    )


def full_time_hours(timetable: ReducedTimetable, today: datetime.date) -> Decimal | None:
    """The pupil's full-time weekly hours (004 for Wales, 32.5 in England); None when the year
    group is outside Reception to Year 13."""
    try:
        year = timetable.pupil.year_group(today)
        return rules.full_time_hours(timetable.school.local_authority.nation, year)
    except ValueError:
        return None


def _safeguarding_flags(pupil) -> bool:
    record = getattr(pupil, "safeguarding", None)
    if record is None:
        return False
    return "yes" in (record.child_protection_plan, record.child_in_need_plan)


def checklist_missing(
    timetable: ReducedTimetable, answers: list[RttChecklistAnswer], steps: list
) -> list[str]:
    """What Appendix 1 still needs before the start, in words for a school office."""
    by_item = {a.item: a.answer for a in answers}
    missing = []
    for item in Item:
        answer = by_item.get(item)
        allowed = {Answer.YES}
        if item in MAY_BE_NOT_APPLICABLE or (
            item == Item.PSP and timetable.basis == ReducedTimetable.Basis.MEDICAL
        ):
            allowed.add(Answer.NOT_APPLICABLE)
        if answer not in allowed:
            missing.append(
                _("Checklist: “%(item)s” must be answered Yes%(or_na)s.")
                % {
                    "item": item.label,
                    "or_na": _(" or Not applicable") if Answer.NOT_APPLICABLE in allowed else "",
                }
            )
    if by_item.get(Item.REINTEGRATION) == Answer.YES and not steps:
        missing.append(_("Add the reintegration plan: at least one planned increase of hours."))
    return missing


def rtt_status(
    timetable: ReducedTimetable,
    *,
    today: datetime.date,
    at_alternative_provision: bool = False,
) -> RttStatus:
    """No queries when entries, steps and checklist are prefetched and the pupil's school,
    LA and safeguarding record are selected."""
    entries = list(timetable.entries.all())
    steps = sorted(timetable.steps.all(), key=lambda s: s.from_date)
    answers = list(timetable.checklist.all())
    la = timetable.school.local_authority
    hours = weekly_hours(timetable, entries)
    started_hours = timetable.start_weekly_hours
    since = counted_from(timetable)
    audit = rules.rtt_audit(
        rules.RttAuditFacts(
            start=since,
            provisional_end=timetable.provisional_end,
            today=today,
            max_weeks=la.reduced_timetable_max_weeks,
            authorised_until=timetable.authorised_until,
            ended_on=timetable.ended_on,
            through_guidance=timetable.psp_id is not None
            or (
                timetable.basis == ReducedTimetable.Basis.MEDICAL
                and bool(timetable.health_care_plan.strip())
            ),
            planned_increases=tuple(s.from_date for s in steps),
            hours_increased=bool(hours and started_hours is not None and hours > started_hours),
            little_progress=timetable.progress == ReducedTimetable.Progress.LITTLE,
            parent_dissatisfied=timetable.parent_dissatisfied,
            professional_concerns=timetable.professional_concerns,
            other_agencies=bool(timetable.agencies.strip()),
            harm_risks=tuple(timetable.harm_risks),
            looked_after=timetable.pupil.looked_after,
            protection_or_care_plan=_safeguarding_flags(timetable.pupil),
            non_attendance=timetable.non_attendance,
        )
    )
    indicators = tuple(
        Indicator(rating, code, str(INDICATORS[code][0]), INDICATORS[code][1])
        for rating, code in audit.indicators
    )
    return RttStatus(
        weekly_hours=hours,
        full_time_hours=full_time_hours(timetable, today),
        weeks_elapsed=rules.rtt_weeks_elapsed(since, today, timetable.ended_on),
        limit_date=rules.rtt_limit_date(since, la.reduced_timetable_max_weeks),
        authorisation=rules.rtt_authorisation(
            since,
            timetable.provisional_end,
            today,
            max_weeks=la.reduced_timetable_max_weeks,
            authorised_until=timetable.authorised_until,
            ended_on=timetable.ended_on,
        ),
        rating=audit.rating,
        indicators=indicators,
        absence_code=rules.rtt_absence_code(
            la.nation, at_alternative_provision=at_alternative_provision
        ),
        checklist_missing=tuple(checklist_missing(timetable, answers, steps)),
    )


# Guards -----------------------------------------------------------------------------------


def ensure_open(timetable: ReducedTimetable) -> None:
    if not timetable.is_open:
        raise GuardError(_("This reduced timetable has ended."))


def ensure_basis(timetable: ReducedTimetable) -> None:
    """004: only through a PSP, unless purely medical and referenced in the health care
    plan."""
    if timetable.basis == ReducedTimetable.Basis.PSP:
        if timetable.psp_id is None:
            raise GuardError(
                _(
                    "Choose the pupil's Pastoral Support Programme: a reduced timetable is set "
                    "up through a PSP (004). Start a PSP first if there is none."
                )
            )
        if timetable.psp.pupil_id != timetable.pupil_id:
            raise GuardError(_("That PSP is another pupil's."))
        return
    problems = []
    if timetable.reason != ReducedTimetable.Reason.MEDICAL:
        problems.append(
            _("Without a PSP the reason must be medical: only a purely medical one needs no PSP.")
        )
    if not timetable.health_care_plan.strip():
        problems.append(_("Say which individual health care plan records this reduced timetable."))
    if problems:
        raise GuardError(problems)


def ensure_can_start(timetable: ReducedTimetable, status: RttStatus, *, today) -> None:
    """Before the start: Appendix 1 complete, a timetable that is reduced, the reintegration
    plan, and somewhere to send the copy."""
    if timetable.state != State.PLANNED:
        raise GuardError(_("This reduced timetable has already started or has ended."))
    problems = list(status.checklist_missing)
    if today < timetable.start:
        problems.append(
            _("It starts on %(day)s: record the start on that day.")
            % {"day": f"{timetable.start:%-d %B %Y}"}
        )
    if status.weekly_hours is None:
        problems.append(_("Fill in the timetable: its weekly hours are worked out from it."))
    elif status.is_reduced is False:
        problems.append(
            _(
                "The timetable has %(hours)s hours a week, which is full time for this pupil "
                "(%(full)s): it is not a reduced timetable."
            )
            % {"hours": status.weekly_hours, "full": status.full_time_hours}
        )
    if not timetable.steps.exists():
        problems.append(
            _("Add the reintegration plan: at least one planned increase of hours (004).")
        )
    if not timetable.school.local_authority.safeguarding_email.strip():
        problems.append(
            _(
                "Your LA has no education safeguarding inbox in Waymark, so the Deputy "
                "Education Safeguarding Officer cannot be sent the checklist. Ask your LA's "
                "admin to add it under LA settings."
            )
        )
    if problems:
        raise GuardError(problems)


# Deadlines --------------------------------------------------------------------------------


def _checklist_completed_on(timetable, answers, steps) -> datetime.date | None:
    if checklist_missing(timetable, answers, steps) or not answers:
        return None
    return max(a.answered_on for a in answers)


def wanted_deadlines(timetable: ReducedTimetable, today: datetime.date) -> dict[str, tuple]:
    """key → (kind, due, met_on): the checklist before the start, the provisional end, and the
    12-week limit when it runs (or is planned to run) beyond it."""
    la = timetable.school.local_authority
    answers = list(timetable.checklist.all())
    steps = list(timetable.steps.all())
    done = _checklist_completed_on(timetable, answers, steps)
    wanted: dict[str, tuple] = {}
    if timetable.is_open or done:
        # Appendix 1 "must be complete before the start date": the start is recorded on the
        # day (ensure_can_start), once the checklist is complete, so it is due on the start
        # date; a plan made on its start date is not overdue the moment it is made.
        wanted["checklist"] = (Deadline.Kind.RTT_CHECKLIST, timetable.start, done)
    wanted["end"] = (Deadline.Kind.RTT_END, timetable.provisional_end, timetable.ended_on)
    state = rules.rtt_authorisation(
        counted_from(timetable),
        timetable.provisional_end,
        today,
        max_weeks=la.reduced_timetable_max_weeks,
        authorised_until=timetable.authorised_until,
        ended_on=timetable.ended_on,
    )
    authorised_on = timetable.authorised_on if state == rules.RTT_AUTH_AUTHORISED else None
    if state != rules.RTT_AUTH_NOT_NEEDED and (timetable.is_open or authorised_on):
        wanted["limit"] = (
            Deadline.Kind.RTT_LIMIT,
            rules.rtt_limit_date(counted_from(timetable), la.reduced_timetable_max_weeks),
            authorised_on,
        )
    return wanted


def refresh_deadlines(timetable: ReducedTimetable, *, today: datetime.date) -> None:
    from reviews.services.deadlines import deadlines_sync

    deadlines_sync(
        case=timetable,
        wanted=wanted_deadlines(timetable, today),
        responsible_id=timetable.case_lead_id,
        pupil_id=timetable.pupil_id,
        school_id=timetable.school_id,
        today=today,
    )


def refresh_deadlines_on_commit(timetable_id: int) -> None:
    """Recompute the deadlines once the change is committed (never on rollback)."""

    def refresh() -> None:
        from django.utils import timezone

        timetable = ReducedTimetable.objects.select_related("school__local_authority").get(
            pk=timetable_id
        )
        refresh_deadlines(timetable, today=timezone.localdate())

    transaction.on_commit(refresh)


def reduced_timetable_refresh_all(*, today: datetime.date) -> int:
    """Nightly: every open reduced timetable's deadlines (the limit and the end move into
    "overdue")."""
    count = 0
    timetables = (
        ReducedTimetable.objects.exclude(state=State.ENDED)
        .select_related("school__local_authority")
        .prefetch_related("checklist", "steps")
    )
    for timetable in timetables.iterator(chunk_size=200):
        refresh_deadlines(timetable, today=today)
        count += 1
    return count


# Changes ----------------------------------------------------------------------------------


def _save(timetable: ReducedTimetable, by: User, *fields: str) -> None:
    timetable._history_user = by
    timetable.full_clean()
    timetable.save(update_fields=list(fields) if fields else None)
    refresh_deadlines_on_commit(timetable.pk)


@transaction.atomic
def reduced_timetable_create(*, pupil, case_lead: User, form) -> ReducedTimetable:
    timetable = form.save(commit=False)
    timetable.pupil = pupil
    timetable.school = pupil.school
    timetable.case_lead = case_lead
    ensure_basis(timetable)
    if (
        ReducedTimetable.objects.filter(pupil=pupil)
        .exclude(state=State.ENDED)
        .exclude(pk=timetable.pk)
        .exists()
    ):
        raise GuardError(
            _("This pupil already has a reduced timetable that has not ended: change that one.")
        )
    _save(timetable, case_lead)
    return timetable


def start_locked_message(timetable: ReducedTimetable) -> str:
    """Why the start date of a started reduced timetable cannot change."""
    return _(
        "It started on %(day)s, so the start date cannot change now: the %(weeks)s-week limit "
        "counts from it. End this reduced timetable and set up a new one if it is wrong."
    ) % {
        "day": f"{(timetable.started_on or timetable.start):%-d %B %Y}",
        "weeks": timetable.school.local_authority.reduced_timetable_max_weeks,
    }


@transaction.atomic
def reduced_timetable_update(*, timetable: ReducedTimetable, form, by: User) -> ReducedTimetable:
    """Change the plan. Once started, the start date is fixed (moving it later would hide
    weeks already run from the 12-week limit, 004)."""
    saved = ReducedTimetable.objects.select_for_update().get(pk=timetable.pk)
    ensure_open(saved)
    form.save(commit=False)
    if saved.state != State.PLANNED and timetable.start != saved.start:
        raise GuardError(start_locked_message(saved))
    ensure_basis(timetable)
    if form.has_changed():
        _save(timetable, by)
    return timetable


@transaction.atomic
def timetable_save(
    *, timetable: ReducedTimetable, week: int, cells: dict[tuple[int, int], dict], by: User
) -> None:
    """Replace one week of the timetable. `cells` maps (day, lesson) to the entry's fields
    (activity, and for a primary day its from and until times); an empty cell is no lesson."""
    ensure_open(timetable)
    if week not in range(1, timetable.timetable_weeks + 1):
        raise GuardError(_("This timetable has no week %(week)s.") % {"week": week})
    existing = {(e.day, e.lesson): e for e in timetable.entries.filter(week=week)}
    for key, values in cells.items():
        entry = existing.pop(key, None) or Entry(
            timetable=timetable, week=week, day=key[0], lesson=key[1]
        )
        for name, value in values.items():
            setattr(entry, name, value)
        entry._history_user = by
        entry.full_clean()
        entry.save()
    for entry in existing.values():
        entry._history_user = by
        entry.delete()
    refresh_deadlines_on_commit(timetable.pk)


@transaction.atomic
def step_add(*, timetable: ReducedTimetable, form, by: User) -> RttReintegrationStep:
    ensure_open(timetable)
    step = form.save(commit=False)
    step.timetable = timetable
    if step.from_date <= timetable.start:
        raise GuardError(_("A planned increase comes after the start date."))
    if timetable.steps.filter(from_date=step.from_date).exists():
        raise GuardError(_("There is already a step on that date: remove it first."))
    step._history_user = by
    step.full_clean()
    step.save()
    refresh_deadlines_on_commit(timetable.pk)
    return step


@transaction.atomic
def step_remove(*, step: RttReintegrationStep, by: User) -> None:
    ensure_open(step.timetable)
    step._history_user = by
    step.delete()
    refresh_deadlines_on_commit(step.timetable_id)


@transaction.atomic
def checklist_save(
    *,
    timetable: ReducedTimetable,
    answers: dict[str, tuple[str, str]],
    by: User,
    today: datetime.date,
) -> None:
    """Record Appendix 1's answers; who and when change only for an answer that changed."""
    ensure_open(timetable)
    existing = {a.item: a for a in timetable.checklist.all()}
    for item, (answer, note) in answers.items():
        if not answer:
            continue
        if item == Item.PSP and answer == Answer.YES and timetable.psp_id is None:
            raise GuardError(_("There is no PSP linked to this reduced timetable."))
        row = existing.get(item)
        if row is not None and (row.answer, row.note) == (answer, note):
            continue
        row = row or RttChecklistAnswer(timetable=timetable, item=item)
        row.answer, row.note = answer, note
        row.answered_by, row.answered_on = by, today
        row._history_user = by
        row.full_clean()
        row.save()
    refresh_deadlines_on_commit(timetable.pk)


@transaction.atomic
def progress_record(*, timetable: ReducedTimetable, form, by: User, today) -> None:
    ensure_open(timetable)
    form.save(commit=False)
    timetable.monitored_on = today
    _save(
        timetable,
        by,
        "progress",
        "progress_notes",
        "non_attendance",
        "parent_dissatisfied",
        "professional_concerns",
        "monitored_on",
    )


@transaction.atomic
def harm_risks_record(*, timetable: ReducedTimetable, risks: list[str], by: User) -> None:
    ensure_open(timetable)
    valid = set(ReducedTimetable.HarmRisk.values)
    timetable.harm_risks = [r for r in ReducedTimetable.HarmRisk.values if r in set(risks) & valid]
    _save(timetable, by, "harm_risks")


def _la_people(la_id: int, *roles: str):
    return User.objects.filter(
        is_active=True,
        memberships__local_authority_id=la_id,
        memberships__role__in=roles,
    ).distinct()


@transaction.atomic
def authorisation_request(
    *, timetable: ReducedTimetable, reason: str, by: User, today: datetime.date
) -> None:
    """004: beyond 12 weeks the Director's authorisation is facilitated through the LA (its PSP
    group): the school asks, the LA's officers and Director are told."""
    ensure_open(timetable)
    la = timetable.school.local_authority
    state = rules.rtt_authorisation(
        counted_from(timetable),
        timetable.provisional_end,
        today,
        max_weeks=la.reduced_timetable_max_weeks,
        authorised_until=timetable.authorised_until,
        ended_on=timetable.ended_on,
    )
    if state in (rules.RTT_AUTH_NOT_NEEDED, rules.RTT_AUTH_AUTHORISED):
        raise GuardError(
            _(
                "The Director's authorisation is needed only when it runs beyond %(weeks)s "
                "weeks (or beyond the date already authorised). Change the provisional end "
                "date first."
            )
            % {"weeks": la.reduced_timetable_max_weeks}
        )
    timetable.authorisation_requested_on = today
    timetable.authorisation_requested_by = by
    timetable.authorisation_request = reason.strip()
    _save(
        timetable,
        by,
        "authorisation_requested_on",
        "authorisation_requested_by",
        "authorisation_request",
    )
    from reviews.notifications import notify

    notify(
        users=_la_people(la.pk, Role.DIRECTOR, Role.LA_OFFICER),
        school=None,
        pupil=timetable.pupil,
        direction=None,
        key=f"rtt-authorisation-request:{timetable.pk}:{today.isoformat()}",
        message=_(
            "%(school)s asks for the Director's authorisation of %(pupil)s's reduced timetable "
            "beyond %(weeks)s weeks."
        )
        % {
            "school": timetable.school.name,
            "pupil": timetable.pupil.full_name,
            "weeks": la.reduced_timetable_max_weeks,
        },
        url=timetable.get_absolute_url(),
    )


@transaction.atomic
def authorise(
    *,
    timetable: ReducedTimetable,
    until: datetime.date,
    note: str,
    by: User,
    today: datetime.date,
) -> None:
    """The Director records the authorisation: who, when, and until when."""
    ensure_open(timetable)
    limit = rules.rtt_limit_date(
        counted_from(timetable), timetable.school.local_authority.reduced_timetable_max_weeks
    )
    if until <= limit:
        raise GuardError(
            _("Authorise it until a date after %(day)s: until then it needs no authorisation.")
            % {"day": f"{limit:%-d %B %Y}"}
        )
    if until < today:
        raise GuardError(_("The date it is authorised until cannot be in the past."))
    timetable.authorised_by = by
    timetable.authorised_on = today
    timetable.authorised_until = until
    timetable.authorisation_note = note.strip()
    _save(
        timetable,
        by,
        "authorised_by",
        "authorised_on",
        "authorised_until",
        "authorisation_note",
    )
    from reviews.notifications import notify

    notify(
        users=[timetable.case_lead],
        school=timetable.school,
        pupil=timetable.pupil,
        direction=None,
        key=f"rtt-authorised:{timetable.pk}:{until.isoformat()}",
        message=_("The Director has authorised %(pupil)s's reduced timetable until %(day)s.")
        % {"pupil": timetable.pupil.full_name, "day": f"{until:%-d %B %Y}"},
        url=timetable.get_absolute_url(),
    )


@transaction.atomic
def reduced_timetable_start(*, timetable: ReducedTimetable, by: User, today: datetime.date) -> list:
    """The reduced timetable has started: the LA is advised (004: "at the commencement of every
    reduced timetable"), the checklist goes to the Deputy Education Safeguarding Officer (and
    to the LA's PSP inbox where it has one: 004 "Notifying the Local Authority ... Check list
    for reduced timetables ... To: psp@npt.gov.uk"), and the LA's safeguarding officers are
    told in Waymark. Returns the letters sent to the LA."""
    from documents import outbox
    from documents.reduced_timetable_documents import generate
    from reviews.notifications import notify

    status = rtt_status(timetable, today=today)
    ensure_can_start(timetable, status, today=today)
    timetable.state = State.STARTED
    timetable.started_on = today
    timetable.started_by = by
    timetable.start_weekly_hours = status.weekly_hours
    _save(timetable, by, "state", "started_on", "started_by", "start_weekly_hours")
    document = generate(timetable, by=by, today=today)
    la = timetable.school.local_authority
    pupil = timetable.pupil
    subject = _("Reduced timetable started: %(pupil)s, %(school)s") % {
        "pupil": pupil.full_name,
        "school": timetable.school.name,
    }
    body = _(
        "%(school)s advises that %(pupil)s started a reduced timetable on %(start)s, "
        "provisionally until %(end)s. The checklist for reduced timetables, with the timetable "
        "and the reintegration plan, is attached."
    ) % {
        "school": timetable.school.name,
        "pupil": pupil.full_name,
        "start": f"{timetable.start:%-d %B %Y}",
        "end": f"{timetable.provisional_end:%-d %B %Y}",
    }
    letters = [
        outbox.letter_send_to_inbox(
            pupil=pupil,
            document=document,
            subject=subject,
            body=body,
            to_name=_("Deputy Education Safeguarding Officer, %(la)s") % {"la": la.name},
            to_email=la.safeguarding_email,
            by=by,
        )
    ]
    if la.psp_email.strip():
        letters.append(
            outbox.letter_send_to_inbox(
                pupil=pupil,
                document=document,
                subject=subject,
                body=body,
                to_name=_("PSP inbox, %(la)s") % {"la": la.name},
                to_email=la.psp_email,
                by=by,
            )
        )
    notify(
        users=_la_people(la.pk, Role.LA_SAFEGUARDING),
        school=None,
        pupil=pupil,
        direction=None,
        key=f"rtt-started:{timetable.pk}",
        message=_("%(pupil)s (%(school)s) started a reduced timetable on %(day)s.")
        % {
            "pupil": pupil.full_name,
            "school": timetable.school.name,
            "day": f"{today:%-d %B %Y}",
        },
        url=reverse("reduced-timetable-detail", args=[timetable.pk]),
    )
    return letters


@transaction.atomic
def reduced_timetable_end(
    *, timetable: ReducedTimetable, on: datetime.date, note: str, by: User, today
) -> None:
    """Back to full-time education (or a plan that never started, withdrawn)."""
    ensure_open(timetable)
    if on > today:
        raise GuardError(_("The date it ended cannot be in the future."))
    if timetable.state == State.STARTED and on < timetable.start:
        raise GuardError(_("It cannot end before it started."))
    timetable.state = State.ENDED
    timetable.ended_on = on
    timetable.end_note = note.strip()
    _save(timetable, by, "state", "ended_on", "end_note")
