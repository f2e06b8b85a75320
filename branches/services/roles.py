"""Every change to who holds which role on a unit goes through these functions."""

from django.db import transaction

from branches.models import Role, Unit
from branches.permissions import can_manage_unit, forget_roles, require


@transaction.atomic
def grant_role(unit: Unit, *, by, user, kind: str, title: str = "") -> Role:
    """Give a user a role on a unit (or change the one they hold there)."""
    require(by, can_manage_unit, unit)
    role = Role.objects.filter(user=user, unit=unit).first() or Role(user=user, unit=unit)
    role.kind = kind
    role.title = title
    role.full_clean()
    role._history_user = by
    role.save()
    forget_roles(user)
    return role


@transaction.atomic
def revoke_role(role: Role, *, by) -> None:
    """Take a role away; the history keeps it."""
    require(by, can_manage_unit, role.unit)
    role._history_user = by
    role.delete()
    forget_roles(role.user)
