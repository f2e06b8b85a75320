"""Rows in, an .xlsx file out: bold frozen header, column widths, text never turned into formulas."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from urllib.parse import quote

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from unionhub.core.text import fold

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_STARTS) | {""}
_MAX_WIDTH = 60
# Excel keeps at most this many characters in a cell; a longer text is cut and says so.
CELL_LIMIT = 32_767


@dataclass
class Sheet:
    """One worksheet: a title, the header row and the rows (any iterable, even a generator)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int] | None = None


def truncation_mark() -> str:
    return _(" … [cut: Excel keeps at most 32,767 characters in a cell]")


def _fit(value: str) -> str:
    if len(value) <= CELL_LIMIT:
        return value
    mark = truncation_mark()
    return value[: CELL_LIMIT - len(mark)] + mark


class _Writer:
    """Turns values into what openpyxl writes; only values that need a style become cell objects."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.date_style = None

    def cell(self, value, *, bold: bool = False):
        if isinstance(value, datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            cell = WriteOnlyCell(self.ws, value=value)
            cell.number_format = "DD/MM/YYYY HH:MM"
            return cell
        if isinstance(value, date):
            cell = WriteOnlyCell(self.ws, value=value)
            cell.number_format = "DD/MM/YYYY"
            return cell
        if isinstance(value, str):
            value = _fit(value)
            if value.startswith(_FORMULA_STARTS) or bold:
                cell = WriteOnlyCell(self.ws, value=value)
                # User text such as "=HYPERLINK(...)" stays text: never a live formula.
                cell.data_type = "s"
                if bold:
                    cell.font = Font(bold=True)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                return cell
        elif bold:
            cell = WriteOnlyCell(self.ws, value=value)
            cell.font = Font(bold=True)
            return cell
        return value


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31] or "Sheet"


def write_sheet(wb: Workbook, sheet: Sheet, *, progress=None) -> int:
    """Append one sheet to a write-only workbook; returns how many data rows it wrote."""
    ws = wb.create_sheet(_sheet_title(str(sheet.title)))
    widths = sheet.widths or [max(10, min(_MAX_WIDTH, len(str(h)) + 4)) for h in sheet.header]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    writer = _Writer(ws)
    ws.append([writer.cell(str(h), bold=True) for h in sheet.header])
    plain = (int, float, type(None), bool)
    cell = writer.cell
    count = 0
    for row in sheet.rows:
        # The common case first: a short text that cannot be read as a formula goes as it is.
        ws.append(
            [
                v
                if (type(v) is str and v[:1] not in _FORMULA_FIRST and len(v) <= CELL_LIMIT)
                or isinstance(v, plain)
                else cell(v)
                for v in row
            ]
        )
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(count)
    return count


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Write the sheets in write-only mode (flat memory for large exports) and return the bytes."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(wb, sheet)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266: a plain-ASCII `filename` for old clients and the real name in `filename*`.

    The header itself stays ASCII, so Django never MIME-encodes it (browsers then lose the name).
    """
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(filename)).strip("-") or "export"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
