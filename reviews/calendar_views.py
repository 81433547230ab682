"""A person's calendar feed: the page where they make or reset its secret address, and the
feed itself, which a calendar app reads with no session (the token in the address is the
credential)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from reviews.calendar_feed import (
    FEED_PAST,
    calendar_feed_by_token,
    calendar_feed_of,
    feed_calendar,
    feed_rows,
)
from reviews.services.calendar_feed import calendar_feed_reset
from reviews.steps import steps_in_every_role
from tenancy.models import Membership


@require_http_methods(["GET", "POST"])
@login_required
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """Explains what the feed holds and shows its address; a POST makes the address, or
    replaces it so the old one stops working."""
    if request.method == "POST":
        _feed, created = calendar_feed_reset(user=request.user)
        if created:
            messages.success(
                request, _("Your calendar address is ready. Add it to your calendar app.")
            )
        else:
            messages.success(
                request,
                _(
                    "Your calendar address has been reset. The old address no longer works: "
                    "add the new one to your calendar app."
                ),
            )
        return redirect("calendar-feed-settings")
    feed = calendar_feed_of(request.user)
    address = settings.SITE_URL.rstrip("/") + feed.get_absolute_url() if feed else ""
    return render(
        request,
        "reviews/calendar_feed.html",
        {
            "feed": feed,
            "address": address,
            "subscribe": "webcal://" + address.split("://", 1)[-1] if address else "",
            "past_days": FEED_PAST.days,
        },
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's steps still to do and their review meetings, in every organisation and
    role they hold, as iCalendar. An unknown or reset token answers 404."""
    feed = calendar_feed_by_token(token)
    if feed is None:
        raise Http404(_("No such calendar."))
    memberships = Membership.objects.filter(user_id=feed.user_id).select_related(
        "school__local_authority", "local_authority", "group", "provider__local_authority"
    )
    today = timezone.localdate()
    deadlines, meetings = feed_rows(steps_in_every_role(list(memberships)), today=today)
    calendar = feed_calendar(
        feed=feed, deadlines=deadlines, meetings=meetings, today=today, now=timezone.now()
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    # Children's steps, even by initials: no shared cache keeps them, no search engine lists them.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
