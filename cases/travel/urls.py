"""URLs of travel assistance change requests (included by config/urls.py)."""

from django.urls import path

from cases.travel import views

urlpatterns = [
    path(
        "pupils/<int:pupil_id>/travel-assistance/new/",
        views.travel_request_new,
        name="travel-request-new",
    ),
    path(
        "travel-assistance/<int:request_id>/",
        views.travel_request_detail,
        name="travel-request-detail",
    ),
    path(
        "travel-assistance/<int:request_id>/change/",
        views.travel_request_edit,
        name="travel-request-edit",
    ),
    path(
        "travel-assistance/<int:request_id>/send/",
        views.travel_request_send,
        name="travel-request-send",
    ),
    path(
        "travel-assistance/<int:request_id>/form.pdf",
        views.travel_request_pdf,
        name="travel-request-pdf",
    ),
]
