"""Every change to the organisation tree goes through these functions."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.text import slugify
from django.utils.translation import gettext as _

from branches.models import PATH_SEGMENT, Unit
from branches.permissions import can_edit_unit, can_manage_unit, can_restructure_unit, require
from unionhub.core.joining import join_open_work
from unionhub.core.text import fold
from unionhub.core.versions import claim_version, keeps_version_on_failure

EDITABLE_UNIT_FIELDS = (
    "name",
    "short_name",
    "code",
    "area",
    "ward",
    "neighbourhood",
    "address",
    "phone",
    "email",
    "founded_on",
    "letterhead_superior",
    "letterhead_name",
    "issuer_code",
    "place_name",
)


def _save_unit(unit: Unit, *, by, reason: str = "") -> None:
    unit.search_text = unit.build_search_text()
    unit.full_clean()
    unit._history_user = by
    if reason:
        unit._change_reason = reason
    unit.save()


def _path_of(unit: Unit) -> str:
    prefix = unit.parent.path if unit.parent_id else ""
    return f"{prefix}{unit.pk:0{PATH_SEGMENT}d}/"


def unique_code(name: str) -> str:
    """A free unit code made from the name: "Chi đoàn Khu phố 3" → "chi-doan-khu-pho-3"."""
    base = slugify(fold(name))[:34] or "unit"
    code, n = base, 1
    while Unit.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


_TRAILING_NUMBER = re.compile(r"(\d+)\s*$")


def code_like_siblings(parent: Unit | None, name: str) -> str:
    """A code in the pattern the siblings' codes follow, when they agree on one: beside
    "Chi đoàn Khu phố 3" coded "dp-10-kp-3", "Chi đoàn Khu phố 12" gets "dp-10-kp-12"."""
    match = _TRAILING_NUMBER.search(name)
    if parent is None or match is None:
        return ""
    stem = fold(name[: match.start()])
    prefixes = set()
    for code, sibling in parent.children.values_list("code", "name")[:200]:
        found = _TRAILING_NUMBER.search(sibling)
        if found is None or fold(sibling[: found.start()]) != stem:
            continue
        number = found.group(1)
        if code.endswith(number) and not code[: -len(number)][-1:].isdigit():
            prefixes.add(code[: -len(number)])
    if len(prefixes) != 1:
        return ""
    code = prefixes.pop() + match.group(1)
    return "" if Unit.objects.filter(code=code).exists() else code


def _may_create_top(user, _parent: None) -> bool:
    # The top unit comes first, before anyone can hold a role: only a superuser makes it.
    return user.is_superuser


@transaction.atomic
def create_unit(
    *, by, parent: Unit | None, level: str, name: str, code: str = "", **fields
) -> Unit:
    """Add a unit to the tree under `parent` (None only for the top unit)."""
    require(by, can_manage_unit if parent is not None else _may_create_top, parent)
    code = code or code_like_siblings(parent, name.strip()) or unique_code(name)
    unit = Unit(parent=parent, level=level, name=name.strip(), code=code)
    for field, value in fields.items():
        if field not in EDITABLE_UNIT_FIELDS:
            raise TypeError(f"create_unit() got an unexpected field {field!r}")
        setattr(unit, field, value)
    unit.search_text = unit.build_search_text()
    unit.full_clean(exclude=["path"])
    unit._history_user = by
    unit.save()
    # The path holds the unit's own id, known only after the first save.
    unit.path = _path_of(unit)
    unit.depth = unit.path.count("/") - 1
    Unit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
    # Open report periods and events that ask its siblings ask the new unit too.
    join_open_work(unit, by=by)
    return unit


@keeps_version_on_failure
@transaction.atomic
def update_unit(unit: Unit, *, by, base_version: int | None = None, **fields) -> Unit:
    """Change a unit's own details (not its place in the tree); refused if saved meanwhile."""
    require(by, can_edit_unit, unit)
    claim_version(unit, base_version=base_version)
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot be changed."))
    for field, value in fields.items():
        if field not in EDITABLE_UNIT_FIELDS:
            raise TypeError(f"update_unit() got an unexpected field {field!r}")
        setattr(unit, field, value)
    _save_unit(unit, by=by)
    return unit


def _repath_subtree(old_path: str, new_path: str) -> int:
    delta = new_path.count("/") - old_path.count("/")
    return Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )


@keeps_version_on_failure
@transaction.atomic
def move_unit(unit: Unit, *, by, new_parent: Unit, reason: str = "") -> Unit:
    """Put the unit under another parent; its whole subtree follows."""
    require(by, can_restructure_unit, unit)
    require(by, can_manage_unit, new_parent)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    claim_version(unit)
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot be moved."))
    if new_parent.pk == unit.parent_id:
        raise ValidationError({"parent": _("The unit is already under this parent.")})
    old_path = unit.path
    unit.parent = new_parent
    _save_unit(unit, by=by, reason=reason or _("Moved"))
    _repath_subtree(old_path, _path_of(unit))
    unit.refresh_from_db()
    return unit


@keeps_version_on_failure
@transaction.atomic
def close_unit(unit: Unit, *, by, closed_on: date, reason: str = "") -> Unit:
    """Close a unit that has ended; its records stay, read-only."""
    require(by, can_restructure_unit, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    claim_version(unit)
    if unit.is_closed:
        raise ValidationError(_("The unit is already closed."))
    if unit.parent_id is None:
        raise ValidationError(_("The top unit cannot be closed."))
    if unit.children.open().exists():
        raise ValidationError(
            _("This unit still has open units under it: close, move or merge them first.")
        )
    unit.closed_on = closed_on
    _save_unit(unit, by=by, reason=reason or _("Closed"))
    return unit


@keeps_version_on_failure
@transaction.atomic
def merge_unit(unit: Unit, *, by, into: Unit, merged_on: date, reason: str = "") -> Unit:
    """Merge `unit` into `into`: what is under it moves to `into`, and it closes with a successor."""
    require(by, can_restructure_unit, unit)
    require(by, can_manage_unit, into)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    claim_version(unit)
    if unit.is_closed:
        raise ValidationError(_("The unit is already closed."))
    if into.is_closed:
        raise ValidationError({"successor": _("The unit to merge into is closed.")})
    if into.pk == unit.pk or into.path.startswith(unit.path):
        raise ValidationError(
            {"successor": _("A unit cannot be merged into itself or a unit under it.")}
        )
    if into.level != unit.level:
        raise ValidationError(
            {"successor": _("A unit can only be merged into a unit of the same level.")}
        )
    for child in unit.children.open():
        move_unit(child, by=by, new_parent=into, reason=_("Merged into %(unit)s") % {"unit": into})
    unit.successor = into
    unit.closed_on = merged_on
    _save_unit(unit, by=by, reason=reason or _("Merged into %(unit)s") % {"unit": into})
    return unit


def top_unit() -> Unit | None:
    """The top unit of the installation (the district union), if there is one yet."""
    return Unit.objects.filter(parent__isnull=True).first()
