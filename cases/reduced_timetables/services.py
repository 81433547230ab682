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

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.guards import GuardError
from cases.models import ReducedTimetable, RttChecklistAnswer, RttReintegrationStep
from cases.models import RttTimetableEntry as Entry
from cases.reduced_timetables.deadlines import refresh_deadlines_on_commit
from cases.reduced_timetables.documents import generate
from cases.reduced_timetables.guards import ensure_basis, ensure_can_start, ensure_open
from cases.reduced_timetables.selectors import counted_from, rtt_status
from documents import outbox
from reviews import rules
from reviews.notifications import notify
from tenancy.models import Role, User

logger = logging.getLogger(__name__)
State = ReducedTimetable.State
Item = RttChecklistAnswer.Item
Answer = RttChecklistAnswer.Answer


# Reading a reduced timetable: its hours, weeks, limit and audit ----------------------------


# Guards -----------------------------------------------------------------------------------


# Deadlines --------------------------------------------------------------------------------


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
