"""The person's notifications: what they must know at once (003: a host suspension)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

import access
from reviews.notifications import notification_mark_read, notifications_mark_all_read

PAGE = 100


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """Unread first, then the latest read ones. Two queries: one for each."""
    visible = access.notifications_visible_to(request.membership).select_related(
        "pupil", "direction"
    )
    return render(
        request,
        "reviews/notifications.html",
        {
            "unread": list(visible.filter(read_at__isnull=True)[:PAGE]),
            "read": list(visible.filter(read_at__isnull=False).order_by("-read_at", "-pk")[:PAGE]),
        },
    )


@require_POST
@login_required
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = access.get_notification_for_user(request.membership, notification_id)
    notification_mark_read(notification=notification)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    messages.success(request, _("Marked as read."))
    return redirect("notifications")


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(
        notifications=access.notifications_visible_to(request.membership)
    )
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("notifications")
