from django.conf import settings


def acting(request):
    """The membership the person acts for, shown on every page, and the demo banner."""
    return {
        "membership": getattr(request, "membership", None),
        "membership_count": len(getattr(request, "memberships", [])),
        "demo_mode": settings.DEMO_MODE,
    }
