from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases import direction_views as directions
from cases import host_views as hosting
from cases import la_views
from cases import views as cases
from documents import direction_views as direction_documents
from documents import outbox_views as outbox
from documents import views as documents
from reviews import notification_views as notifications
from reviews import views as reviews
from tenancy import views as tenancy

urlpatterns = [
    path("", tenancy.home, name="home"),
    path("healthz", tenancy.healthz, name="healthz"),
    path("account/sign-in/", tenancy.SignInView.as_view(), name="sign-in"),
    path("account/sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("account/two-factor/", tenancy.two_factor, name="two-factor"),
    path("account/organisation/", tenancy.choose_organisation, name="choose-organisation"),
    path("la/settings/", tenancy.la_settings, name="la-settings"),
    path("pupils/", cases.pupil_list, name="pupil-list"),
    path("pupils/add/", cases.pupil_add, name="pupil-add"),
    path("pupils/<int:pupil_id>/", cases.pupil_detail, name="pupil-detail"),
    path("pupils/<int:pupil_id>/history/", cases.pupil_history, name="pupil-history"),
    path(
        "pupils/<int:pupil_id>/sections/<slug:section>/",
        cases.section_edit,
        name="pupil-section-edit",
    ),
    path(
        "pupils/<int:pupil_id>/lists/<slug:collection>/add/", cases.row_edit, name="pupil-row-add"
    ),
    path(
        "pupils/<int:pupil_id>/lists/<slug:collection>/<int:row_id>/",
        cases.row_edit,
        name="pupil-row-edit",
    ),
    path(
        "pupils/<int:pupil_id>/lists/<slug:collection>/<int:row_id>/remove/",
        cases.row_delete,
        name="pupil-row-delete",
    ),
    path("pupils/<int:pupil_id>/passport.pdf", documents.passport_pdf, name="pupil-passport-pdf"),
    path("documents/<int:document_id>/", documents.document_download, name="document-download"),
    path("due/", reviews.due, name="due"),
    path("pupils/<int:pupil_id>/directions/new/", directions.direction_new, name="direction-new"),
    path("directions/<int:direction_id>/", directions.direction_detail, name="direction-detail"),
    path("directions/<int:direction_id>/plan/", directions.direction_plan, name="direction-plan"),
    path(
        "directions/<int:direction_id>/consultations/add/",
        directions.direction_consultation,
        name="direction-consultation",
    ),
    path(
        "directions/<int:direction_id>/steps/<slug:step>/",
        directions.direction_step,
        name="direction-step",
    ),
    path(
        "directions/<int:direction_id>/meetings/<slug:kind>/",
        directions.direction_meeting,
        name="direction-meeting",
    ),
    path(
        "directions/<int:direction_id>/meetings/<int:meeting_id>/invitation/",
        directions.meeting_invitation,
        name="meeting-invitation",
    ),
    path(
        "directions/<int:direction_id>/deadlines/<int:deadline_id>/waive/",
        directions.deadline_waive,
        name="deadline-waive",
    ),
    path(
        "directions/<int:direction_id>/letters/direction-letter/",
        outbox.direction_letter_send,
        name="direction-letter-send",
    ),
    path(
        "directions/<int:direction_id>/meetings/<int:meeting_id>/letters/invitation/",
        outbox.meeting_invitation_send,
        name="meeting-invitation-send",
    ),
    path(
        "directions/<int:direction_id>/meetings/<int:meeting_id>/letters/decision/",
        outbox.meeting_decision_send,
        name="meeting-decision-send",
    ),
    path(
        "letters/emails/<int:message_id>/send-again/",
        outbox.outbox_message_retry,
        name="outbox-message-retry",
    ),
    path(
        "directions/<int:direction_id>/documents/<slug:kind>/",
        direction_documents.direction_document,
        name="direction-document",
    ),
    path(
        "directions/<int:direction_id>/meetings/<int:meeting_id>/documents/<slug:kind>/",
        direction_documents.meeting_document,
        name="meeting-document",
    ),
    path("hosting/", hosting.hosting_list, name="hosting-list"),
    path(
        "directions/<int:direction_id>/attendance/",
        hosting.direction_attendance,
        name="direction-attendance",
    ),
    path(
        "directions/<int:direction_id>/contacts/add/",
        hosting.direction_contact_add,
        name="direction-contact-add",
    ),
    path(
        "directions/<int:direction_id>/host-suspension/",
        hosting.direction_host_suspension,
        name="direction-host-suspension",
    ),
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.notification_read,
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notifications-read-all",
    ),
    path(
        "directions/<int:direction_id>/managed-move/",
        la_views.managed_move,
        name="managed-move",
    ),
    path("la/directions/", la_views.la_directions, name="la-directions"),
    path("la/tasks/", la_views.la_tasks, name="la-tasks"),
    path("la/tasks/<int:task_id>/done/", la_views.la_task_done, name="la-task-done"),
    path("", include("cases.offsiting_urls")),
    path("", include("cases.psp_urls")),
    path("", include("cases.reduced_timetable_urls")),
    path("", include("safeguarding.provider_urls")),
    path("", include("cases.travel_urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "config.errors.not_found"
handler403 = "config.errors.forbidden"
handler500 = "config.errors.server_error"
