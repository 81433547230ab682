"""Off-site directions (003, 002, 001), with managed moves, host work and their letters."""

from django.utils.translation import gettext_lazy as _

from cases.registry import CaseType, LaPicture, LaReport, MenuItem, Scope, Waiting

CASE_TYPE = CaseType(
    slug="direction",
    name=_("Off-site direction"),
    urls="cases.directions.urls",
    # The directions card is on the pupil page itself; this is the managed moves agreed
    # without a direction (003's second route).
    card="cases.directions.move_views.managed_move_card",
    refreshers=("cases.directions.deadlines.directions_refresh_all",),
    renderers="cases.directions.renderers.FORM_RENDERERS",
    passport_directions="cases.directions.passport.passport_directions",
    menu=(
        MenuItem(_("Pupils we host"), "hosting-list", "access.can_view_hosting_list"),
        MenuItem(_("Directions"), "la-directions", "access.can_view_la_lists"),
        MenuItem(_("LA tasks"), "la-tasks", "access.can_view_la_lists"),
    ),
    deadline_scopes=(Scope("cases.Direction", "access.directions_visible_to", by_pupil=True),),
    # A direction's letters and forms, and its meetings', are read by those who see it: a
    # host, only while it hosts (issue 13).
    document_scopes=(
        Scope("cases.Direction", "access.directions_visible_to"),
        Scope("reviews.Meeting", "access.directions_visible_to", parent="direction"),
    ),
    demo_seeder="demo.directions.seed_directions",
    la_reports=(
        LaReport(
            "fair-access-moves",
            _("Off-site directions and managed moves in and out of each school"),
            _(
                "How many pupils each school directed off-site, hosted, had back, and moved "
                "out or took in on a managed move, and between which schools. For the Fair "
                "Access Protocol weightings."
            ),
            "cases.directions.reports.build",
            for_officers=False,
            period="year",
            source="003_db4daf6c9cf2ba51.txt",
        ),
    ),
    la_picture=(
        LaPicture(
            _("On an off-site direction"),
            "access.la_directions_visible_to",
            "cases.directions.selectors.at_host_now",
            "home_school",
            "la-directions",
            query="state=active",
            opened="created_at",
            closed="ended_on",
        ),
        LaPicture(
            _("In a managed move, not yet on the new roll"),
            "access.la_directions_visible_to",
            "cases.directions.selectors.moving_now",
            "home_school",
            "la-directions",
            query="state=moving",
        ),
        LaPicture(
            _("In a managed move without a direction, not yet on the new roll"),
            "access.la_managed_moves_visible_to",
            "cases.directions.selectors.moving_without_direction_now",
            "from_school",
            "la-managed-moves",
            query="state=moving",
        ),
    ),
    waiting=(
        Waiting(_("Decide the off-site direction"), "access.directions_awaiting_decision"),
        Waiting(_("LA tasks to do"), "access.la_tasks_to_do"),
    ),
)
