"""The reduced timetable's lifecycle: one service per change, each guarded, atomic and kept in
the history; deadlines are recomputed after every change and nightly.

planned → started (the checklist complete, the PSP signed, a looked-after pupil's
authorisation recorded; the LA told and the Deputy Education Safeguarding Officer sent the
checklist) → ended (back to full-time education).

Source: 004_f815cbfe89cfcc2a.txt "Reduced Timetables" (only through a PSP unless purely
medical with an individual health care plan; it starts from the signed PSP; time limited,
usually no more than 12 weeks; the Director authorises beyond, or declines; advise the LA at
the commencement; a copy to the Deputy Education Safeguarding Officer; C or B codes),
Appendix 1 (checklist; the looked-after social worker authorises unless the foster carer has
delegated authority) and Appendix 2 (audit matrix). The rules themselves are in reviews/rules.py.
"""

import datetime
import logging
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.changes import apply_changes
from cases.guards import ensure_school_day
from cases.reduced_timetables.deadlines import refresh_deadlines_on_commit
from cases.reduced_timetables.documents import generate
from cases.reduced_timetables.guards import (
    ensure_authorisation_needed,
    ensure_basis,
    ensure_can_authorise,
    ensure_can_decline,
    ensure_can_end,
    ensure_can_start,
    ensure_checklist_answer,
    ensure_lac_authorisation,
    ensure_no_other_open,
    ensure_open,
    ensure_start_unchanged,
    ensure_step_date,
    ensure_week,
)
from cases.reduced_timetables.models import (
    ReducedTimetable,
    RttChecklistAnswer,
    RttReintegrationStep,
)
from cases.reduced_timetables.models import RttTimetableEntry as Entry
from cases.reduced_timetables.protocols import protocol_of
from cases.reduced_timetables.rating import rating_refresh
from cases.reduced_timetables.selectors import must_end_by, rtt_status
from documents import outbox
from reviews.notifications import notify
from tenancy.models import Role, User
from ui.formats import long_date

logger = logging.getLogger(__name__)
State = ReducedTimetable.State

# The fields of the plan a school fills in (Appendix 1's details, who keeps the pupil safe, the
# kind of timetable); the rest of a reduced timetable changes only through its own steps.
PLAN_FIELDS = (
    "basis",
    "psp",
    "health_care_plan",
    "reason",
    "start",
    "provisional_end",
    "hours_per_day",
    "safeguarding_concern",
    "responsible_adult",
    "agencies",
    "parental_views",
    "layout",
    "timetable_weeks",
    "lesson_minutes",
)


def _refresh(timetable_id: int) -> None:
    """After every change: the deadlines once it is committed, and the stored audit rating in
    the same transaction, so the LA's record never filters on a rating older than the change."""
    refresh_deadlines_on_commit(timetable_id)
    rating_refresh(timetable_id, today=timezone.localdate())


def _save(timetable: ReducedTimetable, by: User, *fields: str) -> None:
    timetable._history_user = by
    timetable.full_clean()
    timetable.save(update_fields=list(fields) if fields else None)
    _refresh(timetable.pk)


@transaction.atomic
def reduced_timetable_create(
    *, pupil, case_lead: User, details: Mapping[str, object]
) -> ReducedTimetable:
    """Set up a reduced timetable from the plan's fields (PLAN_FIELDS), with the person who sets
    it up as its case lead."""
    timetable = ReducedTimetable(pupil=pupil, school=pupil.school, case_lead=case_lead)
    apply_changes(timetable, details, PLAN_FIELDS)
    ensure_school_day(timetable.school, timetable.start, field="start")
    ensure_basis(timetable)
    ensure_no_other_open(timetable)
    _save(timetable, case_lead)
    return timetable


@transaction.atomic
def reduced_timetable_update(
    *, timetable: ReducedTimetable, changes: Mapping[str, object], by: User
) -> ReducedTimetable:
    """Change the plan (fields of PLAN_FIELDS). Once started, the start date is fixed; the
    saved row decides, whatever the page showed."""
    saved = ReducedTimetable.objects.select_for_update().get(pk=timetable.pk)
    ensure_open(saved)
    if "start" in changes:
        ensure_start_unchanged(saved, changes["start"])
        ensure_school_day(saved.school, changes["start"], field="start")
    changed = apply_changes(saved, changes, PLAN_FIELDS)
    ensure_basis(saved)
    if changed:
        _save(saved, by)
    return saved


@transaction.atomic
def timetable_save(
    *, timetable: ReducedTimetable, week: int, cells: dict[tuple[int, int], dict], by: User
) -> None:
    """Replace one week of the timetable. `cells` maps (day, lesson) to the entry's fields
    (activity, and for a primary day its from and until times); an empty cell is no lesson."""
    ensure_open(timetable)
    ensure_week(timetable, week)
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
    _refresh(timetable.pk)


@transaction.atomic
def step_add(
    *,
    timetable: ReducedTimetable,
    from_date: datetime.date,
    hours_per_week: Decimal,
    note: str = "",
    by: User,
) -> RttReintegrationStep:
    """A planned increase of hours on the way back to full-time education."""
    ensure_open(timetable)
    ensure_step_date(timetable, from_date)
    step = RttReintegrationStep(
        timetable=timetable, from_date=from_date, hours_per_week=hours_per_week, note=note
    )
    step._history_user = by
    step.full_clean()
    step.save()
    _refresh(timetable.pk)
    return step


@transaction.atomic
def step_remove(*, step: RttReintegrationStep, by: User) -> None:
    ensure_open(step.timetable)
    step._history_user = by
    step.delete()
    _refresh(step.timetable_id)


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
        ensure_checklist_answer(timetable, item, answer)
        row = existing.get(item)
        if row is not None and (row.answer, row.note) == (answer, note):
            continue
        row = row or RttChecklistAnswer(timetable=timetable, item=item)
        row.answer, row.note = answer, note
        row.answered_by, row.answered_on = by, today
        row._history_user = by
        row.full_clean()
        row.save()
    _refresh(timetable.pk)


@transaction.atomic
def lac_authorisation_record(
    *,
    timetable: ReducedTimetable,
    authority: str,
    name: str,
    on: datetime.date | None,
    by: User,
    today: datetime.date,
) -> None:
    """Who authorised a looked-after pupil's reduced timetable: the foster carer with
    delegated authority, otherwise the looked-after social worker (004 Appendix 1), their name
    and the day. The start waits for it (selectors.lac_authorisation_missing)."""
    ensure_open(timetable)
    ensure_lac_authorisation(timetable, authority=authority, name=name, on=on, today=today)
    timetable.lac_authority = authority
    timetable.lac_authorised_by = name.strip()
    timetable.lac_authorised_on = on
    _save(timetable, by, "lac_authority", "lac_authorised_by", "lac_authorised_on")


@transaction.atomic
def progress_record(
    *,
    timetable: ReducedTimetable,
    progress: str,
    progress_notes: str,
    non_attendance: bool,
    parent_dissatisfied: bool,
    professional_concerns: bool,
    by: User,
    today: datetime.date,
) -> None:
    """Appendix 2's indicators the school reports as it monitors the reduced timetable."""
    ensure_open(timetable)
    timetable.progress = progress
    timetable.progress_notes = progress_notes
    timetable.non_attendance = non_attendance
    timetable.parent_dissatisfied = parent_dissatisfied
    timetable.professional_concerns = professional_concerns
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
    ensure_authorisation_needed(timetable, today=today)
    la = timetable.school.local_authority
    timetable.authorisation_requested_on = today
    timetable.authorisation_requested_by = by
    timetable.authorisation_request = reason.strip()
    # A new request waits for a new decision; an earlier authorisation still covers its dates.
    timetable.authorisation_decision = ""
    _save(
        timetable,
        by,
        "authorisation_requested_on",
        "authorisation_requested_by",
        "authorisation_request",
        "authorisation_decision",
    )

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
    ensure_can_authorise(timetable, until=until, today=today)
    timetable.authorisation_decision = ReducedTimetable.Decision.AUTHORISED
    timetable.authorised_by = by
    timetable.authorised_on = today
    timetable.authorised_until = until
    timetable.authorisation_note = note.strip()
    _save(
        timetable,
        by,
        "authorisation_decision",
        "authorised_by",
        "authorised_on",
        "authorised_until",
        "authorisation_note",
    )

    notify(
        users=[timetable.case_lead],
        school=timetable.school,
        pupil=timetable.pupil,
        direction=None,
        key=f"rtt-authorised:{timetable.pk}:{until.isoformat()}",
        message=_("The Director has authorised %(pupil)s's reduced timetable until %(day)s.")
        % {"pupil": timetable.pupil.full_name, "day": long_date(until)},
        url=timetable.get_absolute_url(),
    )


@transaction.atomic
def authorisation_decline(
    *, timetable: ReducedTimetable, reason: str, by: User, today: datetime.date
) -> datetime.date:
    """The Director declines to authorise it past the limit (004: beyond 12 weeks it "will
    require the authorisation of the Director"), saying why. It must then end by the last day
    within the limit, or the last day an earlier authorisation covers: the end falls due then
    (deadlines.wanted_deadlines) and the case lead is told. Returns that day."""
    ensure_open(timetable)
    ensure_can_decline(timetable, reason=reason, today=today)
    timetable.authorisation_decision = ReducedTimetable.Decision.DECLINED
    timetable.declined_by = by
    timetable.declined_on = today
    timetable.decline_reason = reason.strip()
    _save(
        timetable,
        by,
        "authorisation_decision",
        "declined_by",
        "declined_on",
        "decline_reason",
    )
    last_day = must_end_by(timetable)
    notify(
        users=[timetable.case_lead],
        school=timetable.school,
        pupil=timetable.pupil,
        direction=None,
        key=f"rtt-declined:{timetable.pk}:{today.isoformat()}",
        message=_(
            "The Director has declined to authorise %(pupil)s's reduced timetable any longer: "
            "it must end by %(day)s."
        )
        % {"pupil": timetable.pupil.full_name, "day": long_date(last_day)},
        url=timetable.get_absolute_url(),
    )
    return last_day


@transaction.atomic
def reduced_timetable_start(*, timetable: ReducedTimetable, by: User, today: datetime.date) -> list:
    """The reduced timetable has started: the LA is advised (004: "at the commencement of every
    reduced timetable"), the checklist goes to the Deputy Education Safeguarding Officer (and
    to the LA's PSP inbox where it has one: 004 "Notifying the Local Authority ... Check list
    for reduced timetables ... To: psp@npt.gov.uk"), and the LA's safeguarding officers are
    told in Waymark. Returns the letters sent to the LA."""

    status = rtt_status(timetable, today=today)
    ensure_can_start(timetable, status, today=today)
    timetable.state = State.STARTED
    timetable.started_on = today
    timetable.started_by = by
    timetable.start_weekly_hours = status.weekly_hours
    _save(timetable, by, "state", "started_on", "started_by", "start_weekly_hours")
    document = generate(timetable, by=by, today=today)
    la = timetable.school.local_authority
    # 004's checklist, its Deputy Education Safeguarding Officer and its PSP inbox; under the
    # DfE's national expectations the LA is told, at its education safeguarding inbox.
    npt = protocol_of(timetable).local_checklist
    pupil = timetable.pupil
    subject = _("Reduced timetable started: %(pupil)s, %(school)s") % {
        "pupil": pupil.full_name,
        "school": timetable.school.name,
    }
    body = (
        _(
            "%(school)s advises that %(pupil)s started a reduced timetable on %(start)s, "
            "provisionally until %(end)s. The checklist for reduced timetables, with the "
            "timetable and the reintegration plan, is attached."
        )
        if npt
        else _(
            "%(school)s tells the LA that %(pupil)s started a reduced (part-time) timetable on "
            "%(start)s, agreed with the parents until %(end)s. The timetable and the plan back "
            "to full-time education are attached."
        )
    ) % {
        "school": timetable.school.name,
        "pupil": pupil.full_name,
        "start": long_date(timetable.start),
        "end": long_date(timetable.provisional_end),
    }
    letters = [
        outbox.letter_send_to_inbox(
            pupil=pupil,
            document=document,
            subject=subject,
            body=body,
            to_name=(
                _("Deputy Education Safeguarding Officer, %(la)s")
                if npt
                else _("Education safeguarding, %(la)s")
            )
            % {"la": la.name},
            to_email=la.safeguarding_email,
            by=by,
        )
    ]
    if npt and la.psp_email.strip():
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
            "day": long_date(today),
        },
        url=reverse("reduced-timetable-detail", args=[timetable.pk]),
    )
    return letters


@transaction.atomic
def reduced_timetable_end(
    *, timetable: ReducedTimetable, on: datetime.date, note: str, by: User, today: datetime.date
) -> None:
    """Back to full-time education (or a plan that never started, withdrawn)."""
    ensure_open(timetable)
    ensure_can_end(timetable, on=on, today=today)
    timetable.state = State.ENDED
    timetable.ended_on = on
    timetable.end_note = note.strip()
    _save(timetable, by, "state", "ended_on", "end_note")
