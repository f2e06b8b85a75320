"""Reading the union's own spreadsheets: .xlsx, .xls, .ods and .csv as offices really keep them.

Files are checked before anything parses them (size, format by content not by name, zip entry
count, declared sizes and compression ratio), then read with python-calamine (formula cells come
as their cached values, never evaluated) or the csv module. `tables.find_table()` finds the table
in a sheet without being told where it is; `values` reads dates, years and phone numbers as
people write them. Both are re-exported here.
"""

import csv
import io
import re
import zipfile
from pathlib import PurePath

from defusedxml.ElementTree import iterparse as safe_iterparse
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from unionhub.core.spreadsheets.tables import (
    Column,
    SheetRows,
    Table,
    find_table,
    guess_field,
    is_end_of_table,
    is_section_heading,
)
from unionhub.core.spreadsheets.values import ParsedDate, clean_text, parse_date, parse_phone

__all__ = [
    "Column",
    "ParsedDate",
    "SheetRows",
    "Table",
    "check_file",
    "check_zip",
    "clean_text",
    "detect_format",
    "find_table",
    "guess_field",
    "is_end_of_table",
    "is_section_heading",
    "parse_date",
    "parse_phone",
    "read_workbook",
]

FORMATS = {".xlsx": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
MAX_ZIP_ENTRIES = 2_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="spreadsheet")


def detect_format(name: str, head: bytes) -> str:
    """The file's format from its name, checked against its first bytes; refuse what does not match."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise _refuse(
            _("Files with macros (.xlsm) are not accepted. Save the list as .xlsx first.")
        )
    if suffix not in FORMATS:
        raise _refuse(
            _(
                "This kind of file cannot be read. Use .xlsx, .xls, .ods or .csv (it was “%(name)s”)."
            )
            % {"name": suffix or name}
        )
    fmt = FORMATS[suffix]
    is_zip = head.startswith(b"PK\x03\x04")
    matches = {
        "xlsx": is_zip,
        "ods": is_zip,
        "xls": head.startswith(_OLE2),
        "csv": not is_zip and not head.startswith(_OLE2) and b"\x00" not in head[:4096],
    }[fmt]
    if not matches:
        raise _refuse(
            _(
                "The file is named %(suffix)s but its content is not a %(suffix)s file. Open it in "
                "Excel or LibreOffice and save it again as .xlsx."
            )
            % {"suffix": suffix}
        )
    return fmt


def check_zip(content: bytes, fmt: str) -> None:
    """Refuse a zip-based file that would blow up when unpacked, before any parser sees it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise _refuse(_("The file is damaged and cannot be opened.")) from error
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _refuse(_("The file holds too many parts to be a spreadsheet."))
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED:
        raise _refuse(_("The file would be too large once opened."))
    for entry in entries:
        if entry.file_size > 1_000_000 and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise _refuse(_("The file is compressed suspiciously well and was not opened."))
    names = {entry.filename for entry in entries}
    if fmt == "xlsx":
        if "xl/vbaProject.bin" in names:
            raise _refuse(
                _("Files with macros (.xlsm) are not accepted. Save the list as .xlsx first.")
            )
        if "xl/workbook.xml" not in names:
            raise _refuse(_("The file is named .xlsx but its content is not an Excel workbook."))
    if fmt == "ods":
        mime = archive.read("mimetype") if "mimetype" in names else b""
        if mime.strip() != _ODS_MIME:
            raise _refuse(_("The file is named .ods but its content is not a LibreOffice sheet."))


def _decode_csv(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8-sig" and re.search(r"[\x80-\x9f]", text):
            continue
        return text
    raise _refuse(_("The CSV file is not in UTF-8. Save it again as “CSV UTF-8”."))


def _read_csv(content: bytes) -> list[SheetRows]:
    text = _decode_csv(content)
    sample = text[:10_000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return [SheetRows("CSV", rows)]


def check_file(content: bytes, name: str, *, max_bytes: int) -> str:
    """Everything checked before a parser sees the file: size, format by content, zip sanity.

    Returns the format ("xlsx", "xls", "ods" or "csv"); raises ValidationError otherwise.
    """
    if len(content) > max_bytes:
        raise _refuse(
            _("The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": round(len(content) / 1_048_576, 1), "limit": round(max_bytes / 1_048_576)}
        )
    if not content:
        raise _refuse(_("The file is empty."))
    fmt = detect_format(name, content[:8192])
    if fmt in ("xlsx", "ods"):
        check_zip(content, fmt)
    return fmt


def read_workbook(content: bytes, name: str, *, max_bytes: int) -> list[SheetRows]:
    """Every sheet's rows, after the safety checks; refuse what cannot be read safely."""
    fmt = check_file(content, name, max_bytes=max_bytes)
    if fmt == "csv":
        return _read_csv(content)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        # calamine reports merged cells of .xlsx and .xls only; those of .ods are read here.
        ods_merged = _ods_merged_cells(content) if fmt == "ods" else {}
        sheets = []
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or ods_merged.get(sheet_name, []))
            sheets.append(SheetRows(sheet_name, [list(r) for r in rows], merged))
        return sheets
    except ValidationError:
        raise
    except Exception as error:  # calamine raises several kinds for a damaged file
        raise _refuse(_("The file is damaged or protected and cannot be read.")) from error


_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merged_cells(content: bytes) -> dict[str, list]:
    """Each sheet's merged ranges ((top, left), (bottom, right)), from the .ods content.xml."""
    merged: dict[str, list] = {}
    t = _TABLE_NS
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open("content.xml") as xml:
        sheet, row, col = None, 0, 0
        for event, element in safe_iterparse(xml, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == t + "table":
                    sheet, row = element.get(t + "name", ""), 0
                    merged.setdefault(sheet, [])
                elif tag == t + "table-row":
                    col = 0
                elif tag in (t + "table-cell", t + "covered-table-cell"):
                    columns = int(element.get(t + "number-columns-spanned", 1))
                    rows = int(element.get(t + "number-rows-spanned", 1))
                    if sheet is not None and (columns > 1 or rows > 1):
                        merged[sheet].append(((row, col), (row + rows - 1, col + columns - 1)))
                    col += int(element.get(t + "number-columns-repeated", 1))
            elif tag == t + "table-row":
                row += int(element.get(t + "number-rows-repeated", 1))
                element.clear()
    return merged
