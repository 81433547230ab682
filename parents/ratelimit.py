"""Rate limits on the parents' links (Django's cache, so every web process shares them when
the cache is Redis): per client address, against guessing tokens, and per token, against a
forwarded link being hammered. Fixed windows: simple, and enough to make guessing a 43-character
token hopeless."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind a load balancer, the header it sets (settings
    PARENT_LINK_CLIENT_IP_HEADER, such as HTTP_X_FORWARDED_FOR): its last address is the one
    the balancer saw, which a client cannot forge."""
    header = settings.PARENT_LINK_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _hit(key: str, window: int) -> int:
    """Count one request in this window; the count so far."""
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        return 1


def retry_after(request: HttpRequest, token_hash: str) -> int:
    """0 when the request may go on; otherwise the seconds until it may be tried again."""
    now = time.time()
    minute, hour = int(now // 60), int(now // 3600)
    per_ip = _hit(f"parents:ip:{client_ip(request)}:{minute}", 60)
    if per_ip > settings.PARENT_LINK_REQUESTS_PER_IP_PER_MINUTE:
        return 60 - int(now % 60)
    per_token = _hit(f"parents:token:{token_hash}:{hour}", 3600)
    if per_token > settings.PARENT_LINK_REQUESTS_PER_TOKEN_PER_HOUR:
        return 3600 - int(now % 3600)
    return 0
