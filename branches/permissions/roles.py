"""Who may hand out, renew and take away the accounts and roles of a unit."""

from collections.abc import Callable

from django.http import Http404

from branches.models import Role, Unit
from branches.permissions.units import can_manage_unit, units_managed_by


def can_reset_account(user, account) -> bool:
    """Reset an account's password: only if the user manages every unit the account holds."""
    if user.is_superuser:
        return True
    if account.is_superuser or account.is_staff:
        return False
    held = Role.objects.filter(user=account)
    # Otherwise a ward manager could take over a district account that also holds a ward role.
    return held.exists() and not held.exclude(unit__in=units_managed_by(user)).exists()


def can_renew_link(user, role: Role) -> bool:
    """Reset the password of the role's holder: only if the user manages every unit they hold."""
    return can_reset_account(user, role.user)


def get_role_for(user, unit: Unit, pk: int, *, allow: Callable | None = None) -> Role:
    """A role on `unit` that the user may manage (and `allow` holds, if given); 404 otherwise."""
    role = Role.objects.select_related("user", "unit").filter(pk=pk, unit=unit).first()
    if role is None or not can_manage_unit(user, unit) or role.user_id == user.pk:
        raise Http404
    if allow is not None and not allow(user, role):
        raise Http404
    return role
