"""Reduced (part-time) timetables (004)."""

from django.utils.translation import gettext_lazy as _

from cases.registry import CaseType, LaPicture, LaReport, MenuItem, Scope, Waiting

CASE_TYPE = CaseType(
    slug="reduced-timetable",
    name=_("Reduced timetable"),
    urls="cases.reduced_timetables.urls",
    card="cases.reduced_timetables.views.detail.reduced_timetable_card",
    refreshers=(
        # its deadlines and its stored audit rating, which moves with the days too
        "cases.reduced_timetables.deadlines.reduced_timetable_nightly",
    ),
    renderers="cases.reduced_timetables.documents.FORM_RENDERERS",
    menu=(
        MenuItem(
            _("Reduced timetables"),
            "la-reduced-timetables",
            "access.can_view_la_reduced_timetables",
        ),
    ),
    deadline_scopes=(
        Scope("cases.ReducedTimetable", "access.reduced_timetables_visible_to", by_pupil=True),
    ),
    document_scopes=(Scope("cases.ReducedTimetable", "access.reduced_timetables_visible_to"),),
    demo_seeder="demo.reduced_timetables.seed_reduced_timetables",
    la_reports=(
        LaReport(
            "reduced-timetables-return",
            _("Reduced timetables: the central record for the half-term return"),
            _(
                "Every reduced timetable that ran in the period: which began, are running and "
                "ended, which ran past the limit and which the Director authorised, by school "
                "and pupil by pupil, with the audit rating."
            ),
            "cases.reduced_timetables.reports.build",
            for_officers=True,
            period="half_term",
            source="004_f815cbfe89cfcc2a.txt",
        ),
    ),
    la_picture=(
        LaPicture(
            _("On a reduced timetable"),
            "access.la_reduced_timetables_visible_to",
            "cases.reduced_timetables.selectors.running_now",
            "school",
            "la-reduced-timetables",
            query="show=running",
            opened="created_at",
            closed="ended_on",
            rating="rating",
            past_limit="cases.reduced_timetables.selectors.past_limit_unauthorised",
            past_limit_on_day="cases.reduced_timetables.selectors.past_limit_on_day",
            past_limit_label=_("past the limit without the Director's authorisation"),
            limits_apply="cases.reduced_timetables.protocols.audited_for",
        ),
    ),
    waiting=(
        Waiting(
            _("Authorise running past the limit, or not"),
            "access.reduced_timetables_awaiting_authorisation",
        ),
    ),
)
