"""The committee as the unit page shows it."""

from branches.models import Position, PositionRole, Unit

_ORDER = list(PositionRole)


def current_committee(unit: Unit, *, roles=(PositionRole.SECRETARY, PositionRole.DEPUTY_SECRETARY)):
    """The current holders of these seats, secretary first: one query."""
    seats = Position.objects.filter(
        unit=unit, ended_on__isnull=True, role__in=roles
    ).select_related("member")
    return sorted(seats, key=lambda p: (_ORDER.index(p.role), p.started_on))
