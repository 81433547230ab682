"""URLs of the LA's AP provider register (included by cases/placements/urls.py, with the
placements made from it).

Source: 004_f815cbfe89cfcc2a.txt "The use of Alternative Provisions".
"""

from django.urls import path

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
]
