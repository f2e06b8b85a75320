"""What the events services add to the core's record versions.

`claim_version()` raises the version of the object it is given. When the service fails after
that, its transaction rolls the database back, but the object in the caller's hands would keep
the raised version and every later call with it would be refused as a conflict.
"""

import functools
from collections.abc import Callable


def keeps_version_on_failure(service: Callable) -> Callable:
    """Decorate a service whose first argument is a versioned record: on failure, the record
    keeps the version it came with, as the rolled-back database does."""

    @functools.wraps(service)
    def wrapper(record, *args, **kwargs):
        before = record.version
        try:
            return service(record, *args, **kwargs)
        except Exception:
            record.version = before
            raise

    return wrapper
