"""Alternative provision placements and the LA's AP provider register (004)."""

from django.utils.translation import gettext_lazy as _

from cases.registry import CaseType, LaPicture, LaReport, MenuItem, Scope

CASE_TYPE = CaseType(
    slug="ap-placement",
    name=_("AP placement"),
    urls="cases.placements.urls",
    card="cases.placements.views.pupil_card",
    refreshers=(
        "cases.placements.deadlines.placements_refresh_all",
        "safeguarding.providers.providers_refresh_all",
    ),
    renderers="safeguarding.documents.FORM_RENDERERS",
    menu=(
        MenuItem(
            _("AP providers"),
            "provider-list",
            "access.can_view_provider_register",
            active_prefix="/ap-providers/",
        ),
    ),
    deadline_scopes=(
        Scope("cases.ApPlacement", "access.placements_visible_to", by_pupil=True),
        Scope("safeguarding.SafeguardingDeclaration", "access.declarations_visible_to"),
    ),
    demo_seeder="demo.providers.seed_providers",
    la_reports=(
        LaReport(
            "ap-use",
            _("Use of alternative provision"),
            _(
                "Placements by provider and by school, attendance at providers, safeguarding "
                "declarations and the outcomes of the LA's visits. For the periodic report to "
                "elected members and schools."
            ),
            "cases.placements.reports.build",
            for_officers=False,
            period="year",
            source="004_f815cbfe89cfcc2a.txt",
        ),
    ),
    la_picture=(
        LaPicture(
            _("In alternative provision"),
            "access.la_placements_visible_to",
            "cases.placements.selectors.placed_now",
            "school",
            "la-ap-placements",
            query="show=current",
            opened="created_at",
            closed="ended_on",
        ),
    ),
)
