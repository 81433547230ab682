"""What a case's staff page shows of the parents' own route: who confirmed receiving the
written notice, the parents' answers before meetings, and the links that work (with Revoke).
Loaded by the case's template: the cases app's Python never imports the parents app."""

from django import template
from django.utils import timezone

import access
from parents import selectors, services

register = template.Library()


@register.inclusion_tag("parents/_notice_received.html")
def notice_received(direction) -> dict:
    return {"receipts": selectors.notice_receipts(direction)}


@register.inclusion_tag("parents/_meeting_replies.html")
def meeting_replies(direction) -> dict:
    return {"replies": selectors.meeting_replies(direction)}


@register.inclusion_tag("parents/_links.html", takes_context=True)
def parent_links(context, case) -> dict:
    """The case's working links, to those who may change the pupil's record (and so revoke)."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if not access.can_edit_passport(membership, case.pupil):
        return {"shown": False}
    return {
        "shown": True,
        "links": list(services.active_links(case, now=timezone.now())),
        "next": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
    }
