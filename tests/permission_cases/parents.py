"""Permission-matrix cases of the parents' own route (issue 14; see tests/permissions.py).

The token in the address is the credential: a parent's page and its actions answer the same to
whoever holds it, signed in or not (a GET of an action 405, a POST of the page 405). Revoking a
link is staff work: the pupil's editors (a redirect back), those who see the pupil but may not
change it 403, everyone else 404.
"""

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.permissions import EDITORS, SEES_PUPIL, Case, statuses


def _family(world):
    """A direction with a review in the diary, a letter to the world's parent and their link,
    made on first use. The rate limits are cleared: every role asks with the same token."""
    cache.clear()
    if not hasattr(world, "parent_link"):
        from parents import services
        from parents.models import EmailChange
        from reviews.models import Meeting
        from tests.documents.factories import GeneratedDocumentFactory
        from tests.factories import DirectionFactory, LetterFactory

        lead = world.users["school_case_lead"]
        direction = DirectionFactory(pupil=world.pupil, case_lead=lead, state="active")
        parent = world.pupil.parents.get()
        world.parent_meeting = Meeting.objects.create(
            direction=direction,
            kind="review",
            date=timezone.localdate() + datetime.timedelta(days=14),
            recorded_by=lead,
        )
        document = GeneratedDocumentFactory(
            pupil=world.pupil, kind="direction_letter", about=direction
        )
        world.parent_letter = LetterFactory(pupil=world.pupil, document=document, parent=parent)
        world.parent_link, world.parent_token = services.link_issue(parent=parent, case=direction)
        confirm, confirm_hash = services.new_token()
        EmailChange.objects.create(
            parent=parent,
            link=world.parent_link,
            new_email="pat@new.example",
            token_hash=confirm_hash,
            created_at=timezone.now(),
            expires_at=timezone.now() + datetime.timedelta(days=2),
            emailed_at=timezone.now(),
        )
        world.parent_confirm_token = confirm
    return world


def _parent_url(name, *extra):
    def url(world):
        w = _family(world)
        args = [getattr(w, e).pk for e in extra]
        return reverse(name, args=[w.parent_token, *args])

    return url


ANYONE_200 = statuses(200)
ANYONE_302 = statuses(302)
ANYONE_405 = statuses(405)

CASES = {
    "parent-page": Case(_parent_url("parent-page"), ANYONE_200, ANYONE_405),
    "parent-letter": Case(_parent_url("parent-letter", "parent_letter"), ANYONE_200, ANYONE_405),
    "parent-letter-received": Case(
        _parent_url("parent-letter-received", "parent_letter"), ANYONE_405, ANYONE_302
    ),
    "parent-meeting-attending": Case(
        _parent_url("parent-meeting-attending", "parent_meeting"),
        ANYONE_405,
        ANYONE_302,
        lambda w: {"attending": "yes"},
    ),
    "parent-meeting-views": Case(
        _parent_url("parent-meeting-views", "parent_meeting"),
        ANYONE_200,
        ANYONE_302,
        lambda w: {"views": "We would like a fresh start."},
    ),
    "parent-review-request": Case(
        _parent_url("parent-review-request"), ANYONE_200, ANYONE_302, lambda w: {"reason": ""}
    ),
    "parent-language": Case(
        _parent_url("parent-language"), ANYONE_405, ANYONE_302, lambda w: {"language": "cy"}
    ),
    "parent-email": Case(
        _parent_url("parent-email"),
        ANYONE_200,
        ANYONE_302,
        lambda w: {"email": "pat@new.example"},
    ),
    "parent-email-confirm": Case(
        lambda w: reverse("parent-email-confirm", args=[_family(w).parent_confirm_token]),
        ANYONE_200,
        ANYONE_302,
    ),
    "parent-link-revoke": Case(
        lambda w: reverse("parent-link-revoke", args=[_family(w).parent_link.pk]),
        ANYONE_405,
        statuses(404, s302={"anonymous"} | EDITORS, s403=SEES_PUPIL - EDITORS),
    ),
}
