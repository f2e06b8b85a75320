"""How a service saves one of a unit's records: known fields only, trimmed, validated, attributed."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def set_fields(obj: models.Model, allowed: tuple[str, ...], fields: dict, service: str) -> None:
    """Copy `fields` onto `obj`, trimming text; a field outside `allowed` is a programming error."""
    for field, value in fields.items():
        if field not in allowed:
            raise TypeError(f"{service}() got an unexpected field {field!r}")
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, field, value)


def save_record(obj: models.Model, *, by, reason: str = "") -> None:
    """full_clean() then save(), with who did it (and why) in the record's history."""
    obj.full_clean()
    obj._history_user = by
    if reason:
        obj._change_reason = reason
    obj.save()


def check_unit_open(unit) -> None:
    """A closed unit's records are read-only."""
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot be changed."))
