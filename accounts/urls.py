"""Signing in and out, two-factor, the organisation a person acts for, the home page and the
LA's policy settings."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from reviews.views import work

urlpatterns = [
    path("", work, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("account/sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("account/sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("account/two-factor/", views.two_factor, name="two-factor"),
    path("account/two-factor/send-link/", views.two_factor_send_link, name="two-factor-send-link"),
    path("account/two-factor/enrol/<str:token>/", views.two_factor_enrol, name="two-factor-enrol"),
    path("account/emails/", views.emails, name="emails"),
    path("account/organisation/", views.choose_organisation, name="choose-organisation"),
    path("la/settings/", views.la_settings, name="la-settings"),
    path("la/people/", views.la_people, name="la-people"),
    path(
        "la/people/<int:user_id>/reset-two-factor/",
        views.la_person_reset_two_factor,
        name="la-person-reset-two-factor",
    ),
]
