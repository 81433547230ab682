"""Named guards of the Pastoral Support Programme's lifecycle. Each raises GuardError with what
to do first, in words a school's PSP lead can act on (or lists it, for the page to show);
services call them, templates never decide.

Source: 004_f815cbfe89cfcc2a.txt "The Stages of a Pastoral Support Programme" and the PSP
Initial Meeting template; the quotation each rule rests on is in its docstring.
"""

import datetime

from django.utils.translation import gettext as _

from cases.guards import GuardError, ensure_state
from cases.psp.models.outcomes import PspOutcome
from cases.psp.models.programme import PastoralSupportProgramme
from cases.psp.models.reviews import PspReview
from cases.psp.selectors import last_review_on, on_reduced_timetable
from reviews import rules
from tenancy.models import LocalAuthority
from ui.formats import long_date

Stage = PastoralSupportProgramme.Stage

# Stages one to three move on by themselves once complete; the meeting by signing.
NEXT_STAGE = {
    Stage.DECIDING: Stage.INFORMATION_GATHERING,
    Stage.INFORMATION_GATHERING: Stage.ORGANISING,
    Stage.ORGANISING: Stage.MEETING,
}


def _blank(value) -> bool:
    return not (value or "").strip()


def ensure_open(psp: PastoralSupportProgramme) -> None:
    """Nothing changes once the PSP has ceased. Source: 004_f815cbfe89cfcc2a.txt "The Stages of
    a Pastoral Support Programme", Stage Five: a review may "cease the PSP"."""
    if not psp.is_open:
        raise GuardError(_("This PSP has ceased."))


def ensure_no_other_open_psp(pupil) -> None:
    """One PSP at a time for a child. Source: 004_f815cbfe89cfcc2a.txt "Pastoral Support
    Programmes (PSPs)": a PSP is "a time-limited school-based intervention" for the child."""
    if pupil.psps.exclude(stage=Stage.CEASED).exists():
        raise GuardError(
            _("%(pupil)s already has a PSP that has not ceased: carry on with that one.")
            % {"pupil": pupil.full_name}
        )


def ensure_plan_editable(psp: PastoralSupportProgramme) -> None:
    """The stages before the meeting stay editable until the PSP is signed; after that the plan
    changes through its reviews. Source: 004_f815cbfe89cfcc2a.txt Stage Five: "Adapt or amend
    the PSP to meet need"."""
    ensure_open(psp)
    if psp.agreed_on is not None:
        raise GuardError(
            _("The PSP is signed. Change it through a review (adapt or amend), or its outcomes.")
        )


def needs_ewo(psp: PastoralSupportProgramme) -> bool:
    """Source: 004_f815cbfe89cfcc2a.txt Stage Two: "The Education Welfare Officer (EWO) must be
    involved when attendance is an issue or there is a reduced timetable"."""
    return rules.psp_needs_ewo(
        attendance_concern=psp.attendance_concern,
        attendance_percent=psp.attendance_percent,
        on_reduced_timetable=on_reduced_timetable(psp),
    )


def missing_to_decide(psp: PastoralSupportProgramme) -> list[str]:
    """Source: 004_f815cbfe89cfcc2a.txt Stage One: "The needs of the child/young person should
    already have been assessed and a graduated response adopted"; "at least one developed ...
    IDP unless there has been a sudden change"; "at risk of permanent exclusion then the
    Wellbeing and Behaviour Service should be made aware"; the ALNCo "should be made aware".
    In the words of the school's nation; the service only where the LA names one (its setting).
    """
    law, service = psp.law, psp.behaviour_service
    missing = []
    if _blank(psp.graduated_response):
        missing.append(_("Say how the child's needs were assessed and the graduated response."))
    if psp.has_aln and not psp.idp_in_place and _blank(psp.idp_sudden_change):
        missing.append(
            _(
                "The child has %(needs)s: record %(plan)s, or the sudden change in "
                "circumstances and need that means there is none yet."
            )
            % {"needs": law.needs, "plan": law.any_plan_long}
        )
    if service and psp.risk_of_permanent_exclusion and psp.wbs_informed_on is None:
        missing.append(
            _(
                "The child is at risk of permanent exclusion: record when the %(service)s was "
                "made aware."
            )
            % {"service": service}
        )
    if psp.alnco_informed_on is None:
        missing.append(
            _("Record when the %(lead)s was made aware of the PSP.") % {"lead": law.needs_lead}
        )
    return missing


def missing_information(psp: PastoralSupportProgramme) -> list[str]:
    """Source: 004_f815cbfe89cfcc2a.txt Stage Two: "Before convening the PSP meeting, the
    co-ordinator will have to collate information", the five items, and the EWO where needed
    (missing_ewo)."""
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
    """Source: 004_f815cbfe89cfcc2a.txt Stage Two: the EWO "must be involved when attendance is
    an issue or there is a reduced timetable"."""
    if needs_ewo(psp) and (_blank(psp.ewo_name) or psp.ewo_involved_on is None):
        return [
            _(
                "Attendance is an issue or there is a reduced timetable: the Education Welfare "
                "Officer must be involved. Record who, and since when."
            )
        ]
    return []


def missing_organising(psp: PastoralSupportProgramme) -> list[str]:
    """Source: 004_f815cbfe89cfcc2a.txt Stage Three: a planning meeting "with sufficient
    notice", "a suitable venue/room", and "which adult, in addition to their parent/carer, they
    would like to attend"."""
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
    """What is still needed before the PSP moves on from its present stage. Source:
    004_f815cbfe89cfcc2a.txt "The Stages of a Pastoral Support Programme"."""
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
    """Stages one to three move on once complete; the meeting moves on when the PSP is signed,
    the review stage through its reviews. Source: 004_f815cbfe89cfcc2a.txt "The Stages of a
    Pastoral Support Programme"."""
    if psp.stage not in NEXT_STAGE:
        raise GuardError(
            _("The PSP moves on from “%(stage)s” when it is signed or reviewed.")
            % {"stage": psp.get_stage_display()}
        )
    missing = missing_for_stage(psp)
    if missing:
        raise GuardError(missing)


def outcome_problems(outcome: PspOutcome) -> list[str]:
    """The Outcome Sequence's eight checks and the Support Sequence, for one outcome. Source:
    004_f815cbfe89cfcc2a.txt "Outcome and Support Sequence" workbook, step 5 "Now check it" and
    the Support Sequence."""
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
    """The PSP Initial Meeting form, complete. Source: 004_f815cbfe89cfcc2a.txt Stage Four:
    "Developing personal, specific and measurable outcomes are essential"; parents "should agree
    and sign the final PSP"."""
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
    """Source: 004_f815cbfe89cfcc2a.txt Stage Four: "Where possible the PSP should be signed and
    copies shared at the end of the meeting"; the Initial Meeting template's signatures and
    "Review Date"; Stage Five: reviews "at least every six weeks" (the LA's policy value)."""
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
    """The words for reviews.rules.psp_review_date_problem's answer. Source:
    004_f815cbfe89cfcc2a.txt Stage Five: "All PSPs should be reviewed every six weeks"."""
    if problem == "early":
        return _("The review date must be after the meeting it follows.")
    return _(
        "Reviews are at least every %(weeks)s weeks (your LA's policy): choose a review date "
        "no more than %(weeks)s weeks after the meeting it follows."
    ) % {"weeks": max_weeks}


def ensure_can_review(psp: PastoralSupportProgramme, *, held_on: datetime.date, today) -> None:
    """A review follows the agreement and the review before it, and is not in the future.
    Source: 004_f815cbfe89cfcc2a.txt Stage Five "Review and Monitoring"."""
    ensure_state(psp, Stage.REVIEW)
    after = max(d for d in (psp.agreed_on, last_review_on(psp)) if d)
    if held_on < after:
        raise GuardError(
            _("A review is after the agreement and the last review (%(day)s).")
            % {"day": long_date(after)}
        )
    if held_on > today:
        raise GuardError(_("Record a review once it has been held."))


def ensure_next_review_in_time(
    *, held_on: datetime.date, outcome: str, next_review_on: datetime.date | None, max_weeks: int
) -> None:
    """Every outcome but ceasing sets the next review, at most the LA's review interval away.
    Source: 004_f815cbfe89cfcc2a.txt Stage Five: "All PSPs should be reviewed every six weeks"."""
    if outcome == PspReview.Outcome.CEASE or next_review_on is None:
        return
    problem = rules.psp_review_date_problem(held_on, next_review_on, max_weeks)
    if problem:
        raise GuardError(review_date_message(problem, max_weeks))


def ensure_can_check_in(psp: PastoralSupportProgramme, *, held_on: datetime.date, today) -> None:
    """Weekly check-ins run while the agreed PSP is reviewed. Source: 004_f815cbfe89cfcc2a.txt
    Stage Five: "a member of staff with whom the child has a good relationship" meets them
    "weekly to review progress"."""
    ensure_state(psp, Stage.REVIEW)
    if held_on > today:
        raise GuardError(_("Record a check-in once it has happened."))
    if psp.agreed_on and held_on < psp.agreed_on:
        raise GuardError(_("Weekly check-ins start once the PSP is agreed."))


def ensure_can_record_monitoring(
    psp: PastoralSupportProgramme, *, considered_on: datetime.date, today: datetime.date
) -> None:
    """The LA's PSP Monitoring Group considers signed PSPs, once it has met. Source:
    004_f815cbfe89cfcc2a.txt "PSP Monitoring Group", which "meets termly"."""
    if psp.agreed_on is None:
        raise GuardError(_("The monitoring group considers PSPs once they are signed."))
    if considered_on > today:
        raise GuardError(_("Record the group's meeting once it has met."))


def ensure_can_send_copy(psp: PastoralSupportProgramme, review: PspReview | None = None) -> None:
    """Source: 004_f815cbfe89cfcc2a.txt: "Send a copy of the signed PSP to the Local Authority
    upon its agreement"; "A copy of the review should be sent to the Local Authority"."""
    if psp.agreed_on is None:
        raise GuardError(_("The copy goes to the LA once the PSP is signed."))
    if review is not None and review.psp_id != psp.pk:
        raise GuardError(_("That review is not part of this PSP."))


def ensure_la_has_psp_inbox(la: LocalAuthority) -> None:
    """The copies go to the LA's PSP address, its policy value (LocalAuthority.psp_email).
    Source: 004_f815cbfe89cfcc2a.txt: "Send a copy of the signed PSP to the Local Authority
    upon its agreement to psp@npt.gov.uk"."""
    if not (la.psp_email or "").strip():
        raise GuardError(
            _(
                "%(la)s has no PSP copies inbox in Waymark, so the copy cannot be sent. Ask your "
                "LA's admin to add it under Policy settings, then send it again from this page."
            )
            % {"la": la.name}
        )
