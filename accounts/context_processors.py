from django.conf import settings
from django.urls import reverse

import access
from cases import registry


def acting(request):
    """The membership the person acts for, shown on every page, the menu items it may use
    (from the access policy, so the menu never offers a page that answers 403), and the demo
    banner. Each case type declares its own menu items (cases.registry)."""
    membership = getattr(request, "membership", None)
    case_items = []
    for _case_type, items in registry.each("menu"):
        for item in items:
            if registry.resolve(item.allowed)(membership):
                url = reverse(item.url_name)
                current = request.path == url
                within = bool(item.active_prefix) and request.path.startswith(item.active_prefix)
                active = current or within
                case_items.append(
                    {"label": item.label, "url": url, "current": current, "active": active}
                )
    return {
        "membership": membership,
        "membership_count": len(getattr(request, "memberships", [])),
        "menu": {
            "case_types": case_items,
            "la_settings": access.can_manage_la_settings(membership),
            "la_dashboard": access.can_view_la_lists(membership),
            "la_reports": access.can_view_la_reports(membership),
        },
        "demo_mode": settings.DEMO_MODE,
    }
