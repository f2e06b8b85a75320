"""/verify/<code>/: public, no login. Is this certificate genuine, for whom, which decision."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from commendations.services.verification import allow_check, find_award, ip_hash, log_check
from unionhub.core.http import client_ip


@never_cache
@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    # The client's address as the login throttle reads it: behind a proxy, each visitor's own.
    visitor = ip_hash(client_ip(request) or "unknown")
    if not allow_check(visitor):
        return render(request, "commendations/verify_limited.html", status=429)
    award = find_award(code)
    log_check(
        code=code, award=award, ip_hash=visitor, user_agent=request.headers.get("User-Agent", "")
    )
    if award is None:
        return render(request, "commendations/verify.html", {"code": code[:64]}, status=404)
    context = {"award": award, "decision": award.decision, "genuine": award.decision.is_issued}
    return render(request, "commendations/verify.html", context)
