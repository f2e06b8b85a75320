"""What a request says about its sender, read the same way everywhere."""

from axes.helpers import get_client_ip_address
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address by the login throttle's rule (AXES_PROXY_COUNT proxies trusted)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "") or ""
