"""The Pastoral Support Programme's lifecycle: one service per step, each guarded, atomic and
recorded in the history; deadlines are recomputed after every change (cases.psp.deadlines).

deciding → information gathering → organising the meeting → the meeting (the Initial Meeting
form, signed) → review and monitoring (reviews, weekly check-ins, copies to the LA) → ceased.
Source: 004_f815cbfe89cfcc2a.txt "The Stages of a Pastoral Support Programme".

Services take values, never a form: a view validates its form and passes what it cleaned.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.changes import apply_changes
from cases.guards import ensure_school_day, ensure_state
from cases.psp import documents as psp_documents
from cases.psp import guards
from cases.psp.deadlines import refresh_deadlines_on_commit
from cases.psp.models import (
    PastoralSupportProgramme,
    PspAgreement,
    PspCheckIn,
    PspMonitoring,
    PspOutcome,
    PspProgress,
    PspReview,
)
from cases.psp.selectors import child_details
from cases.pupils.models import Pupil
from documents import outbox
from documents.models import Letter
from tenancy.models import User
from ui.formats import long_date

Stage = PastoralSupportProgramme.Stage

# outcome pk → (rating, note): the progress towards each outcome seen at a check-in or review.
Ratings = dict[int, tuple[str, str]]


def _save(obj, by: User, fields=None) -> None:
    obj._history_user = by
    obj.full_clean()
    obj.save(update_fields=fields)


# Opening and the first three stages ------------------------------------------------------


@transaction.atomic
def psp_open(*, pupil: Pupil, school_lead: User, by: User) -> PastoralSupportProgramme:
    """Stage one begins: the school decides whether a PSP is needed (004: "The school has the
    primary responsibility for identifying when a PSP is needed")."""
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    guards.ensure_no_other_open_psp(pupil)
    psp = PastoralSupportProgramme(
        pupil=pupil, school=pupil.school, school_lead=school_lead, **child_details(pupil)
    )
    _save(psp, by)
    refresh_deadlines_on_commit(psp.pk)
    return psp


@transaction.atomic
def psp_update(
    *, psp: PastoralSupportProgramme, changes: dict[str, object], by: User
) -> PastoralSupportProgramme:
    """Change fields of the stages (`changes`: field name → new value, only those that
    change). The stages before the meeting stay editable until the PSP is signed; after that
    the plan changes through its reviews (004: "Adapt or amend the PSP")."""
    guards.ensure_plan_editable(psp)
    if changes:
        apply_changes(psp, changes)
        _save(psp, by, list(changes))
        refresh_deadlines_on_commit(psp.pk)
    return psp


@transaction.atomic
def psp_advance(*, psp: PastoralSupportProgramme, by: User) -> PastoralSupportProgramme:
    """Move on to the next stage once the present one is complete (stages one to three)."""
    psp = PastoralSupportProgramme.objects.select_for_update().get(pk=psp.pk)
    guards.ensure_can_advance(psp)
    psp.stage = guards.NEXT_STAGE[psp.stage]
    _save(psp, by, ["stage"])
    refresh_deadlines_on_commit(psp.pk)
    return psp


# Outcomes and agreements -----------------------------------------------------------------


@transaction.atomic
def outcome_save(
    *,
    psp: PastoralSupportProgramme,
    outcome: PspOutcome | None = None,
    changes: dict[str, object],
    by: User,
) -> PspOutcome:
    """Write a new outcome (`outcome` None) or change one, with the Outcome Sequence and the
    Support Sequence (`changes`: field name → value). New outcomes are written at the meeting;
    once signed, between reviews too (004: "the co-ordinator will need to contact parents ...
    if the plan needs amending")."""
    ensure_state(psp, Stage.MEETING, Stage.REVIEW)
    outcome = outcome or PspOutcome()
    apply_changes(outcome, changes)
    outcome.psp = psp
    if outcome.number is None:
        PastoralSupportProgramme.objects.select_for_update().filter(pk=psp.pk).first()
        last = psp.outcomes.order_by("-number").values_list("number", flat=True).first()
        outcome.number = (last or 0) + 1
    _save(outcome, by)
    return outcome


@transaction.atomic
def outcome_remove(*, outcome: PspOutcome, by: User) -> None:
    """Only before the PSP is signed: afterwards an outcome has a history of progress."""
    ensure_state(outcome.psp, Stage.MEETING)
    outcome._history_user = by
    outcome.delete()


@transaction.atomic
def agreement_add(
    *,
    psp: PastoralSupportProgramme,
    party: str,
    name: str,
    agency: str = "",
    agrees_to: str,
    by: User,
) -> PspAgreement:
    """What a parent or carer (by name) or another professional (name and agency) agrees to, on
    the Initial Meeting form."""
    ensure_state(psp, Stage.MEETING)
    agreement = PspAgreement(psp=psp, party=party, name=name, agency=agency, agrees_to=agrees_to)
    _save(agreement, by)
    return agreement


@transaction.atomic
def agreement_remove(*, agreement: PspAgreement, by: User) -> None:
    ensure_state(agreement.psp, Stage.MEETING)
    agreement._history_user = by
    agreement.delete()


# Signing, reviews, check-ins -------------------------------------------------------------


@transaction.atomic
def psp_sign(
    *,
    psp: PastoralSupportProgramme,
    signed_child_on: datetime.date | None,
    signed_school_by: str,
    signed_school_on: datetime.date | None,
    signed_parent_name: str,
    signed_parent_on: datetime.date | None,
    first_review_on: datetime.date | None,
    by: User,
    today: datetime.date,
) -> PastoralSupportProgramme:
    """The PSP is agreed and signed: stage five begins, the reviews and check-ins fall due.

    004: "Where possible the PSP should be signed and copies shared at the end of the meeting";
    it is agreed on the day the last of the school and the parent signed. The copy to the LA is
    sent afterwards (psp_send_copy), so a missing LA address never undoes the signing.
    """
    psp = PastoralSupportProgramme.objects.select_for_update().get(pk=psp.pk)
    la = psp.school.local_authority
    guards.ensure_can_sign(
        psp,
        signed_school_on=signed_school_on,
        signed_parent_on=signed_parent_on,
        first_review_on=first_review_on,
        max_weeks=la.psp_review_weeks,
        today=today,
    )
    psp.signed_child_on = signed_child_on
    psp.signed_school_by = signed_school_by
    psp.signed_school_on = signed_school_on
    psp.signed_parent_name = signed_parent_name
    psp.signed_parent_on = signed_parent_on
    psp.first_review_on = first_review_on
    psp.agreed_on = max(signed_school_on, signed_parent_on)
    psp.stage = Stage.REVIEW
    _save(psp, by)
    refresh_deadlines_on_commit(psp.pk)
    return psp


def _save_progress(*, psp, ratings: Ratings, by: User, check_in=None, review=None) -> None:
    """The progress for the PSP's own outcomes only; other outcomes' ratings are ignored."""
    outcomes = {o.pk: o for o in psp.outcomes.all()}
    for outcome_id, (rating, note) in ratings.items():
        if outcome_id not in outcomes or not rating:
            continue
        row = PspProgress(
            outcome=outcomes[outcome_id], check_in=check_in, review=review, rating=rating, note=note
        )
        _save(row, by)


@transaction.atomic
def psp_record_review(
    *,
    psp: PastoralSupportProgramme,
    held_on: datetime.date,
    attendees: str,
    working: str,
    not_working: str = "",
    child_views: str = "",
    parents_views: str = "",
    outcome: str,
    changes: str = "",
    next_steps: str = "",
    next_review_on: datetime.date | None,
    ratings: Ratings,
    by: User,
    today: datetime.date,
) -> PspReview:
    """A review (004 Stage Five) with its outcome: continue, adapt or amend (`changes` says
    how), cease as achieved, or next steps with the professionals. Ceasing ends the PSP; every
    other outcome sets the next review, at most the LA's review interval away."""
    psp = PastoralSupportProgramme.objects.select_for_update().get(pk=psp.pk)
    ensure_school_day(psp.school, held_on, field="held_on")
    guards.ensure_can_review(psp, held_on=held_on, today=today)
    guards.ensure_next_review_in_time(
        held_on=held_on,
        outcome=outcome,
        next_review_on=next_review_on,
        max_weeks=psp.school.local_authority.psp_review_weeks,
    )
    review = PspReview(
        psp=psp,
        held_on=held_on,
        attendees=attendees,
        working=working,
        not_working=not_working,
        child_views=child_views,
        parents_views=parents_views,
        outcome=outcome,
        changes=changes,
        next_steps=next_steps,
        next_review_on=None if outcome == PspReview.Outcome.CEASE else next_review_on,
        recorded_by=by,
    )
    _save(review, by)
    _save_progress(psp=psp, ratings=ratings, by=by, review=review)
    if review.outcome == PspReview.Outcome.CEASE:
        psp.stage = Stage.CEASED
        psp.ceased_on = review.held_on
        _save(psp, by, ["stage", "ceased_on"])
    refresh_deadlines_on_commit(psp.pk)
    return review


@transaction.atomic
def psp_record_check_in(
    *,
    psp: PastoralSupportProgramme,
    held_on: datetime.date,
    working: str,
    not_working: str = "",
    next_step: str = "",
    ratings: Ratings,
    by: User,
    today: datetime.date,
) -> PspCheckIn:
    """The key adult's weekly, solution-focused check-in (004: "the chance to identify what is
    working and what is not working"), with progress towards each outcome."""
    guards.ensure_can_check_in(psp, held_on=held_on, today=today)
    check_in = PspCheckIn(
        psp=psp,
        held_on=held_on,
        working=working,
        not_working=not_working,
        next_step=next_step,
        recorded_by=by,
    )
    _save(check_in, by)
    _save_progress(psp=psp, ratings=ratings, by=by, check_in=check_in)
    refresh_deadlines_on_commit(psp.pk)
    return check_in


@transaction.atomic
def psp_record_monitoring(
    *,
    psp: PastoralSupportProgramme,
    considered_on: datetime.date,
    notes: str = "",
    by: User,
    today: datetime.date,
) -> PspMonitoring:
    """The LA's PSP Monitoring Group considered this PSP (004: it meets termly)."""
    guards.ensure_can_record_monitoring(psp, considered_on=considered_on, today=today)
    monitoring = PspMonitoring(psp=psp, considered_on=considered_on, notes=notes, recorded_by=by)
    _save(monitoring, by)
    return monitoring


# Copies to the LA ------------------------------------------------------------------------


def psp_send_copy(
    *,
    psp: PastoralSupportProgramme,
    review: PspReview | None = None,
    by: User,
    today: datetime.date,
) -> Letter:
    """Send the signed PSP (its Initial Meeting form) or a review's record to the LA's PSP
    address through the outbox, with the PDF.

    004: "Send a copy of the signed PSP to the Local Authority upon its agreement to
    psp@npt.gov.uk"; "A copy of the review should be sent to the Local Authority". The address
    is the LA's policy value (LocalAuthority.psp_email). Raises GuardError (no address: nothing
    is stored or sent) or DocumentRenderError (no PDF); both carry a message for people.
    """
    guards.ensure_can_send_copy(psp, review)
    la = psp.school.local_authority
    guards.ensure_la_has_psp_inbox(la)
    document = psp_documents.generate(psp, review=review, by=by, today=today)
    pupil = psp.pupil
    if review is None:
        subject = _("Signed PSP: %(pupil)s, %(school)s") % {
            "pupil": pupil.full_name,
            "school": psp.school.name,
        }
        body = _(
            "Please find attached the signed Pastoral Support Programme of %(pupil)s, agreed on "
            "%(day)s, for the LA's PSP Monitoring Group."
        ) % {"pupil": pupil.full_name, "day": long_date(psp.agreed_on)}
    else:
        subject = _("PSP review: %(pupil)s, %(school)s, %(day)s") % {
            "pupil": pupil.full_name,
            "school": psp.school.name,
            "day": long_date(review.held_on),
        }
        body = _(
            "Please find attached the record of the review of %(pupil)s's Pastoral Support "
            "Programme held on %(day)s. Outcome: %(outcome)s."
        ) % {
            "pupil": pupil.full_name,
            "day": long_date(review.held_on),
            "outcome": review.get_outcome_display(),
        }
    return outbox.letter_send_to_inbox(
        pupil=pupil,
        document=document,
        subject=subject,
        body=body,
        to_name=_("%(la)s PSP Monitoring Group") % {"la": la.name},
        to_email=la.psp_email,
        by=by,
    )
