"""The Pastoral Support Programme's forms: the PSP Initial Meeting form and a review's record.

Sources: 004_f815cbfe89cfcc2a.txt "Pastoral Support Programme Initial Meeting" (every field, in
its order, with each outcome written with the Outcome Sequence and supported through the Support
Sequence of the workbook) and Stage Five (reviews, weekly check-ins, a copy of each review to the
LA). What the case does not record prints as a line to fill in by hand.

Need-to-know: the forms hold what the PSP page shows to everyone who may see the PSP (the child
details are the Passport's flags and what the school typed on the form), so each is stored with
includes_safeguarding and includes_send False.
"""

import datetime

from django.utils.translation import gettext as _

from cases.psp.models.outcomes import PspOutcome
from cases.psp.models.programme import PastoralSupportProgramme
from cases.psp.models.reviews import PspReview
from cases.pupils.languages import family_languages
from documents.models import GeneratedDocument
from documents.rendering import (
    Blanks,
    FormRenderer,
    format_date,
    format_time,
    letterhead,
    render_html_in,
    render_pdf_in,
    yes_or_no,
)
from documents.services import document_generate
from tenancy.models import User

Kind = GeneratedDocument.Kind

INITIAL_MEETING_TEMPLATE = "documents/psp/initial_meeting.html"
REVIEW_TEMPLATE = "documents/psp/review.html"
# Stages from which the Initial Meeting form can be printed: to take to the meeting, then signed.
PRINTABLE_STAGES = frozenset(
    {
        PastoralSupportProgramme.Stage.ORGANISING,
        PastoralSupportProgramme.Stage.MEETING,
        PastoralSupportProgramme.Stage.REVIEW,
        PastoralSupportProgramme.Stage.CEASED,
    }
)


def _number(value) -> str:
    """A recorded number as printed: 84.5 → "84.5", 3.0 → "3"; "" when not recorded."""
    if value is None:
        return ""
    text = f"{value}"
    return text[:-2] if text.endswith(".0") else text


def _outcome(outcome: PspOutcome) -> dict:
    return {
        "number": outcome.number,
        "positive_change": outcome.positive_change,
        "outcome": outcome.outcome,
        "starting_point": outcome.starting_point,
        "what_matters": outcome.what_matters,
        "working": outcome.working,
        "not_working": outcome.not_working,
        "checks": [(label, getattr(outcome, name)) for name, label in PspOutcome.CHECKS],
        "tried_already": outcome.tried_already,
        "supports": [(label, getattr(outcome, name)) for name, label in PspOutcome.SUPPORTS],
        "child_involved": outcome.child_involved,
    }


def _common(psp: PastoralSupportProgramme, title: str, today: datetime.date) -> dict:
    pupil = psp.pupil
    return {
        "title": title,
        "psp": psp,
        "pupil": pupil,
        "school": psp.school,
        "letterhead": letterhead(psp.school),
        "printed_on": format_date(today),
        "dob": format_date(pupil.date_of_birth),
        "lead": psp.school_lead.full_name,
        "law": psp.law,
    }


def initial_meeting_form(psp: PastoralSupportProgramme, *, today: datetime.date):
    """The PSP Initial Meeting template, every field in its order (004)."""
    blanks = Blanks()
    outcomes = [_outcome(o) for o in psp.outcomes.all()]
    agreements = list(psp.agreements.all())
    parents = [a for a in agreements if a.party == a.Party.PARENT]
    professionals = [a for a in agreements if a.party == a.Party.PROFESSIONAL]
    context = _common(psp, _("Pastoral Support Programme Initial Meeting"), today) | {
        "blanks": blanks,
        "upn": blanks(_("UPN"), psp.upn),
        "fsm": yes_or_no(psp.fsm),
        "cla": yes_or_no(psp.cla),
        "school_idp": yes_or_no(psp.school_idp),
        "la_idp": yes_or_no(psp.la_idp),
        "aln_need": blanks(psp.law.need, psp.aln_need),
        "attendance": blanks(_("attendance %"), _number(psp.attendance_percent)),
        "exclusions": blanks(_("number of exclusions"), _number(psp.exclusions_count)),
        "days_excluded": blanks(_("number of days excluded"), _number(psp.days_excluded)),
        "meeting_date": blanks(_("date of meeting"), format_date(psp.meeting_on)),
        "meeting_time": format_time(psp.meeting_time),
        "attendees": blanks(_("meeting attendees"), psp.attendees),
        "reason": blanks(_("reason for PSP"), psp.reason),
        "previous_strategies": blanks(_("previous strategies"), psp.previous_strategies),
        "what_is_working": blanks(_("what is working"), psp.what_is_working),
        "outcomes": outcomes,
        # The template has three numbered boxes: printed before the meeting, they are empty.
        "empty_outcomes": range(len(outcomes) + 1, 4),
        "school_agrees": blanks(_("the school agrees to"), psp.school_agrees),
        "parents": parents,
        "professionals": professionals,
        "signed_child_on": format_date(psp.signed_child_on),
        "signed_school_by": psp.signed_school_by,
        "signed_school_on": format_date(psp.signed_school_on),
        "signed_parent_name": psp.signed_parent_name,
        "signed_parent_on": format_date(psp.signed_parent_on),
        "review_date": blanks(_("review date"), format_date(psp.first_review_on)),
        "ewo": psp.ewo_name,
        "child_chosen_adult": psp.child_chosen_adult,
        "agreed": psp.agreed_on is not None,
    }
    return INITIAL_MEETING_TEMPLATE, context


def review_form(review: PspReview, *, today: datetime.date):
    """A review's record (004 Stage Five): progress per outcome, what is working and not, the
    outcome of the review among the four the source lists, and the next review."""
    psp = review.psp
    blanks = Blanks()
    progress = {p.outcome_id: p for p in review.progress.all()}
    previous = (
        psp.reviews.filter(held_on__lt=review.held_on)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    ) or psp.agreed_on
    check_ins = list(
        psp.check_ins.filter(held_on__gt=previous, held_on__lte=review.held_on)
        .order_by("held_on")
        .values_list("held_on", flat=True)
    )
    context = _common(psp, _("Pastoral Support Programme Review"), today) | {
        "blanks": blanks,
        "review": review,
        "upn": blanks(_("UPN"), psp.upn),
        "held_on": format_date(review.held_on),
        "agreed_on": format_date(psp.agreed_on),
        "rows": [
            {
                "outcome": o,
                "progress": progress[o.pk].get_rating_display() if o.pk in progress else "",
                "note": progress[o.pk].note if o.pk in progress else "",
            }
            for o in psp.outcomes.all()
        ],
        "choices": [(label, value == review.outcome) for value, label in PspReview.Outcome.choices],
        "next_review": format_date(review.next_review_on),
        "check_ins": [format_date(d) for d in check_ins],
    }
    return REVIEW_TEMPLATE, context


def build(psp: PastoralSupportProgramme, *, review: PspReview | None = None, today):
    if review is not None:
        return review_form(review, today=today)
    return initial_meeting_form(psp, today=today)


def generate(
    psp: PastoralSupportProgramme,
    *,
    review: PspReview | None = None,
    by: User,
    today: datetime.date,
) -> GeneratedDocument:
    """The next stored version of the Initial Meeting form (about the PSP) or of a review's
    record (about the review). Raises documents.rendering.DocumentRenderError (no PDF)."""
    template, context = build(psp, review=review, today=today)
    html = render_html_in(  # in the family's language, or Welsh then English (issue 15)
        family_languages(psp.pupil), lambda: build(psp, review=review, today=today)
    )
    document = document_generate(
        kind=Kind.PSP_REVIEW if review is not None else Kind.PSP_INITIAL_MEETING,
        pupil=psp.pupil,
        template=template,
        context=context,
        generated_by=by,
        about=review if review is not None else psp,
        includes_safeguarding=False,
        includes_send=False,
        html=html,
    )
    document.missing = list(context["blanks"].missing)
    return document


# render_forms (demo.catalogue) --------------------------------------------------------


def printable_psps(schools):
    return (
        PastoralSupportProgramme.objects.filter(
            school__in=schools, stage__in=sorted(PRINTABLE_STAGES)
        )
        .select_related("pupil", "school__local_authority", "school_lead")
        .order_by("school__name", "pupil__upn", "pk")
    )


def printable_reviews(schools):
    return (
        PspReview.objects.filter(psp__school__in=schools)
        .select_related("psp__pupil", "psp__school__local_authority", "psp__school_lead")
        .order_by("psp__school__name", "psp__pupil__upn", "held_on", "pk")
    )


def _render_initial(psp, today):
    return render_pdf_in(
        family_languages(psp.pupil), lambda: initial_meeting_form(psp, today=today)
    )


def _render_review(review, today):
    return render_pdf_in(
        family_languages(review.psp.pupil), lambda: review_form(review, today=today)
    )


FORM_RENDERERS = (
    FormRenderer(
        slug="psp-initial-meeting",
        description="PSP Initial Meeting form (004), every PSP from stage 3 on",
        records=printable_psps,
        filename=lambda psp: f"psp-initial-meeting-{psp.pupil.upn}-psp-{psp.pk}.pdf",
        render=_render_initial,
    ),
    FormRenderer(
        slug="psp-review",
        description="PSP review record (004), every review held",
        records=printable_reviews,
        filename=lambda r: f"psp-review-{r.psp.pupil.upn}-{r.held_on:%Y-%m-%d}-{r.pk}.pdf",
        render=_render_review,
    ),
)
