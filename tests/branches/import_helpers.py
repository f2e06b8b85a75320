"""Helpers for the import tests: the fixture files, and small lists written on the fly."""

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from branches.models import ImportKind
from branches.services import start_import

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spreadsheets"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(
    unit, name: str, *, by=None, kind: str = ImportKind.MEMBERS, content: bytes | None = None
):
    """Start an import of a fixture file (or of `content`) as `by`."""
    data = fixture(name) if content is None else content
    return start_import(unit, by=by, kind=kind, file_name=name, content=data)


def csv_bytes(rows: list[list], *, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode()


def xlsx_bytes(rows: list[list], *, title: str = "DS") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


SMALL_LIST = csv_bytes(
    [
        ["Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ"],
        ["Trần Văn Một", "Nam", "01/02/2000", "T-1"],
        ["Lê Thị Hai", "Nữ", "2001", "T-2"],
    ]
)
