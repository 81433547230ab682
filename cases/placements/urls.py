"""URLs of AP placements and of the LA's AP provider register they are made from (included by
config/urls.py). Source: 004_f815cbfe89cfcc2a.txt "The use of Alternative Provisions"."""

from django.urls import include, path

from cases.placements import la_views, views

urlpatterns = [
    path("", include("safeguarding.provider_urls")),
    path(
        "pupils/<int:pupil_id>/ap-placements/new/",
        views.placement_new,
        name="ap-placement-new",
    ),
    path("la/ap-placements/", la_views.la_ap_placements, name="la-ap-placements"),
    path("ap-placements/<int:placement_id>/", views.placement_detail, name="ap-placement-detail"),
    path(
        "ap-placements/<int:placement_id>/change/",
        views.placement_edit,
        name="ap-placement-edit",
    ),
    path(
        "ap-placements/<int:placement_id>/attendance/",
        views.placement_attendance,
        name="ap-placement-attendance",
    ),
    path(
        "ap-placements/<int:placement_id>/end/",
        views.placement_end,
        name="ap-placement-end",
    ),
]
