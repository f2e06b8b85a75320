"""The union's own lists, read: tables found in a workbook, their columns mapped to fields.

Shared by the member lists (`branches.lists.members`) and the unit lists
(`branches.lists.units`).
A column's field is guessed from its header as people write it; the person importing can correct
the guess, and the correction is kept by header (folded), so it applies on every sheet.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from unionhub.core.spreadsheets import Column, SheetRows, Table, clean_text, find_table, guess_field
from unionhub.core.text import fold

IGNORE = ""
SAMPLE_LIMIT = 100  # changes kept for the preview


def shown(value) -> str:
    """A cell as the preview and the error list show it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return clean_text(value)[:200]


@dataclass
class RowError:
    """One refused cell, as the preview lists it (the row as the spreadsheet numbers it)."""

    sheet: str
    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass
class Row:
    """One data row of a table: where it is, its cells by field, and each field's header."""

    sheet: str
    number: int
    cells: dict[str, list]  # field → the raw values of its columns, left to right
    headers: dict[str, str]  # field → the header of its (first) column

    def raw(self, name: str):
        values = [v for v in self.cells.get(name, []) if v not in ("", None)]
        if not values:
            return None
        if len(values) == 1:
            return values[0]
        return " ".join(clean_text(v) for v in values)

    def text(self, name: str) -> str:
        return clean_text(self.raw(name))

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def error(self, name: str, reason: str, value=None) -> RowError:
        shown_value = shown(self.raw(name) if value is None else value)
        return RowError(self.sheet, self.number, self.header(name), shown_value, str(reason))


@dataclass
class Planned:
    """What the confirmation will do with one row."""

    row: Row
    action: str  # "create", "update" or "unchanged"
    fields: dict
    target: object = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    label: str = ""  # the member's or unit's name, for the preview
    parent: object = None  # units: where a new unit goes (a unit, or a unit an earlier row makes)


@dataclass
class Plan:
    """A whole file checked against the database: what would change, and what is refused."""

    columns: list[dict] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    sheets: list[dict] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def refused_rows(self) -> set[tuple[str, int]]:
        return {(e.sheet, e.row) for e in self.errors if e.row is not None}

    @property
    def refused(self) -> int:
        if any(e.row is None for e in self.errors):
            return self.rows
        return len(self.refused_rows)

    def count(self, action: str) -> int:
        if self.errors:
            return 0
        return sum(1 for p in self.planned if p.action == action)

    def sample_changes(self) -> list[dict]:
        sample = []
        for planned in self.planned:
            if planned.action == "unchanged":
                continue
            sample.append(
                {
                    "sheet": planned.row.sheet,
                    "row": planned.row.number,
                    "action": planned.action,
                    "name": planned.label,
                    "changes": [list(c) for c in planned.changes],
                }
            )
            if len(sample) >= SAMPLE_LIMIT:
                break
        return sample


def _columns_with(columns: Sequence[Column], mapping: dict[str, str]) -> list[Column]:
    """The import's columns, with the headers the person mapped by hand added as aliases."""
    extra: dict[str, list[str]] = {}
    for key, name in mapping.items():
        if name:
            extra.setdefault(name, []).append(key)
    return [Column(c.field, [*c.aliases, *extra.get(c.field, [])], c.required) for c in columns]


def find_tables(
    sheets: Iterable[SheetRows], columns: Sequence[Column], mapping: dict[str, str], key: str
) -> list[Table]:
    """The table of every sheet whose header names the key field (sheets without one are skipped)."""
    known = _columns_with(columns, mapping)
    tables = []
    for sheet in sheets:
        table = find_table(sheet, known)
        if table is None:
            continue
        fields = {field_for(label, known, mapping) for label in table.headers if label}
        if key in fields:
            tables.append(table)
    return tables


def field_for(label: str, columns: Sequence[Column], mapping: dict[str, str]) -> str:
    """The field a column holds: the person's choice for its header, else the guess."""
    key = fold(label)
    if key in mapping:
        return mapping[key]
    return guess_field(label, columns) or IGNORE


def describe_columns(tables: list[Table], columns, mapping: dict[str, str]) -> list[dict]:
    """Every header found, once, in order, with a sample value and the field it maps to."""
    described: dict[str, dict] = {}
    for table in tables:
        for index, label in enumerate(table.headers):
            key = fold(label)
            if not label or key in described:
                continue
            sample = next(
                (shown(values[index]) for _n, values in table.rows if shown(values[index])), ""
            )
            described[key] = {
                "key": key,
                "label": label,
                "sample": sample[:60],
                "field": field_for(label, columns, mapping),
            }
    return list(described.values())


def rows_of(
    tables: list[Table],
    columns: Sequence[Column],
    mapping: dict[str, str],
    *,
    joinable: set[str],
    errors: list[RowError],
) -> list[Row]:
    """Every data row, its cells grouped by field; a field held by two columns is an error."""
    known = _columns_with(columns, mapping)
    rows = []
    for table in tables:
        by_field: dict[str, list[int]] = {}
        for index, label in enumerate(table.headers):
            name = field_for(label, known, mapping) if label else IGNORE
            if name:
                by_field.setdefault(name, []).append(index)
        for name, indexes in list(by_field.items()):
            if len(indexes) > 1 and name not in joinable:
                labels = [table.headers[i] for i in indexes]
                # Two headers that read the same are one merged header: the first column wins.
                if len({fold(label) for label in labels}) > 1:
                    errors.append(
                        RowError(
                            table.sheet,
                            None,
                            ", ".join(labels),
                            "",
                            _(
                                "Two columns hold the same thing. Choose one of them below and "
                                "set the other to “Ignore”."
                            ),
                        )
                    )
                by_field[name] = indexes[:1]
        headers = {name: table.headers[indexes[0]] for name, indexes in by_field.items()}
        for number, values in table.rows:
            cells = {name: [values[i] for i in indexes] for name, indexes in by_field.items()}
            rows.append(Row(table.sheet, number, cells, headers))
    return rows


def sheets_summary(all_sheets: Sequence[SheetRows], tables: list[Table]) -> list[dict]:
    found = {t.sheet: t for t in tables}
    summary = []
    for sheet in all_sheets:
        table = found.get(sheet.name)
        summary.append(
            {
                "name": sheet.name,
                "header_rows": list(table.header_rows) if table else [],
                "rows": len(table.rows) if table else 0,
            }
        )
    return summary
