"""Named guards of the Pastoral Support Programme's lifecycle. Each raises GuardError with what
to do first, in words a school's PSP lead can act on; services call them, templates never decide.

Source: 004_f815cbfe89cfcc2a.txt "The Stages of a Pastoral Support Programme" and the PSP
Initial Meeting template; the quotation each rule rests on is beside it.
"""

import datetime

from django.utils.translation import gettext as _

from cases.guards import GuardError, ensure_state
from cases.models import PastoralSupportProgramme
from reviews import rules

Stage = PastoralSupportProgramme.Stage

NEXT_STAGE = {
    Stage.DECIDING: Stage.INFORMATION_GATHERING,
    Stage.INFORMATION_GATHERING: Stage.ORGANISING,
    Stage.ORGANISING: Stage.MEETING,
}


def ensure_open(psp: PastoralSupportProgramme) -> None:
    if not psp.is_open:
        raise GuardError(_("This PSP has ceased."))


def ensure_no_other_open_psp(pupil) -> None:
    if pupil.psps.exclude(stage=Stage.CEASED).exists():
        raise GuardError(
            _("%(pupil)s already has a PSP that has not ceased: carry on with that one.")
            % {"pupil": pupil.full_name}
        )


def on_reduced_timetable(psp: PastoralSupportProgramme) -> bool:
    """A reduced timetable set up through this PSP (the reduced timetable's own record)."""
    timetables = getattr(psp, "reduced_timetables", None)
    return bool(timetables is not None and psp.pk and timetables.exists())


def needs_ewo(psp: PastoralSupportProgramme) -> bool:
    return rules.psp_needs_ewo(
        attendance_concern=psp.attendance_concern,
        attendance_percent=psp.attendance_percent,
        on_reduced_timetable=on_reduced_timetable(psp),
    )


def _blank(value) -> bool:
    return not (value or "").strip()


def missing_to_decide(psp: PastoralSupportProgramme) -> list[str]:
    """Stage one: "The needs of the child/young person should already have been assessed and a
    graduated response adopted"; "at least one developed ... IDP unless there has been a sudden
    change"; "at risk of permanent exclusion then the Wellbeing and Behaviour Service should be
    made aware"; the ALNCo "should be made aware"."""
    missing = []
    if _blank(psp.graduated_response):
        missing.append(_("Say how the child's needs were assessed and the graduated response."))
    if psp.has_aln and not psp.idp_in_place and _blank(psp.idp_sudden_change):
        missing.append(
            _(
                "The child has ALN: record the Individual Development Plan, or the sudden change "
                "in circumstances and need that means there is none yet."
            )
        )
    if psp.risk_of_permanent_exclusion and psp.wbs_informed_on is None:
        missing.append(
            _(
                "The child is at risk of permanent exclusion: record when the Wellbeing and "
                "Behaviour Service was made aware."
            )
        )
    if psp.alnco_informed_on is None:
        missing.append(_("Record when the ALNCo (SENCo) was made aware of the PSP."))
    return missing


def missing_information(psp: PastoralSupportProgramme) -> list[str]:
    """Stage two: "Before convening the PSP meeting, the co-ordinator will have to collate
    information", the five items; the EWO "must be involved when attendance is an issue or
    there is a reduced timetable"."""
    fields = (
        ("evidence_staff", _("evidence from school staff")),
        ("child_contribution", _("the child's contribution")),
        ("parent_contribution", _("the parents' or carers' contribution")),
        ("previous_interventions", _("the evidence of existing and previous interventions")),
        ("agency_support", _("the summary of current support from agencies")),
    )
    missing = [
        _("Record %(what)s.") % {"what": label}
        for name, label in fields
        if _blank(getattr(psp, name))
    ]
    missing.extend(missing_ewo(psp))
    return missing


def missing_ewo(psp: PastoralSupportProgramme) -> list[str]:
    if needs_ewo(psp) and (_blank(psp.ewo_name) or psp.ewo_involved_on is None):
        return [
            _(
                "Attendance is an issue or there is a reduced timetable: the Education Welfare "
                "Officer must be involved. Record who, and since when."
            )
        ]
    return []


def missing_organising(psp: PastoralSupportProgramme) -> list[str]:
    """Stage three: a planning meeting "with sufficient notice", "a suitable venue/room", and
    "which adult, in addition to their parent/carer, they would like to attend"."""
    missing = []
    if psp.meeting_on is None:
        missing.append(_("Set the date of the meeting."))
    if _blank(psp.venue):
        missing.append(_("Choose the venue or room."))
    if _blank(psp.invited):
        missing.append(_("Record who is invited."))
    if _blank(psp.child_chosen_adult):
        missing.append(_("Ask the child which adult they would like at the meeting."))
    return missing


def missing_for_stage(psp: PastoralSupportProgramme) -> list[str]:
    """What is still needed before the PSP moves on from its present stage."""
    if psp.stage == Stage.DECIDING:
        return missing_to_decide(psp)
    if psp.stage == Stage.INFORMATION_GATHERING:
        return missing_information(psp)
    if psp.stage == Stage.ORGANISING:
        return missing_organising(psp)
    if psp.stage == Stage.MEETING:
        return missing_to_sign(psp)
    return []


def ensure_can_advance(psp: PastoralSupportProgramme) -> None:
    if psp.stage not in NEXT_STAGE:
        raise GuardError(
            _("The PSP moves on from “%(stage)s” when it is signed or reviewed.")
            % {"stage": psp.get_stage_display()}
        )
    missing = missing_for_stage(psp)
    if missing:
        raise GuardError(missing)


def outcome_problems(outcome) -> list[str]:
    """The Outcome Sequence's eight checks and the Support Sequence, for one outcome."""
    problems = []
    unchecked = outcome.unchecked()
    if unchecked:
        problems.append(
            _("Outcome %(n)s: check it against %(count)s more question(s) of step 5: %(list)s")
            % {"n": outcome.number, "count": len(unchecked), "list": " ".join(unchecked)}
        )
    if not outcome.supports():
        problems.append(
            _("Outcome %(n)s: use the Support Sequence to say how it will be achieved.")
            % {"n": outcome.number}
        )
    return problems


def missing_to_sign(psp: PastoralSupportProgramme, outcomes=None, agreements=None) -> list[str]:
    """The PSP Initial Meeting form, complete: "Developing personal, specific and measurable
    outcomes are essential"; parents "should agree and sign the final PSP"."""
    outcomes = list(psp.outcomes.all()) if outcomes is None else outcomes
    agreements = list(psp.agreements.all()) if agreements is None else agreements
    missing = []
    for name, label in (
        ("attendees", _("who attended the meeting")),
        ("reason", _("the reason for the PSP")),
        ("previous_strategies", _("the previous strategies and interventions")),
        ("what_is_working", _("what is working")),
        ("school_agrees", _("what the school agrees to")),
    ):
        if _blank(getattr(psp, name)):
            missing.append(_("Record %(what)s.") % {"what": label})
    if psp.meeting_on is None:
        missing.append(_("Record the date of the meeting."))
    if not outcomes:
        missing.append(_("Write at least one outcome: the positive change to achieve."))
    for outcome in outcomes:
        missing.extend(outcome_problems(outcome))
    if not any(a.party == a.Party.PARENT for a in agreements):
        missing.append(_("Record what the parent or carer (by name) agrees to."))
    missing.extend(missing_ewo(psp))
    return missing


def ensure_can_sign(
    psp: PastoralSupportProgramme,
    *,
    signed_school_on: datetime.date | None,
    signed_parent_on: datetime.date | None,
    first_review_on: datetime.date | None,
    max_weeks: int,
    today: datetime.date,
) -> None:
    ensure_state(psp, Stage.MEETING)
    problems = missing_to_sign(psp)
    if signed_school_on is None:
        problems.append(_("Record when the school signed the PSP."))
    if signed_parent_on is None:
        problems.append(_("Record when the parent or carer signed the PSP."))
    for day in (signed_school_on, signed_parent_on):
        if day and psp.meeting_on and day < psp.meeting_on:
            problems.append(_("The PSP is signed at or after the meeting, not before it."))
            break
    if any(day and day > today for day in (signed_school_on, signed_parent_on)):
        problems.append(_("A signature's date cannot be in the future."))
    if first_review_on is None:
        problems.append(_("Set the review date."))
    elif psp.meeting_on:
        problem = rules.psp_review_date_problem(psp.meeting_on, first_review_on, max_weeks)
        if problem:
            problems.append(review_date_message(problem, max_weeks))
    if problems:
        raise GuardError(problems)


def review_date_message(problem: str, max_weeks: int) -> str:
    if problem == "early":
        return _("The review date must be after the meeting it follows.")
    return _(
        "Reviews are at least every %(weeks)s weeks (your LA's policy): choose a review date "
        "no more than %(weeks)s weeks after the meeting it follows."
    ) % {"weeks": max_weeks}


def ensure_can_review(psp: PastoralSupportProgramme, *, held_on: datetime.date, today) -> None:
    """Stage five. A review follows the agreement and the review before it, and is not in the
    future."""
    ensure_state(psp, Stage.REVIEW)
    last = psp.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    after = max(d for d in (psp.agreed_on, last) if d)
    if held_on < after:
        raise GuardError(
            _("A review is after the agreement and the last review (%(day)s).")
            % {"day": f"{after:%-d %B %Y}"}
        )
    if held_on > today:
        raise GuardError(_("Record a review once it has been held."))


def ensure_can_check_in(psp: PastoralSupportProgramme, *, held_on: datetime.date, today) -> None:
    ensure_state(psp, Stage.REVIEW)
    if held_on > today:
        raise GuardError(_("Record a check-in once it has happened."))
    if psp.agreed_on and held_on < psp.agreed_on:
        raise GuardError(_("Weekly check-ins start once the PSP is agreed."))


def ensure_can_send_copy(psp: PastoralSupportProgramme, review=None) -> None:
    """004: "Send a copy of the signed PSP to the Local Authority upon its agreement"; "A copy
    of the review should be sent to the Local Authority"."""
    if psp.agreed_on is None:
        raise GuardError(_("The copy goes to the LA once the PSP is signed."))
    if review is not None and review.psp_id != psp.pk:
        raise GuardError(_("That review is not part of this PSP."))
