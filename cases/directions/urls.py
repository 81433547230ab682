"""Off-site directions, their meetings, letters and documents, host work, managed moves and
LA tasks."""

from django.urls import path

from cases.directions import (
    document_views,
    host_views,
    la_views,
    letter_views,
    move_views,
    views,
)

urlpatterns = [
    path("pupils/<int:pupil_id>/directions/new/", views.direction_new, name="direction-new"),
    path("directions/<int:direction_id>/", views.direction_detail, name="direction-detail"),
    path("directions/<int:direction_id>/plan/", views.direction_plan, name="direction-plan"),
    path(
        "directions/<int:direction_id>/consultations/add/",
        views.direction_consultation,
        name="direction-consultation",
    ),
    path(
        "directions/<int:direction_id>/steps/<slug:step>/",
        views.direction_step,
        name="direction-step",
    ),
    path(
        "directions/<int:direction_id>/meetings/<slug:kind>/",
        views.direction_meeting,
        name="direction-meeting",
    ),
    path(
        "directions/<int:direction_id>/meetings/<int:meeting_id>/when/",
        views.meeting_when,
        name="meeting-when",
    ),
    path(
        "directions/<int:direction_id>/meetings/<int:meeting_id>/invitation/",
        views.meeting_invitation,
        name="meeting-invitation",
    ),
    path(
        "directions/<int:direction_id>/deadlines/<int:deadline_id>/waive/",
        views.deadline_waive,
        name="deadline-waive",
    ),
    path(
        "directions/<int:direction_id>/letters/",
        letter_views.direction_letters_live,
        name="direction-letters-live",
    ),
    path(
        "directions/<int:direction_id>/letters/direction-letter/",
        letter_views.direction_letter_send,
        name="direction-letter-send",
    ),
    path(
        "directions/<int:direction_id>/meetings/<int:meeting_id>/letters/invitation/",
        letter_views.meeting_invitation_send,
        name="meeting-invitation-send",
    ),
    path(
        "directions/<int:direction_id>/meetings/<int:meeting_id>/letters/decision/",
        letter_views.meeting_decision_send,
        name="meeting-decision-send",
    ),
    path(
        "directions/<int:direction_id>/documents/<slug:kind>/",
        document_views.direction_document,
        name="direction-document",
    ),
    path(
        "directions/<int:direction_id>/meetings/<int:meeting_id>/documents/<slug:kind>/",
        document_views.meeting_document,
        name="meeting-document",
    ),
    path("hosting/", host_views.hosting_list, name="hosting-list"),
    path(
        "directions/<int:direction_id>/attendance/",
        host_views.direction_attendance,
        name="direction-attendance",
    ),
    path(
        "directions/<int:direction_id>/contacts/add/",
        host_views.direction_contact_add,
        name="direction-contact-add",
    ),
    path(
        "directions/<int:direction_id>/host-suspension/",
        host_views.direction_host_suspension,
        name="direction-host-suspension",
    ),
    path(
        "directions/<int:direction_id>/managed-move/",
        la_views.managed_move,
        name="managed-move",
    ),
    path(
        "directions/<int:direction_id>/managed-move/not-going-ahead/",
        la_views.managed_move_stop,
        name="managed-move-stop",
    ),
    path("la/directions/", la_views.la_directions, name="la-directions"),
    path("la/tasks/", la_views.la_tasks, name="la-tasks"),
    # Managed moves agreed without a direction (003's second route).
    path(
        "pupils/<int:pupil_id>/managed-moves/new/",
        move_views.managed_move_new,
        name="managed-move-new",
    ),
    path(
        "managed-moves/<int:move_id>/", move_views.managed_move_detail, name="managed-move-detail"
    ),
    path(
        "managed-moves/<int:move_id>/change/",
        move_views.managed_move_change,
        name="managed-move-change",
    ),
    path(
        "managed-moves/<int:move_id>/not-going-ahead/",
        move_views.managed_move_cancel,
        name="managed-move-cancel",
    ),
    path("la/managed-moves/", move_views.la_managed_moves, name="la-managed-moves"),
    path("la/tasks/<int:task_id>/done/", la_views.la_task_done, name="la-task-done"),
]
