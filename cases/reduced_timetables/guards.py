"""Named guards of a reduced timetable. Each raises GuardError with a message the case lead can
act on; services call them, templates never decide.

Source: 004_f815cbfe89cfcc2a.txt "Reduced Timetables" and its Appendix 1; the section each rule
rests on is in its docstring. 004's own steps (its checklist, the Director's authorisation)
apply only where the LA follows that protocol (cases.reduced_timetables.protocols); an English
LA on the DfE's national expectations ("Working together to improve school attendance", 2024)
has neither.
"""

import datetime

from django.utils.translation import gettext as _

from cases.guards import GuardError, ensure_state
from cases.reduced_timetables.models import ReducedTimetable, RttChecklistAnswer
from cases.reduced_timetables.protocols import protocol_of, questions
from cases.reduced_timetables.selectors import RttStatus, counted_from
from reviews import rules
from ui.formats import long_date

State = ReducedTimetable.State


def ensure_open(timetable: ReducedTimetable) -> None:
    """004_f815cbfe89cfcc2a.txt "Reduced Timetables", Purpose: a reduced timetable is time limited
    and ends with the return to full-time education; once it has ended nothing of it changes."""
    ensure_state(timetable, State.PLANNED, State.STARTED)


def ensure_basis(timetable: ReducedTimetable) -> None:
    """004_f815cbfe89cfcc2a.txt "Reduced Timetables", Introduction: only through a PSP, unless
    purely medical and referenced in the individual health care plan."""
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


def ensure_no_other_open(timetable: ReducedTimetable) -> None:
    """004_f815cbfe89cfcc2a.txt "Reduced Timetables", Definition: a reduced timetable is "for a time
    limited period of usually no more than 12 weeks"; a second one beside it would count those weeks
    afresh, so the open one is changed instead."""
    others = ReducedTimetable.objects.filter(pupil_id=timetable.pupil_id).exclude(state=State.ENDED)
    if timetable.pk is not None:
        others = others.exclude(pk=timetable.pk)
    if others.exists():
        raise GuardError(
            _("This pupil already has a reduced timetable that has not ended: change that one.")
        )


def start_locked_message(timetable: ReducedTimetable) -> str:
    """Why the start date of a started reduced timetable cannot change."""
    if not protocol_of(timetable).director_authorisation:
        return _(
            "It started on %(day)s, so the start date cannot change now: its weeks count from "
            "it. End this reduced timetable and set up a new one if it is wrong."
        ) % {"day": long_date(timetable.started_on or timetable.start)}
    return _(
        "It started on %(day)s, so the start date cannot change now: the %(weeks)s-week limit "
        "counts from it. End this reduced timetable and set up a new one if it is wrong."
    ) % {
        "day": long_date(timetable.started_on or timetable.start),
        "weeks": timetable.school.local_authority.reduced_timetable_max_weeks,
    }


def ensure_start_unchanged(saved: ReducedTimetable, start: datetime.date) -> None:
    """004_f815cbfe89cfcc2a.txt "Reduced Timetables", Definition ("usually no more than 12 weeks"):
    once it has started, the limit counts from its start, so moving the start later would hide weeks
    already run."""
    if saved.state != State.PLANNED and start != saved.start:
        raise GuardError(start_locked_message(saved))


def ensure_week(timetable: ReducedTimetable, week: int) -> None:
    """004_f815cbfe89cfcc2a.txt "Primary Timetable example" and "Secondary Timetable example": one
    week, or a week 1 and a week 2."""
    if week not in range(1, timetable.timetable_weeks + 1):
        raise GuardError(_("This timetable has no week %(week)s.") % {"week": week})


def ensure_step_date(timetable: ReducedTimetable, from_date: datetime.date) -> None:
    """004_f815cbfe89cfcc2a.txt Appendix 1, "Is there an agreed plan for reintegration back to
    full-time education?": each planned increase of hours comes after the start, one on each
    date."""
    if from_date <= timetable.start:
        raise GuardError(_("A planned increase comes after the start date."))
    if timetable.steps.filter(from_date=from_date).exists():
        raise GuardError(_("There is already a step on that date: remove it first."))


def ensure_checklist_answer(timetable: ReducedTimetable, item: str, answer: str) -> None:
    """Only the questions of the LA's protocol (004's Appendix 1, or the DfE's expectations:
    protocols.questions). 004_f815cbfe89cfcc2a.txt Appendix 1, "Pastoral Support Programme
    (PSP) in place": Yes only when the reduced timetable is set up through one."""
    if item not in {q.item for q in questions(timetable)}:
        raise GuardError(_("That question is not on your LA's checklist."))
    if (
        item == RttChecklistAnswer.Item.PSP
        and answer == RttChecklistAnswer.Answer.YES
        and timetable.psp_id is None
    ):
        raise GuardError(_("There is no PSP linked to this reduced timetable."))


def ensure_can_start(timetable: ReducedTimetable, status: RttStatus, *, today) -> None:
    """004_f815cbfe89cfcc2a.txt Appendix 1 (the checklist complete before the start date; a
    looked-after pupil's social worker authorises unless the foster carer has delegated
    authority) and "Reduced Timetables": Introduction (only through the PSP, "One exemption
    for the need of a PSP would be when a reduced timetable is required purely due to
    healthcare/medial needs"), "Process for considering a reduced timetable" ("send a copy of
    the signed reduced timetable, as part of the PSP ... upon its agreement": it starts from
    the signed PSP; advise the LA at the commencement; a copy to the Deputy Education
    Safeguarding Officer), "What constitutes a full-time education?" (fewer hours than full
    time) and "Schools must ensure ... reintegration to full-time education" (the reintegration
    plan)."""
    if timetable.state != State.PLANNED:
        raise GuardError(_("This reduced timetable has already started or has ended."))
    # The checklist's gaps include the signed PSP it starts from and, for a looked-after
    # pupil, who authorised it (selectors.checklist_missing).
    problems = list(status.checklist_missing)
    if today < timetable.start:
        problems.append(
            _("It starts on %(day)s: record the start on that day.")
            % {"day": long_date(timetable.start)}
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
            if protocol_of(timetable).local_checklist
            else _(
                "Your LA has no education safeguarding inbox in Waymark, so the LA cannot be "
                "told of the reduced timetable. Ask your LA's admin to add it under LA settings."
            )
        )
    if problems:
        raise GuardError(problems)


def ensure_director_step(timetable: ReducedTimetable) -> None:
    """The Director's authorisation beyond 12 weeks is Neath Port Talbot's (004_f815cbfe89cfcc2a
    .txt "Process for considering a reduced timetable"), not national: under the DfE's national
    expectations ("Working together to improve school attendance", 2024) there is no Director's
    step to ask for, authorise or decline."""
    if not protocol_of(timetable).director_authorisation:
        raise GuardError(
            _(
                "%(la)s follows the DfE's national expectations for reduced timetables: there "
                "is no Director's authorisation to ask for. Keep it time-limited, agreed with "
                "the parents and reviewed regularly."
            )
            % {"la": timetable.school.local_authority.name}
        )


def ensure_authorisation_needed(timetable: ReducedTimetable, *, today: datetime.date) -> None:
    """004_f815cbfe89cfcc2a.txt "Process for considering a reduced timetable": "where the duration
    of a reduced timetable extends for more than 12 weeks, this will require the authorisation of
    the Director" (the limit is an LA setting). Asking is for one that runs beyond it, under the
    004 protocol."""
    ensure_director_step(timetable)
    max_weeks = timetable.school.local_authority.reduced_timetable_max_weeks
    state = rules.rtt_authorisation(
        counted_from(timetable),
        timetable.provisional_end,
        today,
        max_weeks=max_weeks,
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
            % {"weeks": max_weeks}
        )


def ensure_can_authorise(
    timetable: ReducedTimetable, *, until: datetime.date, today: datetime.date
) -> None:
    """004_f815cbfe89cfcc2a.txt "Process for considering a reduced timetable": the Director
    authorises a reduced timetable that extends beyond 12 weeks, so the authorisation reaches past
    the limit and is not already over."""
    ensure_director_step(timetable)
    limit = rules.reduced_timetable_last_day(
        counted_from(timetable), timetable.school.local_authority.reduced_timetable_max_weeks
    )
    if until <= limit:
        raise GuardError(
            _("Authorise it until a date after %(day)s: until then it needs no authorisation.")
            % {"day": long_date(limit)}
        )
    if until < today:
        raise GuardError(_("The date it is authorised until cannot be in the past."))


def ensure_can_decline(timetable: ReducedTimetable, *, reason: str, today: datetime.date) -> None:
    """004_f815cbfe89cfcc2a.txt "Process for considering a reduced timetable": "In exceptional
    circumstances where the duration of a reduced timetable extends for more than 12 weeks,
    this will require the authorisation of the Director". The Director may refuse it, saying
    why; there is something to refuse only while it is planned (or runs) past the limit, or
    past the date already authorised, and once per request from the school."""
    ensure_director_step(timetable)
    if not reason.strip():
        raise GuardError({"reason": _("Enter why the Director declines")})
    if timetable.is_declined:
        raise GuardError(
            _(
                "The Director declined this on %(day)s. The school asks again before there is "
                "a new decision to record."
            )
            % {"day": long_date(timetable.declined_on)}
        )
    state = rules.rtt_authorisation(
        counted_from(timetable),
        timetable.provisional_end,
        today,
        max_weeks=timetable.school.local_authority.reduced_timetable_max_weeks,
        authorised_until=timetable.authorised_until,
        ended_on=timetable.ended_on,
    )
    if state in (rules.RTT_AUTH_NOT_NEEDED, rules.RTT_AUTH_AUTHORISED):
        raise GuardError(
            _(
                "It does not run beyond the limit, or beyond the date already authorised: "
                "there is nothing to decline."
            )
        )


def ensure_lac_authorisation(
    timetable: ReducedTimetable,
    *,
    authority: str,
    name: str,
    on: datetime.date | None,
    today: datetime.date,
) -> None:
    """004_f815cbfe89cfcc2a.txt Appendix 1, the consent item: "N.B if the pupil is Looked After
    and the foster carer does not have delegated authority please ensure that the Looked
    After Social Worker authorises"; Appendix 2: "Foster Carer if they have delegated
    authority for any Child Looked After (CLA), otherwise the social worker". Only for a
    looked-after pupil; who, their name and the day, which has happened."""
    if not timetable.pupil.looked_after:
        raise GuardError(
            _(
                "The pupil is not looked after: the parents' consent is recorded in the "
                "checklist instead."
            )
        )
    problems = {}
    if authority not in ReducedTimetable.LacAuthority.values:
        problems["lac_authority"] = _(
            "Choose who authorised it: the foster carer with delegated authority, or the "
            "looked-after social worker"
        )
    if not name.strip():
        problems["lac_authorised_by"] = _("Enter the name of the person who authorised it")
    if on is None:
        problems["lac_authorised_on"] = _("Enter the date they authorised it")
    elif on > today:
        problems["lac_authorised_on"] = _("The date they authorised it cannot be in the future")
    if problems:
        raise GuardError(problems)


def ensure_can_end(timetable: ReducedTimetable, *, on: datetime.date, today: datetime.date) -> None:
    """004_f815cbfe89cfcc2a.txt "Monitoring and reviewing a reduced timetable": the school and the
    LA "monitor when the pupil began and ended their reduced timetable", so the end is recorded once
    it has happened, and not before the start."""
    if on > today:
        raise GuardError(_("The date it ended cannot be in the future."))
    if timetable.state == State.STARTED and on < timetable.start:
        raise GuardError(_("It cannot end before it started."))
