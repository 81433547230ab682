"""The page of a Pastoral Support Programme: its stages as summary cards, the outcomes and
agreements, signatures, reviews, check-ins, deadlines, forms and the copies sent to the LA.

Source: 004_f815cbfe89cfcc2a.txt "The Stages of a Pastoral Support Programme".
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import access
from cases.psp import guards as psp_guards
from cases.psp.models import PastoralSupportProgramme, PspAgreement
from cases.psp.views import STAGE_PAGES
from documents import outbox
from documents.models import GeneratedDocument
from documents.outbox import letters_about
from documents.selectors import documents_about
from ui.formats import long_date


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def _cards(psp: PastoralSupportProgramme, runs: bool) -> list[dict]:
    """The summary cards of stages 1 to 4: (label, value) rows, and where to change them."""

    def change(stage: str):
        _title, _form, editable = STAGE_PAGES[stage]
        if runs and psp.stage in editable and psp.agreed_on is None:
            return reverse("psp-stage", args=[psp.pk, stage])
        return ""

    law, service = psp.law, psp.behaviour_service
    aln = _("No")
    if psp.has_aln:
        plan = {"plan": law.any_plan}
        aln = (
            _("Yes; a plan (%(plan)s) is in place")
            if psp.idp_in_place
            else _("Yes; no %(plan)s yet")
        ) % plan
        if psp.idp_in_place and psp.idp_reviewed:
            aln = _("Yes; a plan (%(plan)s) is in place and has been reviewed") % plan
    risk = _("Yes") if psp.risk_of_permanent_exclusion else _("No")
    if psp.risk_of_permanent_exclusion and service:
        risk = _("Yes. %(service)s made aware: %(day)s %(who)s") % {
            "service": service,
            "day": long_date(psp.wbs_informed_on) or _("not yet"),
            "who": psp.wbs_contact,
        }
    ewo = ""
    if psp.ewo_name:
        ewo = _("%(name)s, since %(day)s") % {
            "name": psp.ewo_name,
            "day": long_date(psp.ewo_involved_on) or _("date not recorded"),
        }
    meeting = long_date(psp.meeting_on)
    if meeting and psp.meeting_time:
        meeting = f"{meeting}, {psp.meeting_time:%H:%M}"
    return [
        {
            "anchor": "deciding",
            "heading": _("Stage 1: deciding on a PSP"),
            "change_url": change("deciding"),
            "rows": [
                (_("Graduated response"), psp.graduated_response),
                (law.needs_long.capitalize(), aln),
                (_("Sudden change (no %(plan)s)") % {"plan": law.any_plan}, psp.idp_sudden_change),
                (
                    _("%(lead)s made aware") % {"lead": law.needs_lead},
                    long_date(psp.alnco_informed_on),
                ),
                (_("At risk of permanent exclusion"), risk),
            ],
        },
        {
            "anchor": "information",
            "heading": _("Stage 2: information gathering"),
            "change_url": change("information"),
            "rows": [
                (_("Evidence from school staff"), psp.evidence_staff),
                (_("The child's contribution"), psp.child_contribution),
                (_("The parents' or carers' contribution"), psp.parent_contribution),
                (_("Existing and previous interventions"), psp.previous_interventions),
                (_("Current support from agencies"), psp.agency_support),
                (_("Attendance is an issue"), _yes(psp.attendance_concern)),
                (_("Education Welfare Officer"), ewo),
            ],
        },
        {
            "anchor": "organising",
            "heading": _("Stage 3: organising the meeting"),
            "change_url": change("organising"),
            "rows": [
                (_("Date of meeting"), meeting),
                (_("Venue or room"), psp.venue),
                (_("Invited"), psp.invited),
                (_("The adult the child chose"), psp.child_chosen_adult),
            ],
        },
        {
            "anchor": "initial-meeting",
            "heading": _("PSP Initial Meeting form"),
            "change_url": change("meeting"),
            "rows": [
                (_("UPN"), psp.upn),
                (_("FSM"), psp.get_fsm_display()),
                (_("CLA"), psp.get_cla_display()),
                (law.school_support, psp.get_school_idp_display()),
                (law.plan, psp.get_la_idp_display()),
                (law.need, psp.aln_need),
                (
                    _("Attendance %"),
                    "" if psp.attendance_percent is None else f"{psp.attendance_percent}%",
                ),
                (
                    _("Number of exclusions"),
                    "" if psp.exclusions_count is None else str(psp.exclusions_count),
                ),
                (
                    _("Number of days excluded"),
                    "" if psp.days_excluded is None else str(psp.days_excluded),
                ),
                (_("Date of meeting"), long_date(psp.meeting_on)),
                (_("Meeting attendees"), psp.attendees),
                (_("Reason for PSP (from all perspectives)"), psp.reason),
                (_("Previous strategies and interventions"), psp.previous_strategies),
                (_("What is working?"), psp.what_is_working),
                (_("The school agrees to"), psp.school_agrees),
                (
                    _("Key adult for the weekly check-ins"),
                    psp.key_adult.full_name if psp.key_adult else "",
                ),
            ],
        },
    ]


def _detail_context(request, psp: PastoralSupportProgramme) -> dict:
    membership = request.membership
    outcomes = list(psp.outcomes.all())
    agreements = list(psp.agreements.all())
    reviews = list(psp.reviews.select_related("recorded_by").prefetch_related("progress"))
    check_ins = list(
        psp.check_ins.select_related("recorded_by").prefetch_related("progress__outcome")[:12]
    )
    latest = {}
    for check_in in reversed(check_ins):
        for p in check_in.progress.all():
            latest[p.outcome_id] = p
    runs = access.can_run_psp(membership, psp)
    documents = list(documents_about(psp, psp.reviews.all())[:30])
    now = timezone.now()
    copies = [
        {
            "letter": letter,
            "emails": outbox.emails_with_status(letter, now=now),
        }
        for letter in letters_about(psp, psp.reviews.all())
    ]
    sent_for = {(c["letter"].document.kind, c["letter"].document.object_id) for c in copies}
    unsent = []
    if runs and psp.agreed_on:
        if (GeneratedDocument.Kind.PSP_INITIAL_MEETING, psp.pk) not in sent_for:
            unsent.append({"review": None, "label": _("Send the signed PSP to the LA")})
        for review in reviews:
            if (GeneratedDocument.Kind.PSP_REVIEW, review.pk) not in sent_for:
                unsent.append(
                    {
                        "review": review,
                        "label": _("Send the review of %(day)s to the LA")
                        % {"day": long_date(review.held_on)},
                    }
                )
    monitoring = list(psp.monitoring.select_related("recorded_by"))
    return {
        "psp": psp,
        "pupil": psp.pupil,
        "cards": _cards(psp, runs),
        "signatures": [
            (_("Signed by the child"), long_date(psp.signed_child_on)),
            (
                _("Signed by the school"),
                f"{psp.signed_school_by}, {long_date(psp.signed_school_on)}"
                if psp.signed_school_on
                else "",
            ),
            (
                _("Signed by the parent or carer"),
                f"{psp.signed_parent_name}, {long_date(psp.signed_parent_on)}"
                if psp.signed_parent_on
                else "",
            ),
            (_("Review date"), long_date(psp.first_review_on)),
        ],
        "la": psp.school.local_authority,
        "runs": runs,
        "checks_in": access.can_record_psp_check_in(membership, psp),
        "monitors": access.can_record_psp_monitoring(membership, psp),
        "may_resend": access.can_send_letters(membership, psp.pupil),
        "sees_pupil": access.pupils_visible_to(membership).filter(pk=psp.pupil_id).exists(),
        "missing": psp_guards.missing_for_stage(psp) if psp.is_open else [],
        "needs_ewo": psp_guards.needs_ewo(psp),
        "outcomes": [
            {"outcome": o, "problems": psp_guards.outcome_problems(o), "latest": latest.get(o.pk)}
            for o in outcomes
        ],
        "parents": [a for a in agreements if a.party == PspAgreement.Party.PARENT],
        "professionals": [a for a in agreements if a.party == PspAgreement.Party.PROFESSIONAL],
        "reviews": reviews,
        "check_ins": check_ins,
        "deadlines": psp.deadlines.select_related(
            "responsible", "owner_school", "owner_la"
        ).order_by("due", "pk"),
        "documents": documents,
        "copies": copies,
        "unsent": unsent,
        "monitoring": monitoring,
        "stages": [(s, i + 1) for i, s in enumerate(PastoralSupportProgramme.OPEN_STAGES)],
        "here": request.get_full_path(),
    }


@require_GET
@login_required
def psp_detail(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id)
    return render(request, "cases/psp/detail.html", _detail_context(request, psp))
