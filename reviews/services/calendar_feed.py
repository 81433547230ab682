"""A person's secret calendar address: made, or replaced so the old one stops working."""

from django.db import transaction
from django.utils import timezone

from reviews.models import CalendarFeed, new_calendar_token


@transaction.atomic
def calendar_feed_reset(*, user) -> tuple[CalendarFeed, bool]:
    """Make the person's calendar address, or give it a new token: from this moment the old
    address answers 404 (it was shared, or the person lost track of where it went). Returns the
    feed and whether it was new."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_calendar_token()
        feed.reset_at = timezone.now()
        feed.full_clean()
        feed.save(update_fields=["token", "reset_at"])
    return feed, created
