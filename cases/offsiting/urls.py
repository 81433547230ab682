"""URLs of the Back-on-Track off-siting (included by config/urls.py)."""

from django.urls import path

from cases.offsiting import views

urlpatterns = [
    path("offsitings/", views.offsiting_list, name="offsiting-list"),
    path("pupils/<int:pupil_id>/offsitings/new/", views.offsiting_new, name="offsiting-new"),
    path("offsitings/<int:offsiting_id>/", views.offsiting_detail, name="offsiting-detail"),
    path("offsitings/<int:offsiting_id>/plan/", views.offsiting_plan, name="offsiting-plan"),
    path(
        "offsitings/<int:offsiting_id>/sharing/<slug:item>/",
        views.offsiting_item,
        name="offsiting-item",
    ),
    path(
        "offsitings/<int:offsiting_id>/steps/<slug:step>/",
        views.offsiting_step,
        name="offsiting-step",
    ),
    path(
        "offsitings/<int:offsiting_id>/meetings/<int:meeting_id>/",
        views.offsiting_meeting,
        name="offsiting-meeting",
    ),
    path(
        "offsitings/<int:offsiting_id>/meetings/<int:meeting_id>/invitation/",
        views.offsiting_invitation_send,
        name="offsiting-invitation-send",
    ),
    path("offsitings/<int:offsiting_id>/work/", views.offsiting_work, name="offsiting-work"),
    path(
        "offsitings/<int:offsiting_id>/workbook/",
        views.offsiting_workbook,
        name="offsiting-workbook",
    ),
    path(
        "offsitings/<int:offsiting_id>/concerns/add/",
        views.offsiting_concern,
        name="offsiting-concern",
    ),
    path(
        "offsitings/<int:offsiting_id>/summary.pdf",
        views.offsiting_summary,
        name="offsiting-summary",
    ),
    path(
        "offsitings/<int:offsiting_id>/summary/send/",
        views.offsiting_summary_send,
        name="offsiting-summary-send",
    ),
]
