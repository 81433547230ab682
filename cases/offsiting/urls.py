"""URLs of the Back-on-Track off-siting (included by config/urls.py)."""

from django.urls import path

from cases.offsiting import letter_views, record_views, step_views, views

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
        step_views.offsiting_step,
        name="offsiting-step",
    ),
    path(
        "offsitings/<int:offsiting_id>/meetings/<int:meeting_id>/",
        record_views.offsiting_meeting,
        name="offsiting-meeting",
    ),
    path(
        "offsitings/<int:offsiting_id>/meetings/<int:meeting_id>/invitation/",
        letter_views.offsiting_invitation_send,
        name="offsiting-invitation-send",
    ),
    path("offsitings/<int:offsiting_id>/work/", record_views.offsiting_work, name="offsiting-work"),
    path(
        "offsitings/<int:offsiting_id>/workbook/",
        record_views.offsiting_workbook,
        name="offsiting-workbook",
    ),
    path(
        "offsitings/<int:offsiting_id>/concerns/add/",
        record_views.offsiting_concern,
        name="offsiting-concern",
    ),
    path(
        "offsitings/<int:offsiting_id>/summary.pdf",
        letter_views.offsiting_summary,
        name="offsiting-summary",
    ),
    path(
        "offsitings/<int:offsiting_id>/summary/send/",
        letter_views.offsiting_summary_send,
        name="offsiting-summary-send",
    ),
]
