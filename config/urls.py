from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from cases import direction_views as directions
from cases import views as cases
from documents import views as documents
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
    path("django-admin/", admin.site.urls),
]

handler404 = "config.errors.not_found"
handler403 = "config.errors.forbidden"
handler500 = "config.errors.server_error"
