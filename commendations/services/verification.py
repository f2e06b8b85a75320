"""The public certificate check: look a code up, log the check, and rate-limit per address.

The limiter counts the logged checks in the database, so the limit holds across every app server
and process without a shared cache. The address is the client's as the login throttle reads it
(`unionhub.core.http.client_ip`, which trusts AXES_PROXY_COUNT proxies): behind a reverse proxy
every visitor keeps their own budget. Anyone may check a code: these services need no role.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commendations.models import Award, VerificationCheck

CHECKS_PER_MINUTE = 20
MAX_CODE_LENGTH = 64


def ip_hash(ip: str) -> str:
    """A keyed hash of the address: repeats can be counted, the address cannot be read back."""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()[:32]


def allow_check(key: str, *, limit: int | None = None, window: int = 60) -> bool:
    """True while the address behind `key` made fewer than `limit` checks in the last `window` s."""
    limit = CHECKS_PER_MINUTE if limit is None else limit
    since = timezone.now() - timedelta(seconds=window)
    return VerificationCheck.objects.filter(ip_hash=key, at__gte=since).count() < limit


def find_award(code: str) -> Award | None:
    """The award a code belongs to, if any (an over-long code is not looked up)."""
    if not code or len(code) > MAX_CODE_LENGTH:
        return None
    return (
        Award.objects.select_related("decision", "decision__issuer", "decision__round")
        .filter(verification_code=code)
        .first()
    )


@transaction.atomic
def log_check(
    *, code: str, award: Award | None, ip_hash: str, user_agent: str
) -> VerificationCheck:
    """Record one look-up on the verify page (kept to spot forged or mass-probed codes)."""
    check = VerificationCheck(
        code=code[:MAX_CODE_LENGTH],
        award=award,
        ip_hash=ip_hash,
        user_agent=user_agent[:200],
    )
    check.full_clean()
    check.save()
    return check
