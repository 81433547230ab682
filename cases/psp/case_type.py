"""Pastoral Support Programmes (004)."""

from django.utils.translation import gettext_lazy as _

from cases.registry import CaseType, LaPicture, LaReport, MenuItem, Scope

CASE_TYPE = CaseType(
    slug="psp",
    name=_("Pastoral Support Programme"),
    urls="cases.psp.urls",
    card="cases.psp.views.pupil_card",
    refreshers=("cases.psp.deadlines.psp_refresh_all",),
    renderers="cases.psp.documents.FORM_RENDERERS",
    menu=(MenuItem(_("PSPs"), "la-psps", "access.can_view_la_psps"),),
    deadline_scopes=(Scope("cases.PastoralSupportProgramme", "access.psps_visible_to"),),
    document_scopes=(
        Scope("cases.PastoralSupportProgramme", "access.psps_visible_to"),
        Scope("cases.PspReview", "access.psps_visible_to", parent="psp"),
    ),
    demo_seeder="demo.psp.seed_psps",
    la_reports=(
        LaReport(
            "psp-monitoring-group",
            _("PSP Monitoring Group report"),
            _(
                "Every PSP open in the period, by school and one by one: opened, agreed, "
                "ceased, reviews held, overdue, at risk of permanent exclusion, with a reduced "
                "timetable, and whether the group has considered it. For the termly meeting."
            ),
            "cases.psp.reports.build",
            for_officers=True,
            period="term",
            source="004_f815cbfe89cfcc2a.txt",
        ),
    ),
    la_picture=(
        LaPicture(
            _("On a PSP, at risk of permanent exclusion"),
            "access.la_psps_visible_to",
            "cases.psp.selectors.at_risk_now",
            "school",
            "la-psps",
            opened="created_at",
            closed="ceased_on",
        ),
    ),
)
