"""A list of units read against the organisation tree: parents found by name, levels inferred.

Nothing here writes. Each row's parent is looked up among the open units under the import's unit
(all of which its manager manages) or among the units an earlier row of the same file creates,
however its name is written ("ĐOÀN PHƯỜNG 10", "Doan phuong 10 "); an unknown or ambiguous
parent refuses the row. A row matches an existing unit by code, else by name under the same parent.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from branches.lists import (
    Plan,
    Planned,
    Row,
    RowError,
    describe_columns,
    find_tables,
    rows_of,
    sheets_summary,
    shown,
)
from branches.lists.columns import UNIT_FIELD_LABELS, UNIT_TEXT_FIELDS, unit_columns
from branches.lists.levels import (
    AREA_WORDS,
    LEVEL_PREFIX,
    LEVEL_WORDS,
    NEIGHBOURHOOD,
    WARD,
    infer_area,
    infer_level,
    level_for,
    words_for,
)
from branches.models import ALLOWED_PARENT_LEVELS, Unit, UnitArea, UnitLevel
from unionhub.core.spreadsheets import SheetRows, parse_date, parse_phone
from unionhub.core.text import fold


class Parent:
    """A unit rows can be placed under: one in the tree, or one an earlier row creates."""

    def __init__(self, *, unit: Unit | None = None, planned: Planned | None = None) -> None:
        self.unit, self.planned = unit, planned

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else self.planned.fields["name"]

    @property
    def level(self) -> str | None:
        return self.unit.level if self.unit else self.planned.fields["level"]

    @property
    def area(self) -> str | None:
        return self.unit.area if self.unit else self.planned.fields["area"]

    @property
    def ward(self) -> str:
        return self.unit.ward if self.unit else self.planned.fields.get("ward", "")

    @property
    def key(self) -> tuple:
        return ("unit", self.unit.pk) if self.unit else ("row", id(self.planned))

    def describe(self) -> str:
        if self.unit and self.unit.parent_id:
            return f"{self.unit.name} ({self.unit.parent.name})"
        return self.name


class Tree:
    """The open units under the import's unit, looked up by folded name, short name and code."""

    def __init__(self, root: Unit, units) -> None:
        self.root = root
        self.units = list(units)
        self.by_name: dict[str, list[Parent]] = {}
        self.by_stripped: dict[str, list[Parent]] = {}
        self.children: dict[tuple, dict[str, Unit]] = {}
        for unit in self.units:
            self._index(Parent(unit=unit), unit.name, unit.short_name, unit.code)
            if unit.parent_id:
                key = ("unit", unit.parent_id)
                self.children.setdefault(key, {}).setdefault(fold(unit.name), unit)

    def _index(self, parent: Parent, *names: str) -> None:
        keys = {fold(n) for n in names if n}
        for key in keys:
            self.by_name.setdefault(key, []).append(parent)
        for key in {LEVEL_PREFIX.sub("", k) for k in keys}:
            self.by_stripped.setdefault(key, []).append(parent)

    def add_planned(self, planned: Planned) -> None:
        self._index(Parent(planned=planned), planned.fields["name"], planned.fields.get("code", ""))

    def find(self, written: str) -> tuple[Parent | None, str]:
        key = fold(written)
        found = _distinct(self.by_name.get(key, []))
        if not found:
            found = _distinct(self.by_stripped.get(LEVEL_PREFIX.sub("", key), []))
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, _("No unit of this name among the units you manage under %(root)s.") % {
                "root": self.root.name
            }
        names = "; ".join(p.describe() for p in found[:5])
        return None, _("Several units are called this: %(names)s. Write the code instead.") % {
            "names": names
        }


def _distinct(parents: list[Parent]) -> list[Parent]:
    seen, result = set(), []
    for parent in parents:
        if parent.key not in seen:
            seen.add(parent.key)
            result.append(parent)
    return result


def _choice(row: Row, name: str, words: dict[str, str], errors: list[RowError]) -> str | None:
    if row.raw(name) is None:
        return None
    found = words.get(fold(row.text(name)))
    if found is None:
        errors.append(row.error(name, _("This is not a kind of unit UnionHub knows.")))
    return found


def _row_fields(row: Row, errors: list[RowError]) -> dict:
    fields: dict = {"name": row.text("name")}
    if not fields["name"]:
        errors.append(row.error("name", _("The name of the unit is missing.")))
    if code := row.text("code"):
        fields["code"] = code.lower()
    for name in UNIT_TEXT_FIELDS:
        if text := row.text(name):
            fields[name] = text
    if row.raw("phone") is not None:
        fields["phone"] = parse_phone(row.raw("phone"))
    if row.raw("founded_on") is not None:
        try:
            parsed = parse_date(row.raw("founded_on"))
        except (ValueError, TypeError):
            parsed = None
        if parsed is None or parsed.day is None:
            errors.append(
                row.error("founded_on", _("Write the date the unit was founded as dd/mm/yyyy."))
            )
        else:
            fields["founded_on"] = parsed.day
    return fields


def _check_with_model(row: Row, unit: Unit, errors: list[RowError], *, has_code: bool) -> None:
    """The tree's own rules (lengths, code, e-mail), as create_unit and update_unit check them."""
    exclude = ["path", "parent", "successor"] + ([] if has_code else ["code"])
    try:
        unit.clean_fields(exclude=exclude)
        unit.validate_unique(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = name if name in UNIT_FIELD_LABELS else "name"
            errors.append(row.error(column, " ".join(messages)))


def _locality(fields: dict, parent: Parent) -> None:
    """A new unit's ward and neighbourhood, from its name and its parent's, when not given."""
    if "neighbourhood" not in fields and (found := NEIGHBOURHOOD.search(fields["name"])):
        fields["neighbourhood"] = f"Khu phố {found.group(2)}"
    if "ward" not in fields:
        if parent.ward:
            fields["ward"] = parent.ward
        elif parent.area == UnitArea.WARD and (found := WARD.search(parent.name)):
            fields["ward"] = f"{found.group(1).capitalize()} {found.group(2)}"


def _update(unit: Unit, fields: dict, level: str | None, row: Row, errors) -> dict:
    changed = {}
    if level and level != unit.level:
        errors.append(row.error("level", _("An imported list cannot change a unit's level.")))
    for name, value in fields.items():
        if name in ("parent", "level"):
            continue
        if name == "name" and fold(value) == fold(unit.name) and value.isascii():
            continue
        if value != getattr(unit, name):
            changed[name] = value
    return changed


class _Context:
    """What every row of one file is checked against."""

    def __init__(self, root: Unit, rows: list[Row]) -> None:
        self.root = root
        self.levels = words_for(LEVEL_WORDS, UnitLevel.choices)
        self.areas = words_for(AREA_WORDS, UnitArea.choices)
        self.tree = Tree(root, Unit.objects.below(root).open().select_related("parent"))
        self.codes = {u.code: u for u in Unit.objects.filter(code__in=_codes(rows))}
        self.in_scope = {u.pk for u in self.tree.units}
        self.seen_codes: dict[str, int] = {}
        self.seen_units: dict[int, int] = {}
        self.seen_new: dict[tuple, int] = {}


def _plan_row(row: Row, ctx: _Context, errors: list[RowError]) -> Planned | None:
    fields = _row_fields(row, errors)
    level_word = _choice(row, "level", ctx.levels, errors)
    area = _choice(row, "area", ctx.areas, errors)
    parent = Parent(unit=ctx.root)
    if written := row.text("parent"):
        parent, reason = ctx.tree.find(written)
        if parent is None:
            errors.append(row.error("parent", reason))
    code = fields.get("code", "")
    if code and code in ctx.seen_codes:
        errors.append(
            row.error("code", _("Row %(row)s has the same code.") % {"row": ctx.seen_codes[code]})
        )
    elif code:
        ctx.seen_codes[code] = row.number
    if errors:
        return None
    existing = ctx.codes.get(code) if code else None
    if existing is not None and existing.pk not in ctx.in_scope:
        errors.append(row.error("code", _("Another unit already uses this code.")))
        return None
    if existing is None and parent.unit is not None:
        existing = ctx.tree.children.get(parent.key, {}).get(fold(fields["name"]))
    level = level_for(level_word, parent.level) if level_word else None
    if existing is not None:
        return _plan_update(row, ctx, existing, parent, fields, level, area, errors)
    key = (parent.key, fold(fields["name"]))
    if key in ctx.seen_new:
        errors.append(
            row.error(
                "name",
                _("Row %(row)s has a unit of the same name under the same parent.")
                % {"row": ctx.seen_new[key]},
            )
        )
        return None
    ctx.seen_new[key] = row.number
    level = level or infer_level(fields["name"], parent.level)
    if level is None:
        errors.append(
            row.error(
                "name",
                _(
                    "Say what kind of unit this is: add a “Cấp” column, or start the name with "
                    "“Chi đoàn” or “Đoàn”."
                ),
            )
        )
        return None
    if parent.level not in ALLOWED_PARENT_LEVELS.get(level, set()):
        errors.append(
            row.error(
                "parent" if row.header("parent") else "name",
                _("A unit of level “%(level)s” cannot be placed under %(parent)s.")
                % {"level": UnitLevel(level).label, "parent": parent.name},
            )
        )
        return None
    fields["level"] = level
    fields["area"] = area or infer_area(fields["name"], level, parent)
    _locality(fields, parent)
    candidate = Unit(**{k: v for k, v in fields.items()})
    _check_with_model(row, candidate, errors, has_code=bool(code))
    if errors:
        return None
    planned = Planned(row, "create", fields, label=fields["name"], parent=parent)
    ctx.tree.add_planned(planned)
    return planned


def _plan_update(row, ctx, existing, parent, fields, level, area, errors) -> Planned | None:
    if existing.pk in ctx.seen_units:
        errors.append(
            row.error(
                "name",
                _("Row %(row)s is about the same unit.") % {"row": ctx.seen_units[existing.pk]},
            )
        )
        return None
    ctx.seen_units[existing.pk] = row.number
    if row.text("parent") and existing.parent_id != (parent.unit.pk if parent.unit else None):
        errors.append(
            row.error(
                "parent",
                _("This unit is under %(parent)s: move it from its own page first.")
                % {"parent": existing.parent.name if existing.parent else "—"},
            )
        )
        return None
    if existing.is_closed:
        errors.append(row.error("name", _("This unit is closed.")))
        return None
    if area:
        fields["area"] = area
    changed = _update(existing, fields, level, row, errors)
    if errors:
        return None
    changes = [
        (str(Unit._meta.get_field(n).verbose_name), shown(getattr(existing, n)) or "—",
         shown(v) or "—")
        for n, v in changed.items()
    ]  # fmt: skip
    action = "update" if changed else "unchanged"
    return Planned(row, action, changed, existing, changes, existing.name)


def plan_units(root: Unit, sheets: list[SheetRows], mapping: dict[str, str]) -> Plan:
    """Check every row of the unit list against the tree under `root`; write nothing."""
    columns = unit_columns()
    tables = find_tables(sheets, columns, mapping, key="name")
    plan = Plan()
    plan.sheets = sheets_summary(sheets, tables)
    plan.columns = describe_columns(tables, columns, mapping)
    plan.mapping = {c["key"]: c["field"] for c in plan.columns}
    if not tables:
        return plan
    rows = rows_of(tables, columns, plan.mapping, joinable={"address"}, errors=plan.errors)
    plan.rows = len(rows)
    ctx = _Context(root, rows)
    for row in rows:
        errors: list[RowError] = []
        planned = _plan_row(row, ctx, errors)
        if errors:
            plan.errors.extend(errors)
        elif planned is not None:
            plan.planned.append(planned)
    return plan


def _codes(rows: list[Row]) -> list[str]:
    return [row.text("code").lower() for row in rows if row.text("code")]
