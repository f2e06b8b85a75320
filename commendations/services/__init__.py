"""Every change to criteria, rounds, nominations, reviews and decisions goes through these modules.

`by` is the acting user; each writing service checks the app's permission predicates itself
(`require`), so the views, the admin, commands and tests meet the same rules. `by=None` means the
system itself (the demo seed, data migrations): the workflow rules still hold, the role checks are
skipped.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied


def require(allowed: Callable[..., bool], by, *objects) -> None:
    """Refuse (PermissionDenied) a caller for whom `allowed(by, *objects)` is false."""
    if by is not None and not allowed(by, *objects):
        raise PermissionDenied
