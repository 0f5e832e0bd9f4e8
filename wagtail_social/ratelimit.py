"""Per-person rate limits in Django's cache: keyed on the account, never on the IP address
(a whole company often shares one)."""

from __future__ import annotations

import time

from django.core.cache import cache


def retry_after(user_id: int, scope: str, limit: int, window: int) -> int | None:
    """Count one request of ``user_id`` in ``scope``; the seconds to wait if over the limit."""
    now = time.time()
    window_start = int(now // window * window)
    key = f"wagtail_social:rate:{scope}:{user_id}:{window_start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, int(window_start + window - now + 0.999))
    return None
