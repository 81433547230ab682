from django.conf import settings

from tenancy import access


def acting(request):
    """The membership the person acts for, shown on every page, the menu items it may use
    (from the access policy, so the menu never offers a page that answers 403), and the demo
    banner."""
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "membership_count": len(getattr(request, "memberships", [])),
        "menu": {
            "hosting": access.can_view_hosting_list(membership),
            "la_lists": access.can_view_la_lists(membership),
            "la_settings": access.can_manage_la_settings(membership),
            # menu: off-siting
            "offsitings": access.can_view_offsiting_list(membership),
            # menu: PSP
            "psp_list": access.can_view_la_psps(membership),
            # menu: reduced timetable
            "la_reduced_timetables": access.can_view_la_reduced_timetables(membership),
            # menu: AP providers
            "ap_providers": access.can_view_provider_register(membership),
        },
        "demo_mode": settings.DEMO_MODE,
    }
