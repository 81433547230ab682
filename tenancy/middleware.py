"""Who the signed-in person acts for, two-factor enforcement and the idle timeout."""

import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

ACTING_SESSION_KEY = "acting_membership_id"
# The idle timeout (SESSION_COOKIE_AGE) counts from the session's last save; saving it on every
# request is a database write per page, so it is renewed at most once a minute instead.
RENEWED_SESSION_KEY = "renewed_at"
RENEW_SESSION_EVERY = 60  # seconds
# Paths a signed-in person may reach before choosing an organisation or passing two-factor.
OPEN_PREFIXES = ("/static/", "/healthz", "/account/", "/i18n/")


def _renew_session(request) -> None:
    """Push the idle timeout back: a change to the session makes SessionMiddleware save it,
    with a fresh expiry, at the end of the request; at most once a minute."""
    now = int(time.time())
    if now - request.session.get(RENEWED_SESSION_KEY, 0) >= RENEW_SESSION_EVERY:
        request.session[RENEWED_SESSION_KEY] = now


class UserLanguageMiddleware:
    """A signed-in person's chosen language (User.language) over the browser's and the cookie's,
    which LocaleMiddleware has already applied; after AuthenticationMiddleware (issue 15)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.language
            and translation.check_for_language(user.language)
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class ActingOrganisationMiddleware:
    """Sets request.memberships and request.membership (the one the person acts for)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.membership = None
        user = request.user
        if user.is_authenticated:
            _renew_session(request)
            if settings.OTP_REQUIRED and not user.is_verified():
                if not request.path.startswith(OPEN_PREFIXES):
                    return redirect(
                        f"{reverse('two-factor')}?{urlencode({'next': request.get_full_path()})}"
                    )
            # In the order they were made, sorted here: ORDER BY made Django compare the order
            # with each of the hundred columns selected (a third of this query's cost, and it
            # runs on every request).
            request.memberships = sorted(
                user.memberships.select_related(
                    "school__local_authority",
                    "local_authority",
                    "group",
                    "provider__local_authority",
                ),
                key=lambda m: m.pk,
            )
            chosen = request.session.get(ACTING_SESSION_KEY)
            request.membership = next(
                (m for m in request.memberships if m.pk == chosen),
                request.memberships[0] if len(request.memberships) == 1 else None,
            )
            if (
                request.membership is None
                and len(request.memberships) > 1
                and not request.path.startswith(OPEN_PREFIXES)
            ):
                return redirect(
                    f"{reverse('choose-organisation')}?"
                    f"{urlencode({'next': request.get_full_path()})}"
                )
        response = self.get_response(request)
        if user.is_authenticated:
            # Children's records must not stay in a shared computer's cache after sign-out.
            patch_cache_control(response, no_store=True, private=True)
        return response
