"""The unread notifications of the person signed in: a count for the header and a banner for
the home page. One query per request, shared by both (cached on the request)."""

from django import template

import access

register = template.Library()
SHOWN = 5


def _unread(request) -> tuple[int, list]:
    """(how many unread, the newest few), from a single query of at most SHOWN + 1 rows
    unless there are more, when a count query tells how many."""
    cached = getattr(request, "_waymark_unread", None)
    if cached is not None:
        return cached
    membership = getattr(request, "membership", None)
    if membership is None:
        result = (0, [])
    else:
        unread = access.notifications_visible_to(membership).filter(read_at__isnull=True)
        newest = list(unread[: SHOWN + 1])
        count = len(newest) if len(newest) <= SHOWN else unread.count()
        result = (count, newest[:SHOWN])
    request._waymark_unread = result
    return result


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    request = context.get("request")
    return _unread(request)[0] if request is not None else 0


@register.inclusion_tag("reviews/_notification_banner.html", takes_context=True)
def unread_notifications_banner(context) -> dict:
    request = context.get("request")
    count, newest = _unread(request) if request is not None else (0, [])
    return {"count": count, "notifications": newest, "more": count > len(newest)}
