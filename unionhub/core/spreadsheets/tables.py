"""Finding the table in a sheet without being told where it is.

Title rows above it, a header over one or two rows (merged cells included), headers in any order,
case or accents, blank rows inside, and the total row, notes and signature block below it.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from unionhub.core.spreadsheets.values import text_of as _text
from unionhub.core.text import fold

HEADER_SCAN_ROWS = 30


@dataclass
class SheetRows:
    name: str
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


@dataclass(frozen=True)
class Column:
    """A field the import wants, and the headers people write for it (folded when compared)."""

    field: str
    aliases: Sequence[str]
    required: bool = False


@dataclass
class Table:
    sheet: str
    header_rows: tuple[int, ...]  # 1-based, as the spreadsheet numbers them
    headers: list[str]  # one label per column, two-row headers joined with " / "
    mapping: dict[str, int]  # field → column index
    rows: list[tuple[int, list]]  # (row number as the spreadsheet shows it, values)
    unknown: list[str] = field(default_factory=list)  # headers no column matched

    def header_of(self, field_name: str) -> str:
        index = self.mapping.get(field_name)
        return self.headers[index] if index is not None else ""


_END_MARKERS = (
    "tong cong",
    "tong so",
    "tong:",
    "cong:",
    "cong :",
    "ghi chu",
    "luu y",
    "nguoi lap",
    "xac nhan",
    "tm.",
    "tm ",
    "t/m",
    "kt.",
    "kt ",
    "noi nhan",
    "danh sach co",
    "danh sach nay co",
)
# Words that end the table only when they stand (almost) alone on their row: a signature block.
_SIGNATURE_WORDS = ("bi thu", "pho bi thu", "ky ten", "ky, ghi ro ho ten")
_TOTAL = re.compile(r"^(tong|cong)\s*\d")
_PLACE_DATE = re.compile(r"ngay\s*\.*\s*\d{0,2}\s*\.*\s*thang", re.IGNORECASE)
# "I. CHI ĐOÀN KHU PHỐ 1", "II - Đoàn cơ sở", "A. …": a heading that groups the rows below it.
_SECTION = re.compile(r"^(?:[IVXL]{1,5}|[A-H])\s*[.)\-/]\s+\S", re.IGNORECASE)
# "(1) (2) (3)", "1 2 3", "A B C": the row that numbers the columns under a printed header.
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2}|[A-Z])\)?$")


def _key(value) -> str:
    return fold(_text(value)).rstrip(":").strip()


def _alias_index(columns: Sequence[Column]) -> dict[str, str]:
    return {fold(str(alias)): column.field for column in columns for alias in column.aliases}


def guess_field(label: str, columns: Sequence[Column]) -> str | None:
    """The field a header written this way holds, or None when no column knows it."""
    return _match(label, _alias_index(columns), columns)


def _fill_merged(sheet: SheetRows) -> list[list]:
    """Copy a merged cell's value over its whole range, so headers read the same in every format."""
    rows = [list(row) for row in sheet.rows]
    for (top, left), (bottom, right) in sheet.merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, bottom + 1):
            if r >= len(rows):
                break
            for c in range(left, right + 1):
                if c < len(rows[r]) and rows[r][c] in ("", None):
                    rows[r][c] = value
    return rows


def _score(row: list, aliases: dict[str, str]) -> int:
    return len({aliases[k] for k in (_key(v) for v in row) if k in aliases})


def _combine(top: list, below: list, width: int) -> list[str]:
    """A header over two rows: the upper label (spread over its merged span) and the lower one."""
    labels = []
    current = ""
    for i in range(width):
        upper = _text(top[i]) if i < len(top) else ""
        lower = _text(below[i]) if i < len(below) else ""
        if upper:
            current = upper
        elif not lower:
            current = ""
        parent = upper or (current if lower else "")
        if parent and lower and fold(parent) != fold(lower):
            labels.append(f"{parent} / {lower}")
        else:
            labels.append(lower or parent)
    return labels


def _match(label: str, aliases: dict[str, str], columns: Sequence[Column]) -> str | None:
    key = fold(label).rstrip(":").strip()
    if key in aliases:
        return aliases[key]
    if " / " in label:
        parent, _sep, child = label.partition(" / ")
        for candidate in (fold(f"{parent} / {child}"), fold(child), fold(parent)):
            if candidate in aliases:
                return aliases[candidate]
    return None


def is_end_of_table(values: list) -> bool:
    """A total row, a note, a place-and-date line or the signature block: the table is over."""
    texts = [v for v in values if v not in ("", None)]
    if not texts:
        return False
    first = _key(texts[0])
    if not first or first[0].isdigit() and len(texts) > 3:
        return False  # a row of data starting with its number: the common case, decided fast
    if first.startswith(_END_MARKERS) or _TOTAL.match(first):
        return True
    if len(texts) > 3:
        return False
    joined = " ".join(_key(v) for v in texts)
    if _PLACE_DATE.search(joined):
        return True
    return len(texts) <= 2 and (
        first in ("tong", "cong") or any(first.startswith(word) for word in _SIGNATURE_WORDS)
    )


def is_section_heading(values: list) -> bool:
    """A row holding one text only, numbered like a heading ("I. Chi đoàn Khu phố 1")."""
    texts = [v for v in values if v not in ("", None)]
    first = _text(texts[0]) if texts else ""
    return bool(_SECTION.match(first)) and all(_text(v) == first for v in texts[1:])


def _numbers_the_columns(values: list) -> bool:
    texts = [_text(v) for v in values if _text(v)]
    return len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) for t in texts)


def find_table(sheet: SheetRows, columns: Sequence[Column]) -> Table | None:
    """Locate the header (one or two rows) and the data rows of the import's table in a sheet."""
    aliases = _alias_index(columns)
    rows = _fill_merged(sheet)
    scan = rows[:HEADER_SCAN_ROWS]
    best, best_score = None, 1
    for index, row in enumerate(scan):
        score = _score(row, aliases)
        if score > best_score:
            best, best_score = index, score
    if best is None:
        return None
    # The lower row of a two-row header can score best on its own (cells merged down into it
    # read like headers): the header starts on the row above it.
    if (
        best > 0
        and _score(rows[best - 1], aliases) >= 2
        and _is_sub_header(rows[best - 1], rows[best])
    ):
        best -= 1
    width = max((len(r) for r in rows), default=0)
    header = rows[best]
    header_rows: tuple[int, ...] = (best + 1,)
    labels = [_text(v) for v in header] + [""] * (width - len(header))
    if best + 1 < len(rows):
        below = rows[best + 1]
        combined = _combine(header, below, width)
        if _is_sub_header(header, below) and _score_labels(
            combined, aliases, columns
        ) > _score_labels(labels, aliases, columns):
            labels = combined
            header_rows = (best + 1, best + 2)
    mapping: dict[str, int] = {}
    unknown = []
    for index, label in enumerate(labels):
        if not label:
            continue
        matched = _match(label, aliases, columns)
        if matched and matched not in mapping:
            mapping[matched] = index
        elif not matched and fold(label) not in ("stt", "so tt", "tt"):
            unknown.append(label)
    labelled = [(i, fold(label)) for i, label in enumerate(labels) if label][:2]
    data = []
    start = header_rows[-1]
    for offset, row in enumerate(rows[start:], start=start + 1):
        values = list(row) + [""] * (width - len(row))
        if not any(v not in ("", None) and _text(v) for v in values):
            continue
        if is_end_of_table(values):
            break
        if offset == start + 1 and _numbers_the_columns(values):
            continue
        if is_section_heading(values) or _repeats_header(values, labelled):
            continue
        data.append((offset, values))
    return Table(sheet.name, header_rows, labels, mapping, data, unknown)


def _repeats_header(values: list, labelled: list[tuple[int, str]]) -> bool:
    """The header printed again on a later page, or pasted twice (its first two labels)."""
    return len(labelled) == 2 and all(_key(values[i]) == key for i, key in labelled)


def _is_sub_header(header: list, below: list) -> bool:
    # Cells copied down from a merged header cell above are not what the row says itself.
    own = [v for i, v in enumerate(below) if _text(v) and (i >= len(header) or v != header[i])]
    return bool(own) and not any(_looks_like_data(v) for v in own)


def _score_labels(labels: list[str], aliases: dict[str, str], columns) -> int:
    return len({m for m in (_match(label, aliases, columns) for label in labels if label) if m})


def _looks_like_data(value) -> bool:
    if isinstance(value, (int, float, date, datetime)):
        return True
    return bool(re.fullmatch(r"[\d/.\- ]+", _text(value)))
