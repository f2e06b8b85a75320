"""Reading the union's spreadsheets as offices keep them, and refusing what is not safe to open."""

import io
import time
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from unionhub.core import spreadsheets
from unionhub.core.spreadsheets import (
    Column,
    ParsedDate,
    find_table,
    parse_date,
    parse_phone,
    read_workbook,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spreadsheets"
COLUMNS = [
    Column("full_name", ["Họ và tên", "Họ tên"]),
    Column("birth_date", ["Ngày sinh", "Năm sinh"]),
    Column("birth_male", ["Ngày sinh / Nam"]),
    Column("birth_female", ["Ngày sinh / Nữ"]),
    Column("joined_on", ["Ngày vào Đoàn"]),
    Column("card_number", ["Số thẻ đoàn viên", "Số thẻ"]),
    Column("phone", ["SĐT", "Điện thoại"]),
    Column("gender", ["Giới tính"]),
    Column("address", ["Địa chỉ"]),
]
LIMIT = 10 * 1024 * 1024


def _read(name: str):
    path = FIXTURES / name
    return read_workbook(path.read_bytes(), path.name, max_bytes=LIMIT)


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_the_letterhead_list_is_found_below_its_title_rows_in_every_format(suffix):
    table = find_table(_read(f"members_letterhead.{suffix}")[0], COLUMNS)
    assert table.header_rows == (8, 9)
    assert table.header_of("birth_male") == "Ngày sinh / Nam"
    assert table.header_of("birth_female") == "Ngày sinh / Nữ"
    numbers = [n for n, _ in table.rows]
    # Row 12 is blank inside the table; the total row, place-date line and signature are not rows.
    assert numbers == [10, 11, 13, 14, 15, 16]
    names = [spreadsheets.clean_text(r[table.mapping["full_name"]]) for _, r in table.rows]
    assert names[3] == "Phạm Thị Dung"
    assert names[4] == unicodedata.normalize("NFC", "Võ Thị Hằng")


def test_a_plain_csv_with_bom_semicolons_and_unaccented_headers():
    table = find_table(_read("members_plain.csv")[0], COLUMNS)
    assert table.header_rows == (1,)
    assert set(table.mapping) == {
        "card_number",
        "full_name",
        "gender",
        "birth_date",
        "phone",
        "address",
    }
    assert len(table.rows) == 3


def test_a_comma_csv_without_bom():
    content = "Họ và tên,Ngày sinh\nNguyễn Văn An,01/02/2000\n".encode()
    table = find_table(read_workbook(content, "ds.csv", max_bytes=LIMIT)[0], COLUMNS)
    assert table.rows == [(2, ["Nguyễn Văn An", "01/02/2000"])]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(1998, 3, 12), ParsedDate(date(1998, 3, 12), 1998)),
        ("05/11/1999", ParsedDate(date(1999, 11, 5), 1999)),
        ("7/2/00", ParsedDate(date(2000, 2, 7), 2000)),
        ("7/2/98", ParsedDate(date(1998, 2, 7), 1998)),
        ("30.04.1997", ParsedDate(date(1997, 4, 30), 1997)),
        (2001.0, ParsedDate(None, 2001)),
        ("2001", ParsedDate(None, 2001)),
        ("", None),
    ],
)
def test_dates_as_people_write_them(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/1999", "không rõ", "13/13/2000", 12345])
def test_a_date_that_is_not_one_is_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (909123456.0, "0909123456"),
        (2838111222, "02838111222"),
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("", ""),
    ],
)
def test_phone_numbers_get_back_their_leading_zero(value, expected):
    assert parse_phone(value) == expected


# --- Safety ---------------------------------------------------------------------------------


@pytest.fixture
def parser_never_called(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("the parser was called")

    monkeypatch.setattr(spreadsheets.CalamineWorkbook, "from_filelike", boom)


def _refused(content: bytes, name: str, max_bytes: int = LIMIT) -> str:
    started = time.monotonic()
    with pytest.raises(ValidationError) as error:
        read_workbook(content, name, max_bytes=max_bytes)
    assert time.monotonic() - started < 2
    return error.value.messages[0]


def test_a_zip_bomb_is_refused_before_parsing(parser_never_called):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    assert _refused(buffer.getvalue(), "bomb.xlsx")


def test_a_zip_that_declares_huge_entries_is_refused(parser_never_called):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(3000):
            archive.writestr(f"xl/x{i}.xml", "")
    _refused(buffer.getvalue(), "many.xlsx")


def test_an_xlsm_is_refused_by_name_and_by_content(parser_never_called):
    content = (FIXTURES / "members_letterhead.xlsx").read_bytes()
    assert "macro" in _refused(content, "ds.xlsm")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/vbaProject.bin", b"\x00" * 10)
    assert "macro" in _refused(buffer.getvalue(), "renamed.xlsx")


def test_a_csv_renamed_xlsx_is_refused(parser_never_called):
    content = (FIXTURES / "members_plain.csv").read_bytes()
    assert ".xlsx" in _refused(content, "ds.xlsx")


def test_an_xlsx_renamed_xls_or_csv_is_refused(parser_never_called):
    content = (FIXTURES / "members_letterhead.xlsx").read_bytes()
    _refused(content, "ds.xls")
    _refused(content, "ds.csv")


def test_an_oversized_file_is_refused(parser_never_called):
    assert "MB" in _refused(b"x" * 2048, "big.csv", max_bytes=1024)


def test_other_kinds_of_file_are_refused(parser_never_called):
    _refused(b"%PDF-1.7", "ds.pdf")
    _refused(b"", "empty.csv")


# --- more of the habits ---------------------------------------------------------------------


def test_merged_cells_of_an_ods_are_read_like_those_of_an_xlsx():
    [xlsx] = _read("members_reordered.xlsx")
    [ods] = _read("members_reordered.ods")
    assert sorted(ods.merged) == sorted(xlsx.merged) == [((3, 0), (3, 8)), ((5, 1), (5, 2))]


def test_a_formula_cell_is_read_as_its_stored_value():
    sheets = {sheet.name: sheet for sheet in _read("members_formula.xlsx")}
    table = find_table(sheets["KP5"], COLUMNS)
    first = table.rows[0][1]
    assert first[3] == "Đỗ Văn Bình" and first[5] == date(1996, 7, 1) and first[0] == 1


def test_a_column_numbering_row_a_repeated_header_and_a_heading_are_not_rows():
    rows = [
        ["STT", "Họ và tên", "Giới tính"],
        ["(1)", "(2)", "(3)"],
        ["I. KHU PHỐ 1", "I. KHU PHỐ 1", "I. KHU PHỐ 1"],
        [1, "Trần Văn Một", "Nam"],
        ["STT", "Họ và tên", "Giới tính"],
        [2, "Tống Thị Hai", "Nữ"],
        ["", "Tống Văn Ba", ""],
        ["Tổng: 3"],
    ]
    table = find_table(spreadsheets.SheetRows("S", rows), COLUMNS)
    assert [n for n, _ in table.rows] == [4, 6, 7]  # a name starting "Tống" is not a total


@pytest.mark.parametrize(
    "row",
    [["Tổng cộng: 60 đoàn viên"], ["Tổng số", "60"], ["Cộng: 60"], ["", "", "Tân Bình, ngày 15 tháng 3 năm 2021"],
     ["T/M BAN CHẤP HÀNH"], ["KT. BÍ THƯ"], ["Danh sách có 47 đơn vị"], ["Ghi chú: …"]],
)  # fmt: skip
def test_the_lines_below_a_table_end_it(row):
    assert spreadsheets.is_end_of_table(row)


@pytest.mark.parametrize("row", [[1, "Tống Văn Ba", "Nam"], ["Công Tằng Tôn Nữ Lan", "Nữ"]])
def test_a_member_row_does_not_end_the_table(row):
    assert not spreadsheets.is_end_of_table(row)
