"""Pastoral Support Programme pages. Thin: the access policy, a form, a service, a redirect.

Source: 004_f815cbfe89cfcc2a.txt (PSPs); see cases/psp/services.py for the lifecycle.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access
from cases.guards import GuardError
from cases.models import PastoralSupportProgramme, PspAgreement
from cases.psp import documents as psp_documents
from cases.psp import forms as f
from cases.psp import guards as psp_guards
from cases.psp import services as svc
from documents import outbox
from documents.models import GeneratedDocument
from documents.outbox import letters_about
from documents.rendering import DocumentRenderError
from documents.selectors import documents_about
from reviews import rules
from reviews.models import Deadline
from tenancy.models import TermDate
from ui.views import guarded

Stage = PastoralSupportProgramme.Stage
PAGE_SIZE = 25

# The stage pages: (title, form, the stages at which it may be changed).
STAGE_PAGES = {
    "deciding": (
        _("Stage 1: deciding on a PSP"),
        f.DecidingForm,
        (Stage.DECIDING, Stage.INFORMATION_GATHERING, Stage.ORGANISING, Stage.MEETING),
    ),
    "information": (
        _("Stage 2: information gathering"),
        f.InformationForm,
        (Stage.INFORMATION_GATHERING, Stage.ORGANISING, Stage.MEETING),
    ),
    "organising": (
        _("Stage 3: organising the meeting"),
        f.OrganisingForm,
        (Stage.ORGANISING, Stage.MEETING),
    ),
    "meeting": (_("PSP Initial Meeting"), f.MeetingForm, (Stage.MEETING,)),
}


def _page(request, psp, form, title, intro="", template="cases/psp/form.html", **extra):
    return render(
        request,
        template,
        {"psp": psp, "pupil": psp.pupil, "form": form, "title": title, "intro": intro, **extra},
    )


def _refused(form, message):
    """The form, with a message at the top saying why it cannot be used now."""
    if form.is_bound:
        form.is_valid()
    else:
        form.cleaned_data = {}
    form.add_error(None, message)
    return form


def _send_copy(request, psp, review=None) -> None:
    """Send the copy to the LA and say how it went; a missing address or a PDF that could not
    be made is a message on the PSP page, and the copy can be sent again from there."""
    try:
        svc.psp_send_copy(psp=psp, review=review, by=request.user, today=timezone.localdate())
    except (GuardError, DocumentRenderError) as error:
        text = " ".join(error.messages) if isinstance(error, GuardError) else str(error)
        messages.warning(request, _("The copy was not sent to the LA. %(why)s") % {"why": text})
        return
    messages.success(
        request,
        _("A copy is on its way to %(email)s. Its status is under Copies to the LA.")
        % {"email": psp.school.local_authority.psp_email},
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.get_pupil_for_user(request.membership, pupil_id)
    if not access.can_start_psp(request.membership, pupil):
        raise PermissionDenied(
            _("Only the pupil's head, case lead, ALNCo (SENCo) or DSL can start a PSP.")
        )
    form = f.PspOpenForm(
        request.POST if request.method == "POST" else None,
        school=pupil.school,
        initial={"school_lead": request.user.pk},
    )
    holder = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: holder.update(
                psp=svc.psp_open(
                    pupil=pupil, school_lead=form.cleaned_data["school_lead"], by=request.user
                )
            ),
        )
    ):
        messages.success(request, _("PSP started. Record the decision on stage 1."))
        return redirect(holder["psp"])
    return render(
        request,
        "cases/form_page.html",
        {
            "pupil": pupil,
            "form": form,
            "title": _("Start a Pastoral Support Programme"),
            "intro": _(
                "A PSP is a time-limited school-based intervention for a child at risk of "
                "disengagement or exclusion, when the school's interventions have not been "
                "effective. It is led by a senior member of staff and/or the ALNCo."
            ),
        },
    )


def _day(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def _cards(psp: PastoralSupportProgramme, runs: bool) -> list[dict]:
    """The summary cards of stages 1 to 4: (label, value) rows, and where to change them."""

    def change(stage: str):
        _title, _form, editable = STAGE_PAGES[stage]
        if runs and psp.stage in editable and psp.agreed_on is None:
            return reverse("psp-stage", args=[psp.pk, stage])
        return ""

    aln = _("No")
    if psp.has_aln:
        aln = _("Yes; an IDP is in place") if psp.idp_in_place else _("Yes; no IDP yet")
        if psp.idp_in_place and psp.idp_reviewed:
            aln = _("Yes; an IDP is in place and has been reviewed")
    risk = _("No")
    if psp.risk_of_permanent_exclusion:
        risk = _("Yes. Wellbeing and Behaviour Service made aware: %(day)s %(who)s") % {
            "day": _day(psp.wbs_informed_on) or _("not yet"),
            "who": psp.wbs_contact,
        }
    ewo = ""
    if psp.ewo_name:
        ewo = _("%(name)s, since %(day)s") % {
            "name": psp.ewo_name,
            "day": _day(psp.ewo_involved_on) or _("date not recorded"),
        }
    meeting = _day(psp.meeting_on)
    if meeting and psp.meeting_time:
        meeting = f"{meeting}, {psp.meeting_time:%H:%M}"
    return [
        {
            "anchor": "deciding",
            "heading": _("Stage 1: deciding on a PSP"),
            "change_url": change("deciding"),
            "rows": [
                (_("Graduated response"), psp.graduated_response),
                (_("Additional learning needs"), aln),
                (_("Sudden change (no IDP)"), psp.idp_sudden_change),
                (_("ALNCo made aware"), _day(psp.alnco_informed_on)),
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
                (_("School IDP"), psp.get_school_idp_display()),
                (_("LA IDP"), psp.get_la_idp_display()),
                (_("ALN need"), psp.aln_need),
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
                (_("Date of meeting"), _day(psp.meeting_on)),
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
                        % {"day": f"{review.held_on:%-d %B %Y}"},
                    }
                )
    monitoring = list(psp.monitoring.select_related("recorded_by"))
    return {
        "psp": psp,
        "pupil": psp.pupil,
        "cards": _cards(psp, runs),
        "signatures": [
            (_("Signed by the child"), _day(psp.signed_child_on)),
            (
                _("Signed by the school"),
                f"{psp.signed_school_by}, {_day(psp.signed_school_on)}"
                if psp.signed_school_on
                else "",
            ),
            (
                _("Signed by the parent or carer"),
                f"{psp.signed_parent_name}, {_day(psp.signed_parent_on)}"
                if psp.signed_parent_on
                else "",
            ),
            (_("Review date"), _day(psp.first_review_on)),
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
        "deadlines": psp.deadlines.select_related("responsible").order_by("due", "pk"),
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


@login_required
@require_http_methods(["GET", "POST"])
def psp_stage(request: HttpRequest, psp_id: int, stage: str) -> HttpResponse:
    spec = STAGE_PAGES.get(stage)
    if spec is None:
        raise Http404(_("No such stage."))
    title, form_class, editable = spec
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    form = form_class(request.POST if request.method == "POST" else None, instance=psp)
    if psp.stage not in editable:
        return _page(
            request,
            psp,
            _refused(
                form,
                _("This page cannot be changed while the PSP is at “%(stage)s”.")
                % {"stage": psp.get_stage_display()},
            ),
            title,
        )
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(form, lambda: svc.psp_update(psp=psp, form=form, by=request.user))
    ):
        messages.success(request, _("Saved."))
        return redirect(psp)
    return _page(request, psp, form, title)


@login_required
@require_http_methods(["GET", "POST"])
def psp_advance(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    form = f.GovukForm(
        request.POST if request.method == "POST" else None, submit_label=_("Move on")
    )
    next_stage = psp_guards.NEXT_STAGE.get(psp.stage)
    if request.method == "POST" and guarded(
        form, lambda: svc.psp_advance(psp=psp, by=request.user)
    ):
        psp.refresh_from_db(fields=["stage"])
        messages.success(
            request,
            _("The PSP is now at “%(stage)s”.") % {"stage": psp.get_stage_display()},
        )
        return redirect(psp)
    title = (
        _("Move on to “%(stage)s”") % {"stage": next_stage.label} if next_stage else _("Move on")
    )
    missing = psp_guards.missing_for_stage(psp) if next_stage else []
    return _page(
        request,
        psp,
        form,
        title,
        _("Waymark checks that stage %(n)s is complete.") % {"n": psp.stage_number}
        if psp.stage_number
        else "",
        missing=missing,
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_outcome(request: HttpRequest, psp_id: int, outcome_id: int | None = None) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    outcome = None
    if outcome_id is not None:
        outcome = psp.outcomes.filter(pk=outcome_id).first()
        if outcome is None:
            raise Http404(_("No such outcome."))
    form = f.OutcomeForm(request.POST if request.method == "POST" else None, instance=outcome)
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(form, lambda: svc.outcome_save(psp=psp, form=form, by=request.user))
    ):
        saved = form.instance
        unchecked = psp_guards.outcome_problems(saved)
        if unchecked:
            messages.warning(
                request,
                _("Outcome %(n)s saved. Before the PSP is signed: %(todo)s")
                % {"n": saved.number, "todo": " ".join(unchecked)},
            )
        else:
            messages.success(request, _("Outcome %(n)s saved.") % {"n": saved.number})
        return redirect(f"{psp.get_absolute_url()}#outcomes")
    title = _("Outcome %(n)s") % {"n": outcome.number} if outcome else _("Write an outcome")
    return _page(
        request,
        psp,
        form,
        title,
        _(
            "Use the Outcome Sequence to write a personal, specific and measurable outcome, "
            "then the Support Sequence to explore how to achieve it, using all available "
            "resources. Do it with the child and their family."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_outcome_remove(request: HttpRequest, psp_id: int, outcome_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    outcome = psp.outcomes.filter(pk=outcome_id).first()
    if outcome is None:
        raise Http404(_("No such outcome."))
    form = f.GovukForm(
        request.POST if request.method == "POST" else None, submit_label=_("Remove the outcome")
    )
    if request.method == "POST" and guarded(
        form, lambda: svc.outcome_remove(outcome=outcome, by=request.user)
    ):
        messages.success(request, _("Outcome removed."))
        return redirect(f"{psp.get_absolute_url()}#outcomes")
    return _page(
        request,
        psp,
        form,
        _("Remove outcome %(n)s?") % {"n": outcome.number},
        outcome.outcome,
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_agreement_add(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    party = request.GET.get("party")
    form = f.AgreementForm(
        request.POST if request.method == "POST" else None,
        initial={"party": party} if party in PspAgreement.Party.values else None,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(form, lambda: svc.agreement_add(psp=psp, form=form, by=request.user))
    ):
        messages.success(request, _("Agreement saved."))
        return redirect(f"{psp.get_absolute_url()}#agreements")
    return _page(
        request,
        psp,
        form,
        _("Add what someone agrees to"),
        _(
            "Outcomes are driven by actions for everyone involved: the family (each parent or "
            "carer by name) and the other professionals (name and agency)."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_agreement_remove(request: HttpRequest, psp_id: int, agreement_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    agreement = psp.agreements.filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404(_("No such agreement."))
    form = f.GovukForm(
        request.POST if request.method == "POST" else None, submit_label=_("Remove it")
    )
    if request.method == "POST" and guarded(
        form, lambda: svc.agreement_remove(agreement=agreement, by=request.user)
    ):
        messages.success(request, _("Agreement removed."))
        return redirect(f"{psp.get_absolute_url()}#agreements")
    return _page(
        request,
        psp,
        form,
        _("Remove what %(name)s agrees to?") % {"name": agreement.name},
        agreement.agrees_to,
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_sign(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    la = psp.school.local_authority
    parents = list(psp.agreements.filter(party=PspAgreement.Party.PARENT))
    initial = {
        "signed_school_by": psp.school_lead.full_name,
        "signed_parent_name": parents[0].name if parents else "",
        "first_review_on": rules.psp_first_review_default(
            psp.meeting_on, weeks=la.psp_first_review_weeks
        )
        if psp.meeting_on
        else None,
    }
    form = f.SignForm(request.POST if request.method == "POST" else None, psp=psp, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if guarded(
            form,
            lambda: svc.psp_sign(
                psp=psp,
                signed_child_on=data["signed_child_on"],
                signed_school_by=data["signed_school_by"],
                signed_school_on=data["signed_school_on"],
                signed_parent_name=data["signed_parent_name"],
                signed_parent_on=data["signed_parent_on"],
                first_review_on=data["first_review_on"],
                by=request.user,
                today=timezone.localdate(),
            ),
        ):
            psp.refresh_from_db()
            messages.success(request, _("The PSP is signed: stage 5, review and monitoring."))
            _send_copy(request, psp)
            return redirect(psp)
    missing = psp_guards.missing_to_sign(psp) if psp.stage == Stage.MEETING else []
    return _page(
        request,
        psp,
        form,
        _("Sign the PSP"),
        _(
            "The child, the school and the parent or carer sign the PSP, at the end of the "
            "meeting where possible. Waymark then emails a copy to %(la)s (%(email)s)."
        )
        % {"la": la.name, "email": la.psp_email or _("no address set yet")},
        missing=missing,
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_review_add(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    form = f.ReviewForm(
        request.POST if request.method == "POST" else None,
        psp=psp,
        outcomes=psp.outcomes.all(),
        initial={"attendees": psp.attendees},
    )
    holder = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: holder.update(
                review=svc.psp_record_review(
                    psp=psp,
                    form=form,
                    ratings=form.ratings(),
                    by=request.user,
                    today=timezone.localdate(),
                )
            ),
        )
    ):
        psp.refresh_from_db()
        messages.success(request, _("Review recorded."))
        _send_copy(request, psp, holder["review"])
        return redirect(psp)
    if psp.stage != Stage.REVIEW:
        form = _refused(form, _("Reviews begin once the PSP is signed."))
    return _page(
        request,
        psp,
        form,
        _("Record a review"),
        _(
            "Evaluate the impact of the PSP and agree the next steps. A copy of the review goes "
            "to the LA."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def psp_check_in_add(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id)
    if not access.can_record_psp_check_in(request.membership, psp):
        raise PermissionDenied(
            _("The school's key adults and PSP leads record check-ins once the PSP is signed.")
        )
    form = f.CheckInForm(
        request.POST if request.method == "POST" else None,
        outcomes=psp.outcomes.all(),
        initial={"held_on": timezone.localdate()},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.psp_record_check_in(
                psp=psp,
                form=form,
                ratings=form.ratings(),
                by=request.user,
                today=timezone.localdate(),
            ),
        )
    ):
        messages.success(request, _("Check-in recorded."))
        return redirect(f"{psp.get_absolute_url()}#check-ins")
    return _page(
        request,
        psp,
        form,
        _("Record a weekly check-in"),
        _(
            "Meet the child to review progress in a solution-focused way: what is working, "
            "what is not working, and progress towards each outcome."
        ),
    )


def _review_of(psp, value: str):
    """The PSP's review named in the form, None when none is named; another's is 404."""
    if not value:
        return None
    review = psp.reviews.filter(pk=value).first() if value.isdigit() else None
    if review is None:
        raise Http404(_("No such review."))
    return review


@require_POST
@login_required
def psp_send_copy(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id, write=True)
    review = _review_of(psp, request.POST.get("review", ""))
    _send_copy(request, psp, review)
    return redirect(f"{psp.get_absolute_url()}#copies")


@require_POST
@login_required
def psp_document(request: HttpRequest, psp_id: int) -> HttpResponse:
    """Make the Initial Meeting form (or a review's record, with `review`) and download it:
    anyone who sees the PSP may, as it holds nothing the PSP page does not show them."""
    psp = access.get_psp_for_user(request.membership, psp_id)
    review = _review_of(psp, request.POST.get("review", ""))
    if review is None and psp.stage not in {
        Stage.ORGANISING,
        Stage.MEETING,
        Stage.REVIEW,
        Stage.CEASED,
    }:
        messages.warning(
            request, _("The Initial Meeting form is printed once the meeting is organised.")
        )
        return redirect(psp)

    try:
        document = psp_documents.generate(
            psp, review=review, by=request.user, today=timezone.localdate()
        )
    except DocumentRenderError as error:
        messages.warning(request, str(error))
        return redirect(f"{psp.get_absolute_url()}#forms")
    return redirect(document)


@login_required
@require_http_methods(["GET", "POST"])
def psp_monitoring(request: HttpRequest, psp_id: int) -> HttpResponse:
    psp = access.get_psp_for_user(request.membership, psp_id)
    if not access.can_record_psp_monitoring(request.membership, psp):
        raise PermissionDenied(_("The LA's officers record the monitoring group's meetings."))
    form = f.MonitoringForm(
        request.POST if request.method == "POST" else None,
        initial={"considered_on": timezone.localdate()},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.psp_record_monitoring(
                psp=psp, form=form, by=request.user, today=timezone.localdate()
            ),
        )
    ):
        messages.success(request, _("Recorded."))
        return redirect(psp)
    return _page(
        request,
        psp,
        form,
        _("The PSP Monitoring Group considered this PSP"),
        _("The LA's PSP Monitoring Group meets termly to monitor the use of PSPs (004)."),
    )


# The LA's list for the termly PSP Monitoring Group ----------------------------------------


def term_start_for(la, today: datetime.date) -> datetime.date | None:
    """The first day of the term we are in (or the last that began), from the LA's dates."""
    ranges = TermDate.objects.filter(local_authority_id=la.pk).values_list("first_day", "last_day")
    started = [s for s in rules.psp_term_starts(list(ranges)) if s <= today]
    return max(started) if started else None


def _annotated(psps, today: datetime.date):
    """Each PSP's next review, next check-in, overdue deadlines and last monitoring, in the
    same query."""
    case_type = ContentType.objects.get_for_model(PastoralSupportProgramme)
    deadlines = Deadline.objects.filter(case_type=case_type, case_id=OuterRef("pk"))

    def upcoming(kind):
        # The earliest still to do, overdue or not: an overdue review is the next review.
        return Subquery(
            deadlines.filter(kind=kind, state__in=Deadline.PENDING_STATES)
            .order_by("due")
            .values("due")[:1]
        )

    overdue = (
        deadlines.filter(
            Q(state=Deadline.State.OVERDUE) | Q(state=Deadline.State.OPEN, due__lt=today)
        )
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return psps.annotate(
        next_review=upcoming(Deadline.Kind.PSP_REVIEW),
        next_check_in=upcoming(Deadline.Kind.PSP_CHECK_IN),
        overdue_count=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        last_considered=Max("monitoring__considered_on"),
    )


@require_GET
@login_required
def la_psps(request: HttpRequest) -> HttpResponse:
    """The LA's PSPs for its termly PSP Monitoring Group (004), and only its own."""
    membership = request.membership
    if not access.can_view_la_psps(membership):
        raise PermissionDenied(_("This list is for the LA's officers."))
    today = timezone.localdate()
    la = membership.local_authority
    term_start = term_start_for(la, today)
    data = request.GET.copy()
    if not data:
        data["stage"] = "open"
    psps = _annotated(
        access.la_psps_visible_to(membership).select_related("pupil", "school", "school_lead"),
        today,
    ).order_by("school__name", "pupil__last_name", "pupil__first_name", "pk")
    filters = f.LaPspFilter(
        data, queryset=psps, schools=access.la_schools(membership), term_start=term_start
    )
    rows = filters.qs if filters.is_valid() else psps.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for psp in page.object_list:
        psp.monitoring_due = (
            psp.stage == Stage.REVIEW
            and psp.agreed_on is not None
            and rules.psp_due_for_monitoring(
                agreed_on=psp.agreed_on,
                last_considered=psp.last_considered,
                today=today,
                term_starts=[term_start] if term_start else [],
            )
        )
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/psp/la_list.html",
        {
            "la": la,
            "filters": filters,
            "page": page,
            "term_start": term_start,
            "query": query.urlencode(),
            "today": today,
        },
    )


# The pupil page's card (cases.templatetags.case_cards) ----------------------------------


def pupil_card(membership, pupil):
    """The pupil's PSPs this person may see, and "Start a PSP" for those who may: one query."""
    psps = list(
        access.psps_visible_to(membership)
        .filter(pupil_id=pupil.pk)
        .select_related("school_lead")
        .order_by("-created_at", "-pk")
    )
    may_start = access.can_start_psp(membership, pupil) and not any(p.is_open for p in psps)
    if not psps and not may_start:
        return None
    return "cases/psp/_card.html", {"pupil": pupil, "psps": psps, "may_start": may_start}
