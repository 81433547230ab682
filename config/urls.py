from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from cases import views as cases
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
    path("django-admin/", admin.site.urls),
]

handler404 = "config.errors.not_found"
handler403 = "config.errors.forbidden"
handler500 = "config.errors.server_error"
