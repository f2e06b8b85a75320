"""Figures summed over a whole subtree, kept a few minutes in the cache.

Counting a city's 200,000 members and 9,000 reports on every visit of its staff would cost more
than the page. Each entry carries the time it was counted, and the page shows it. A person's own
changes show at once: a successful POST (a save, a submission, "Cập nhật số liệu") marks their
session, and figures counted before that mark are counted again for them. The mark lives in the
session, in the database, so it holds whichever process or server serves the next page.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from branches.permissions import manages_any_unit

_SINCE = "figures_since"


def mark_fresh(request: HttpRequest) -> None:
    """Figures counted before now are counted again for this person."""
    request.session[_SINCE] = datetime.now(UTC).timestamp()


def counted_after(request: HttpRequest) -> float | None:
    return request.session.get(_SINCE)


def kept(key: str, compute: Callable[[], Any], *, after: float | None) -> tuple[datetime, Any]:
    """(when counted, value): from the cache unless missing, expired or counted before `after`."""
    entry = cache.get(key)
    if entry is None or (after is not None and entry[0] < after):
        entry = (datetime.now(UTC).timestamp(), compute())
        cache.set(key, entry, settings.DASHBOARD_CACHE_SECONDS)
    return datetime.fromtimestamp(entry[0], UTC), entry[1]


class FreshAfterWritesMiddleware:
    """Mark the session after every write that went through (a POST answered by a redirect)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method == "POST"
            and 300 <= response.status_code < 400
            and user is not None
            and user.is_authenticated
            # Only managers see sums over a subtree; a branch secretary's home counts live, and
            # the conference's secretaries answering at once need no session write.
            and manages_any_unit(user)
        ):
            mark_fresh(request)
        return response
