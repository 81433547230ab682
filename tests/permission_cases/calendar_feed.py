"""Permission-matrix cases of the personal calendar feed (see tests/permissions.py).

Everyone signed in has their own calendar page and may make or reset their own address (a POST
answers with a redirect to the page); nobody can reach another person's. The feed itself needs
no session, since a calendar app fetches it: the token in the address is the credential, so the
home case lead's feed answers 200 to whoever asks with it, signed in or not, and a POST 405.
"""

from django.urls import reverse

from tests.permissions import Case, statuses


def _feed_url(world):
    """The home case lead's feed, made on first use."""
    from reviews.services.calendar_feed import calendar_feed_reset

    if not hasattr(world, "calendar_feed"):
        world.calendar_feed, _created = calendar_feed_reset(user=world.users["school_case_lead"])
    return world.calendar_feed.get_absolute_url()


CASES = {
    "calendar-feed-settings": Case(
        lambda w: reverse("calendar-feed-settings"),
        statuses(200, s302={"anonymous"}),
        statuses(302),
    ),
    "calendar-feed": Case(_feed_url, statuses(200), statuses(405)),
}
