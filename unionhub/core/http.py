"""What a request says about its sender, read the same way everywhere (login throttle, /verify/)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting exactly TRUSTED_PROXY_COUNT reverse proxies (env AXES_PROXY_COUNT) in front of us.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    proxies the client is the N-th entry from the right; anything further left was written by the
    client itself and is not believed. With no proxy, X-Forwarded-For is ignored altogether.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]
