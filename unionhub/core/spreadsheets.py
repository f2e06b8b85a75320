"""Reading the union's own spreadsheets: .xlsx, .xls, .ods and .csv as offices really keep them.

Files are checked before anything parses them (size, format by content not by name, zip entry
count, declared sizes and compression ratio), then read with python-calamine (formula cells come
as their cached values, never evaluated) or the csv module. `find_table()` finds the table in a
sheet without being told where it is: title rows above it, a header over one or two rows (merged
cells included), headers in any order, case or accents, blank rows inside, and the total row,
notes and signature block below it.
"""

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from defusedxml.ElementTree import iterparse as safe_iterparse
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from unionhub.core.text import fold, nfc

FORMATS = {".xlsx": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
MAX_ZIP_ENTRIES = 2_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
HEADER_SCAN_ROWS = 30

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


@dataclass
class SheetRows:
    name: str
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


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


# --- Finding the table ------------------------------------------------------------------


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


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(str(value)).split())


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


# --- Values as people write them ----------------------------------------------------------


@dataclass(frozen=True)
class ParsedDate:
    """A date, or only a year when that is all the file says (never invented as 1 January)."""

    day: date | None = None
    year: int | None = None


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_date(value) -> ParsedDate | None:
    """A real date, dd/mm/yyyy or d/m/yy text, or a year alone; None for an empty cell.

    Raises ValueError for anything else.
    """
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return ParsedDate(value.date(), value.year)
    if isinstance(value, date):
        return ParsedDate(value, value.year)
    if isinstance(value, (int, float)):
        number = int(value)
        if float(value) == number and 1900 <= number <= 2100:
            return ParsedDate(None, number)
        raise ValueError(value)
    text = _text(value)
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        return ParsedDate(None, int(text))
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000 if year <= date.today().year % 100 else 1900
        return ParsedDate(date(year, month, day), year)
    if match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
        return ParsedDate(date(year, month, day), year)
    raise ValueError(text)


def parse_phone(value) -> str:
    """A phone number as written, or as a number that lost its leading 0 (909123456 → 0909123456)."""
    if value in (None, ""):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s.\-()]", "", _text(value))
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    if text.isdigit() and len(text) in (9, 10) and not text.startswith("0"):
        text = "0" + text
    return text


def clean_text(value) -> str:
    """Trimmed, single-spaced NFC text; numbers without a trailing .0."""
    return _text(value)
