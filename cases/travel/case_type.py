"""Requests to change a pupil's home-to-school travel assistance (004)."""

from django.utils.translation import gettext_lazy as _

from cases.registry import CaseType, Scope

CASE_TYPE = CaseType(
    slug="travel",
    name=_("Travel assistance change"),
    urls="cases.travel.urls",
    card="cases.travel.views.pupil_card",
    renderers="cases.travel.documents.FORM_RENDERERS",
    document_scopes=(Scope("cases.TravelAssistanceRequest", "access.travel_requests_visible_to"),),
    demo_seeder="demo.travel.seed_travel_requests",
)
