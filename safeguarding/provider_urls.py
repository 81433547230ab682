"""URLs of the AP provider register and of AP placements (included by config/urls.py).

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision".
"""

from django.urls import path

from cases.placements import views as placements
from safeguarding import provider_views as providers

urlpatterns = [
    path("ap-providers/", providers.provider_list, name="provider-list"),
    path("ap-providers/add/", providers.provider_add, name="provider-add"),
    path("ap-providers/<int:provider_id>/", providers.provider_detail, name="provider-detail"),
    path("ap-providers/<int:provider_id>/change/", providers.provider_edit, name="provider-edit"),
    path(
        "ap-providers/<int:provider_id>/declarations/add/",
        providers.declaration_add,
        name="provider-declaration-add",
    ),
    path(
        "ap-providers/<int:provider_id>/declarations/sign/",
        providers.declaration_sign,
        name="provider-declaration-sign",
    ),
    path(
        "ap-providers/<int:provider_id>/declarations/<int:declaration_id>.pdf",
        providers.declaration_pdf,
        name="provider-declaration-pdf",
    ),
    path(
        "ap-providers/<int:provider_id>/declaration-form.pdf",
        providers.declaration_blank_pdf,
        name="provider-declaration-blank-pdf",
    ),
    path(
        "ap-providers/<int:provider_id>/visits/add/",
        providers.visit_add,
        name="provider-visit-add",
    ),
    path(
        "pupils/<int:pupil_id>/ap-placements/new/",
        placements.placement_new,
        name="ap-placement-new",
    ),
    path(
        "ap-placements/<int:placement_id>/", placements.placement_detail, name="ap-placement-detail"
    ),
    path(
        "ap-placements/<int:placement_id>/change/",
        placements.placement_edit,
        name="ap-placement-edit",
    ),
    path(
        "ap-placements/<int:placement_id>/attendance/",
        placements.placement_attendance,
        name="ap-placement-attendance",
    ),
    path(
        "ap-placements/<int:placement_id>/end/",
        placements.placement_end,
        name="ap-placement-end",
    ),
]
