"""A new unit joins the work already open for units like it: each app registers, in its
AppConfig.ready(), a service that takes the unit in (an open report period, an open event).

`create_unit()` calls `join_open_work()` explicitly, in its transaction; the core knows no app.
"""

from collections.abc import Callable

_JOINERS: list[Callable] = []


def register_joiner(joiner: Callable) -> Callable:
    """`joiner(unit, *, by)` adds the new unit where its siblings already are."""
    if joiner not in _JOINERS:
        _JOINERS.append(joiner)
    return joiner


def join_open_work(unit, *, by) -> None:
    for joiner in _JOINERS:
        joiner(unit, by=by)
