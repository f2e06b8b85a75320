"""Who may import lists: members into a unit (its editors and anyone above), units under a unit
(its managers). Everyone else gets 404 on an import's pages."""

from django.http import Http404

from branches.models import Import, ImportKind, Unit, child_levels
from branches.permissions.records import can_edit_records
from branches.permissions.units import can_manage_unit, can_view_unit


def can_import_members(user, unit: Unit) -> bool:
    """Import a member list into the unit's register: whoever keeps its records."""
    return can_edit_records(user, unit)


def can_import_units(user, unit: Unit) -> bool:
    """Import a list of units under the unit: a manager of it, if units can sit under it."""
    return can_manage_unit(user, unit) and bool(child_levels(unit.level))


def can_use_import(user, record: Import) -> bool:
    """See, correct and confirm an import: whoever may import that kind of list into its unit."""
    if record.kind == ImportKind.MEMBERS:
        return can_import_members(user, record.unit)
    return can_import_units(user, record.unit)


def get_import_for(user, pk: int) -> Import:
    """The import if the user may use it; 404 otherwise."""
    record = (
        Import.objects.select_related("unit", "unit__parent", "created_by", "job")
        .filter(pk=pk)
        .first()
    )
    if record is None or not can_view_unit(user, record.unit) or not can_use_import(user, record):
        raise Http404
    return record
