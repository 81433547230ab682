"""URLs of the Pastoral Support Programme (included by config/urls.py)."""

from django.urls import path

from cases.psp import detail_views, la_views, meeting_views, review_views, views

urlpatterns = [
    path("pupils/<int:pupil_id>/psp/new/", views.psp_new, name="psp-new"),
    path("psps/<int:psp_id>/", detail_views.psp_detail, name="psp-detail"),
    path("psps/<int:psp_id>/stages/<slug:stage>/", views.psp_stage, name="psp-stage"),
    path("psps/<int:psp_id>/move-on/", views.psp_advance, name="psp-advance"),
    path("psps/<int:psp_id>/outcomes/add/", meeting_views.psp_outcome, name="psp-outcome-add"),
    path(
        "psps/<int:psp_id>/outcomes/<int:outcome_id>/",
        meeting_views.psp_outcome,
        name="psp-outcome-edit",
    ),
    path(
        "psps/<int:psp_id>/outcomes/<int:outcome_id>/remove/",
        meeting_views.psp_outcome_remove,
        name="psp-outcome-remove",
    ),
    path(
        "psps/<int:psp_id>/agreements/add/",
        meeting_views.psp_agreement_add,
        name="psp-agreement-add",
    ),
    path(
        "psps/<int:psp_id>/agreements/<int:agreement_id>/remove/",
        meeting_views.psp_agreement_remove,
        name="psp-agreement-remove",
    ),
    path("psps/<int:psp_id>/sign/", meeting_views.psp_sign, name="psp-sign"),
    path("psps/<int:psp_id>/reviews/add/", review_views.psp_review_add, name="psp-review-add"),
    path(
        "psps/<int:psp_id>/check-ins/add/",
        review_views.psp_check_in_add,
        name="psp-check-in-add",
    ),
    path("psps/<int:psp_id>/copies/send/", review_views.psp_send_copy, name="psp-send-copy"),
    path("psps/<int:psp_id>/documents/", review_views.psp_document, name="psp-document"),
    path("psps/<int:psp_id>/monitoring/", review_views.psp_monitoring, name="psp-monitoring"),
    path("la/psps/", la_views.la_psps, name="la-psps"),
]
