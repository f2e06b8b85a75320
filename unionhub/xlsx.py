"""Rows in, an .xlsx file out: bold frozen header, column widths, text never turned into formulas."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from unionhub.text import fold

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAX_WIDTH = 60


@dataclass
class Sheet:
    """One worksheet: a title, the header row and the rows (any iterable, even a generator)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int] | None = None


def _cell(ws, value, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        # User text such as "=HYPERLINK(...)" stays text: never a live formula.
        cell.data_type = "s"
    if isinstance(value, datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    if bold:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31] or "Sheet"


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Write the sheets in write-only mode (flat memory for large exports) and return the bytes."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.title))
        widths = sheet.widths or [max(10, min(_MAX_WIDTH, len(str(h)) + 4)) for h in sheet.header]
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        ws.append([_cell(ws, h, bold=True) for h in sheet.header])
        for row in sheet.rows:
            ws.append([_cell(ws, v) for v in row])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An attachment response; the filename may hold Vietnamese letters."""
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "no-store"
    return response


def content_disposition(filename: str) -> str:
    ascii_name = fold(filename).replace(" ", "-") or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
