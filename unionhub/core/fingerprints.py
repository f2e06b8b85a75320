"""Figures kept in the cache until what they are counted from changes.

A page that sums every unit of a city (the report board and totals, a survey's results and
response rate) is opened far more often than its data changes. Such figures are kept under a
key made of a fingerprint of their data: a few counts and sums read in a millisecond or two.
Every change to a versioned record raises its `version`, every new record raises the count, so
any change makes a new key and what is shown is always exact; the time limit only frees memory.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import get_language

KEPT_SECONDS = 3600


def state_of(rows: QuerySet, field: str = "version") -> tuple:
    """(how many rows, the sum of `field`): changes whenever a row is added, removed or saved
    through a service (each save raises the version)."""
    found = rows.order_by().aggregate(n=Count("*"), total=Sum(field))
    return found["n"], found["total"]


def kept(name: str, fingerprint: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, or what it gave before for the same fingerprint (and language: labels are
    translated as they are counted)."""
    digest = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:32]
    return cache.get_or_set(f"kept:{name}:{digest}:{get_language()}", compute, KEPT_SECONDS)
