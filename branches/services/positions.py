"""Every change to a unit's committee goes through these functions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Position, Unit
from branches.permissions import can_edit_records, require
from branches.services.records import check_unit_open, save_record, set_fields
from unionhub.core.versions import claim_version, keeps_version_on_failure

POSITION_FIELDS = ("member", "person_name", "role", "phone", "started_on", "ended_on")


def _check_position_member(position: Position) -> None:
    if position.member_id and position.member.unit_id != position.unit_id:
        raise ValidationError({"member": _("Choose a member of this unit's register.")})
    if position.member_id:
        position.person_name = ""


@transaction.atomic
def create_position(unit: Unit, *, by, **fields) -> Position:
    """Record a seat on the unit's committee."""
    require(by, can_edit_records, unit)
    check_unit_open(unit)
    position = Position(unit=unit)
    set_fields(position, POSITION_FIELDS, fields, "create_position")
    _check_position_member(position)
    save_record(position, by=by)
    return position


@keeps_version_on_failure
@transaction.atomic
def update_position(
    position: Position, *, by, base_version: int | None = None, **fields
) -> Position:
    """Correct a committee seat, or end its term; refused if someone saved it meanwhile."""
    require(by, can_edit_records, position.unit)
    claim_version(position, base_version=base_version)
    check_unit_open(position.unit)
    set_fields(position, POSITION_FIELDS, fields, "update_position")
    _check_position_member(position)
    save_record(position, by=by)
    return position
