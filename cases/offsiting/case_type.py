"""Back-on-Track off-siting between the service's centres (000)."""

from django.utils.translation import gettext_lazy as _

from cases.registry import CaseType, LaPicture, MenuItem, Scope, Waiting

CASE_TYPE = CaseType(
    slug="offsiting",
    name=_("Back-on-Track off-siting"),
    urls="cases.offsiting.urls",
    card="cases.offsiting.views.offsiting_card",
    refreshers=("cases.offsiting.deadlines.offsiting_refresh_all",),
    renderers="cases.offsiting.documents.FORM_RENDERERS",
    menu=(MenuItem(_("Off-sitings"), "offsiting-list", "access.can_view_offsiting_list"),),
    deadline_scopes=(Scope("cases.OffSiting", "access.offsitings_visible_to"),),
    document_scopes=(
        Scope("cases.OffSiting", "access.offsitings_visible_to"),
        Scope("cases.OffSitingMeeting", "access.offsitings_visible_to", parent="offsiting"),
    ),
    demo_seeder="demo.offsiting.seed_offsitings",
    la_picture=(
        LaPicture(
            _("Off-sited to another centre"),
            "access.offsitings_visible_to",
            "cases.offsiting.selectors.at_receiving_centre_now",
            "home_centre",
            "offsiting-list",
            query="show=started",
            opened="created_at",
            closed="ended_on",
            by_school=False,
        ),
    ),
    waiting=(
        Waiting(
            _("Agree or refuse respite beyond the days allowed"),
            "access.offsitings_awaiting_approval",
        ),
    ),
)
