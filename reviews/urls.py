"""The Due page and notifications."""

from django.urls import path

from reviews import notification_views as notifications
from reviews import views

urlpatterns = [
    path("due/", views.due, name="due"),
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
]
