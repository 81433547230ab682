"""The Pastoral Support Programme's lifecycle: one service per step, each guarded, atomic and
recorded in the history; deadlines are recomputed after every change and nightly.

deciding → information gathering → organising the meeting → the meeting (the Initial Meeting
form, signed) → review and monitoring (reviews, weekly check-ins, copies to the LA) → ceased.
Source: 004_f815cbfe89cfcc2a.txt "The Stages of a Pastoral Support Programme".
"""

import datetime
import logging
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from cases.guards import GuardError, ensure_state
from cases.models import (
    PastoralSupportProgramme,
    PspAgreement,
    PspCheckIn,
    PspMonitoring,
    PspOutcome,
    PspProgress,
    PspReview,
    Pupil,
)
from cases.psp import documents as psp_documents
from cases.psp import guards
from documents import outbox
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_sync
from tenancy.models import User

logger = logging.getLogger(__name__)
Stage = PastoralSupportProgramme.Stage

_PERCENT = re.compile(r"(\d{1,3}(?:\.\d)?)\s*%")


def _save(obj, by: User, fields=None) -> None:
    obj._history_user = by
    obj.full_clean()
    obj.save(update_fields=fields)


def refresh_deadlines_on_commit(psp_id: int) -> None:
    """Recompute the PSP's deadlines once the change is committed (never on rollback)."""

    def refresh() -> None:
        psp = PastoralSupportProgramme.objects.select_related("school__local_authority").get(
            pk=psp_id
        )
        psp_refresh_deadlines(psp=psp)

    transaction.on_commit(refresh)


# Child details from the Pupil Passport ---------------------------------------------------


def child_details(pupil: Pupil) -> dict:
    """The Initial Meeting form's child details, from what the Pupil Passport records.

    Only the flags everyone who sees the pupil sees: SEND detail (PupilSend) is need-to-know,
    so the school IDP is left for the school to answer. Exclusions in Wales include fixed-term
    ones (England's suspensions): the count is both, the days are the suspensions' days.
    """
    premium = (pupil.pupil_premium_type or "").lower()
    needs = []
    if pupil.has_ehcp:
        needs.append(_("EHCP / LA IDP"))
    if pupil.undergoing_ehcna:
        needs.append(_("undergoing statutory assessment"))
    if pupil.send_support:
        needs.append(_("SEND Support / ALN"))
    percent = None
    found = _PERCENT.findall(pupil.attendance_details or "")
    if len(found) == 1:
        try:
            value = Decimal(found[0])
        except InvalidOperation:
            value = None
        percent = value if value is not None and value <= 100 else None
    suspensions = pupil.suspensions.aggregate(days=Sum("days"))["days"]
    return {
        "upn": pupil.upn,
        "fsm": "yes" if "free school meals" in premium else "",
        "cla": "yes" if pupil.looked_after else "no",
        "la_idp": "yes" if pupil.has_ehcp else "",
        "aln_need": "; ".join(str(n) for n in needs),
        "attendance_percent": percent,
        "exclusions_count": pupil.exclusions.count() + pupil.suspensions.count(),
        "days_excluded": suspensions or Decimal("0"),
        "has_aln": bool(pupil.has_ehcp or pupil.send_support or pupil.undergoing_ehcna),
        "idp_in_place": bool(pupil.has_ehcp),
        "attendance_concern": pupil.attendance_issues == "yes",
    }


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
def psp_update(*, psp: PastoralSupportProgramme, form, by: User) -> PastoralSupportProgramme:
    """Save one stage's page. The stages before the meeting stay editable until the PSP is
    signed; after that the plan changes through its reviews (004: "Adapt or amend the PSP")."""
    guards.ensure_open(psp)
    if psp.agreed_on is not None:
        raise GuardError(
            _("The PSP is signed. Change it through a review (adapt or amend), or its outcomes.")
        )
    form.save(commit=False)
    if form.has_changed():
        _save(psp, by, list(form.changed_data))
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
def outcome_save(*, psp: PastoralSupportProgramme, form, by: User) -> PspOutcome:
    """Write or change an outcome with the Outcome Sequence and the Support Sequence. New
    outcomes are written at the meeting; once signed, between reviews too (004: "the
    co-ordinator will need to contact parents ... if the plan needs amending")."""
    ensure_state(psp, Stage.MEETING, Stage.REVIEW)
    outcome = form.save(commit=False)
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
def agreement_add(*, psp: PastoralSupportProgramme, form, by: User) -> PspAgreement:
    ensure_state(psp, Stage.MEETING)
    agreement = form.save(commit=False)
    agreement.psp = psp
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


def _save_progress(*, psp, ratings: dict, by: User, check_in=None, review=None) -> None:
    """ratings: outcome pk → (rating, note), for the PSP's own outcomes only."""
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
    *, psp: PastoralSupportProgramme, form, ratings: dict, by: User, today: datetime.date
) -> PspReview:
    """A review (004 Stage Five) with its outcome: continue, adapt or amend, cease as achieved,
    or next steps with the professionals. Ceasing ends the PSP; every other outcome sets the
    next review, at most the LA's review interval away."""
    psp = PastoralSupportProgramme.objects.select_for_update().get(pk=psp.pk)
    review = form.save(commit=False)
    guards.ensure_can_review(psp, held_on=review.held_on, today=today)
    max_weeks = psp.school.local_authority.psp_review_weeks
    if review.outcome == PspReview.Outcome.CEASE:
        review.next_review_on = None
    elif review.next_review_on is not None:
        problem = rules.psp_review_date_problem(review.held_on, review.next_review_on, max_weeks)
        if problem:
            raise GuardError(guards.review_date_message(problem, max_weeks))
    review.psp = psp
    review.recorded_by = by
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
    *, psp: PastoralSupportProgramme, form, ratings: dict, by: User, today: datetime.date
) -> PspCheckIn:
    """The key adult's weekly, solution-focused check-in (004: "the chance to identify what is
    working and what is not working"), with progress towards each outcome."""
    check_in = form.save(commit=False)
    guards.ensure_can_check_in(psp, held_on=check_in.held_on, today=today)
    check_in.psp = psp
    check_in.recorded_by = by
    _save(check_in, by)
    _save_progress(psp=psp, ratings=ratings, by=by, check_in=check_in)
    refresh_deadlines_on_commit(psp.pk)
    return check_in


@transaction.atomic
def psp_record_monitoring(
    *, psp: PastoralSupportProgramme, form, by: User, today: datetime.date
) -> PspMonitoring:
    """The LA's PSP Monitoring Group considered this PSP (004: it meets termly)."""
    if psp.agreed_on is None:
        raise GuardError(_("The monitoring group considers PSPs once they are signed."))
    monitoring = form.save(commit=False)
    if monitoring.considered_on > today:
        raise GuardError(_("Record the group's meeting once it has met."))
    monitoring.psp = psp
    monitoring.recorded_by = by
    _save(monitoring, by)
    return monitoring


# Copies to the LA ------------------------------------------------------------------------


def psp_send_copy(
    *, psp: PastoralSupportProgramme, review: PspReview | None = None, by: User, today
):
    """Send the signed PSP (its Initial Meeting form) or a review's record to the LA's PSP
    address through the outbox, with the PDF.

    004: "Send a copy of the signed PSP to the Local Authority upon its agreement to
    psp@npt.gov.uk"; "A copy of the review should be sent to the Local Authority". The address
    is the LA's policy value (LocalAuthority.psp_email). Raises GuardError (no address: nothing
    is stored or sent) or DocumentRenderError (no PDF); both carry a message for people.
    """

    guards.ensure_can_send_copy(psp, review)
    la = psp.school.local_authority
    if not (la.psp_email or "").strip():
        raise GuardError(
            _(
                "%(la)s has no PSP copies inbox in Waymark, so the copy cannot be sent. Ask your "
                "LA's admin to add it under Policy settings, then send it again from this page."
            )
            % {"la": la.name}
        )
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
        ) % {"pupil": pupil.full_name, "day": f"{psp.agreed_on:%-d %B %Y}"}
    else:
        subject = _("PSP review: %(pupil)s, %(school)s, %(day)s") % {
            "pupil": pupil.full_name,
            "school": psp.school.name,
            "day": f"{review.held_on:%-d %B %Y}",
        }
        body = _(
            "Please find attached the record of the review of %(pupil)s's Pastoral Support "
            "Programme held on %(day)s. Outcome: %(outcome)s."
        ) % {
            "pupil": pupil.full_name,
            "day": f"{review.held_on:%-d %B %Y}",
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


# Deadlines -------------------------------------------------------------------------------


def psp_wanted(psp: PastoralSupportProgramme, today: datetime.date) -> dict[str, tuple]:
    """key → (kind, due, met_on): every review (held and the next), and the weekly check-in
    (the period just met and the one running now), from reviews.rules."""

    wanted: dict[str, tuple] = {}
    if psp.agreed_on is None:
        return wanted
    la = psp.school.local_authority
    reviews = list(psp.reviews.order_by("held_on", "pk"))
    dues = rules.psp_review_deadlines(
        psp.agreed_on,
        psp.first_review_on,
        [(r.held_on, r.next_review_on) for r in reviews],
        max_weeks=la.psp_review_weeks,
    )
    for number, due in enumerate(dues, start=1):
        held = reviews[number - 1].held_on if number <= len(reviews) else None
        wanted[f"review:{number}"] = (Deadline.Kind.PSP_REVIEW, due, held)
    if psp.stage != Stage.REVIEW:
        return wanted
    cal = calendar_for_school(psp.school)
    latest = list(psp.check_ins.order_by("-held_on").values_list("held_on", flat=True)[:2])
    anchors = [psp.agreed_on, *reversed(latest)][-2:]
    if latest:
        wanted[f"check-in:{anchors[0].isoformat()}"] = (
            Deadline.Kind.PSP_CHECK_IN,
            rules.psp_check_in_due(psp.agreed_on, anchors[0], cal),
            anchors[1],
        )
    wanted[f"check-in:{anchors[-1].isoformat()}"] = (
        Deadline.Kind.PSP_CHECK_IN,
        rules.psp_check_in_due(psp.agreed_on, anchors[-1], cal),
        None,
    )
    return wanted


def psp_refresh_deadlines(
    *, psp: PastoralSupportProgramme, today: datetime.date | None = None
) -> None:
    from django.utils import timezone

    today = today or timezone.localdate()
    deadlines_sync(
        case=psp,
        wanted=psp_wanted(psp, today),
        responsible_id=psp.school_lead_id,
        pupil_id=psp.pupil_id,
        school_id=psp.school_id,
        today=today,
    )


def psp_refresh_all(*, today: datetime.date) -> int:
    """Nightly: every PSP that is agreed and open (the states that have deadlines)."""
    count = 0
    for psp in (
        PastoralSupportProgramme.objects.filter(stage=Stage.REVIEW)
        .select_related("school__local_authority")
        .iterator()
    ):
        psp_refresh_deadlines(psp=psp, today=today)
        count += 1
    return count
