"""Headers every page carries: what the browser may load and which of its features we use."""

from django.conf import settings


class SecurityHeadersMiddleware:
    """Content-Security-Policy (scripts, styles and images from our own site only; no inline
    script, no frames, no plugins) and Permissions-Policy (no camera, microphone, location
    or payment: Waymark uses none). Set from settings, so a deployment can tighten them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
