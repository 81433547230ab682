"""Pupils and the Pupil Passport."""

from django.urls import path

from cases.pupils import views

urlpatterns = [
    path("pupils/", views.pupil_list, name="pupil-list"),
    path("pupils/add/", views.pupil_add, name="pupil-add"),
    path("pupils/<int:pupil_id>/", views.pupil_detail, name="pupil-detail"),
    path("pupils/<int:pupil_id>/history/", views.pupil_history, name="pupil-history"),
    path(
        "pupils/<int:pupil_id>/sections/<slug:section>/",
        views.section_edit,
        name="pupil-section-edit",
    ),
    path(
        "pupils/<int:pupil_id>/lists/<slug:collection>/add/", views.row_edit, name="pupil-row-add"
    ),
    path(
        "pupils/<int:pupil_id>/lists/<slug:collection>/<int:row_id>/",
        views.row_edit,
        name="pupil-row-edit",
    ),
    path(
        "pupils/<int:pupil_id>/lists/<slug:collection>/<int:row_id>/remove/",
        views.row_delete,
        name="pupil-row-delete",
    ),
    path("pupils/<int:pupil_id>/passport.pdf", views.passport_pdf, name="pupil-passport-pdf"),
]
