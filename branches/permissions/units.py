"""Who may see and change which unit. One rule: a role on a unit covers that unit and all below it."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from branches.models import Role, RoleKind, Unit

_RANK = {RoleKind.VIEWER: 1, RoleKind.EDITOR: 2, RoleKind.MANAGER: 3}
_CACHE_ATTR = "_unionhub_role_paths"


def _role_paths(user) -> list[tuple[str, str]]:
    """(path, kind) of every role the user holds on an open unit, cached on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Role.objects.filter(user=user, unit__closed_on__isnull=True).values_list(
                "unit__path", "kind"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after they changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def kind_on(user, unit: Unit) -> str | None:
    """The strongest role kind the user holds on the unit or above it, or None."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return RoleKind.MANAGER
    best = None
    for path, kind in _role_paths(user):
        if unit.path.startswith(path) and (best is None or _RANK[kind] > _RANK[best]):
            best = kind
    return best


def manages_any_unit(user) -> bool:
    """A manager of some open unit (from the roles already read for this request)."""
    return any(kind == RoleKind.MANAGER for _path, kind in _role_paths(user))


def is_district_staff(user) -> bool:
    """A manager of the top unit (or a superuser): district staff."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(
        path.count("/") == 1 and kind == RoleKind.MANAGER for path, kind in _role_paths(user)
    )


def units_visible_to(user):
    """Every unit the user may see, as one queryset."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    paths = [path for path, _kind in _role_paths(user)]
    if not paths:
        return Unit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def top_units_visible_to(user):
    """The highest units the user may see (those of their roles not under another of them)."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.filter(parent__isnull=True)
    paths = {path for path, _kind in _role_paths(user)}
    highest = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    return Unit.objects.filter(path__in=highest)


def _units_with_kinds(user, kinds: set[str]):
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    condition = Q(pk__in=[])
    for path, kind in _role_paths(user):
        if kind in kinds:
            condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def units_managed_by(user):
    """Units the user manages (manager role on them or above)."""
    return _units_with_kinds(user, {RoleKind.MANAGER})


def units_editable_by(user):
    """Units whose records the user keeps (editor or manager role on them or above)."""
    return _units_with_kinds(user, {RoleKind.MANAGER, RoleKind.EDITOR})


def can_view_unit(user, unit: Unit) -> bool:
    """See the unit and its records: any role on it or above it."""
    return kind_on(user, unit) is not None


def can_edit_unit(user, unit: Unit) -> bool:
    """Edit the unit's own details: an editor or manager of it, while it is open."""
    return not unit.is_closed and kind_on(user, unit) in (RoleKind.EDITOR, RoleKind.MANAGER)


def can_manage_unit(user, unit: Unit) -> bool:
    """Add units under it and hand out accounts for it: a manager of it, while it is open."""
    return not unit.is_closed and kind_on(user, unit) == RoleKind.MANAGER


def can_restructure_unit(user, unit: Unit) -> bool:
    """Move, close or merge the unit: a manager of the unit above it."""
    if unit.is_closed or unit.parent_id is None:
        return False
    return kind_on(user, unit.parent) == RoleKind.MANAGER


def ancestors_for(user, unit: Unit) -> list[Unit]:
    """The units above `unit`, top first, each marked `can_view` (a breadcrumb links only those)."""
    ancestors = unit.ancestors()
    for ancestor in ancestors:
        ancestor.can_view = can_view_unit(user, ancestor)
    return ancestors


def get_unit_for(user, pk: int, *, allow: Callable = can_view_unit) -> Unit:
    """The unit with this id if the user may see it and `allow` holds; 404 otherwise."""
    unit = Unit.objects.select_related("parent", "successor").filter(pk=pk).first()
    if unit is None or not can_view_unit(user, unit) or not allow(user, unit):
        raise Http404
    return unit


def require(by, allowed: Callable[..., bool], *objects) -> None:
    """Raise PermissionDenied unless `allowed(by, *objects)` holds for the acting user."""
    # by=None is the system itself (seed_demo, imports): nobody to check.
    if by is not None and not allowed(by, *objects):
        raise PermissionDenied
