"""Idle sessions end: a login left open on a shared office computer does not last for days."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

_LAST_SEEN = "last_seen"
# Writing the session on every request would be a database write per page; a minute is precise enough.
_TOUCH_EVERY = 60


def idle_timeout_for(user) -> int:
    """Seconds of inactivity after which the user's session ends (0: never, only the cookie age)."""
    if user.is_staff or user.is_superuser:
        return settings.SESSION_IDLE_TIMEOUT_STAFF
    return settings.SESSION_IDLE_TIMEOUT


class IdleTimeoutMiddleware:
    """Log the user out after too long without a request, and say why on the login page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(_LAST_SEEN)
            timeout = idle_timeout_for(user)
            if timeout and last_seen is not None and now - int(last_seen) > timeout:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after a period of inactivity. Please log in again."),
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - int(last_seen) >= _TOUCH_EVERY:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)
