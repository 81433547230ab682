"""The Due page, the LA's picture and reports, notifications and the personal calendar feed."""

from django.urls import path

from reviews import calendar_views, dashboard_views, report_views, views
from reviews import notification_views as notifications

urlpatterns = [
    path("due/", views.due, name="due"),
    path("la/", dashboard_views.la_dashboard, name="la-dashboard"),
    path("la/steps/", dashboard_views.la_dashboard_steps, name="la-dashboard-steps"),
    path("la/reports/", report_views.la_reports, name="la-reports"),
    path("la/reports/<slug:slug>/", report_views.la_report, name="la-report"),
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
    path("calendar/", calendar_views.calendar_feed_settings, name="calendar-feed-settings"),
    # The token is the credential: a calendar app fetches this with no session.
    path("calendar/<slug:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
]
