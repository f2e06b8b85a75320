"""Member lists in other arrangements of the same habits, written here on the fly: a "trích ngang"
list with a letterhead, a two-row header and a signature block; a list typed without accents
starting in column B; family and given names in two columns; a CSV from a shared sheet."""

import io
import unicodedata
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from branches.models import ImportState, Member
from branches.services import confirm_import
from tests.branches.import_helpers import csv_bytes, upload

pytestmark = pytest.mark.django_db

M, F = "male", "female"
FIELDS = ("full_name", "gender", "birth_date", "birth_year", "joined_on", "joined_year",
          "card_number", "phone", "address", "notes")  # fmt: skip


def _book(rows: list[list], merges: tuple[str, ...] = ()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


TRICH_NGANG = _book(
    [
        ["ĐOÀN TNCS HỒ CHÍ MINH", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["BCH ĐOÀN PHƯỜNG 10", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["DANH SÁCH TRÍCH NGANG ĐOÀN VIÊN CHI ĐOÀN KHU PHỐ 3"],
        ["(Cập nhật đến ngày 15/11/2026)"],
        [],
        ["STT", "HỌ VÀ TÊN", "NGÀY SINH", None, "QUÊ QUÁN", "NGÀY VÀO ĐOÀN", "SỐ ĐIỆN THOẠI",
         "GHI CHÚ"],
        [None, None, "Nam", "Nữ"],
        [1, "Nguyễn Văn An", "12/03/1998", None, "Quảng Ngãi", datetime(2013, 3, 26), 909123456],
        [2, "Trần Thị Bích ", None, 2001, "TP.HCM", "26/3/2016", "0912 345 678", "Chuyển đến"],
        [],
        [3, "Lê Hoàng Cường", datetime(1999, 5, 6), None, "", "2014"],
        ["Tổng cộng: 03 đoàn viên (01 nữ)"],
        [],
        [None, None, None, None, None, "Tân Bình, ngày 15 tháng 11 năm 2026"],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, "BÍ THƯ"],
        [],
        [None, "Phạm Thị Dung", None, None, None, "Võ Văn Em"],
    ],
    ("A1:C1", "A2:C2", "A4:H4", "C7:D7", "A7:A8", "B7:B8", "E7:E8", "F7:F8", "G7:G8", "H7:H8"),
)  # fmt: skip
WITHOUT_ACCENTS_IN_COLUMN_B = _book(
    [
        [None, "Danh sach doan vien"],
        [],
        [None, "Stt", "Ho ten", "Gioi tinh", "Nam sinh", "So the DV", "Ngay ket nap Doan", "DT",
         "Dia chi thuong tru"],
        [None, 1, "NGUYỄN THỊ MAI", "nữ", 1999.0, "KP3-01", datetime(2015, 3, 26), "0909 123 456",
         "45 Hoàng Hoa Thám"],
        [None, 2, "Hồ Minh Tâm", "NAM", 2000, "KP3-02", None, 938000111, "12/3 Phạm Văn Hai"],
    ]
)  # fmt: skip
FAMILY_AND_GIVEN_NAMES = _book(
    [
        ["STT", "Họ và tên đệm", "Tên", "Giới tính", "Ngày sinh", "Số thẻ đoàn viên", "Điện thoại"],
        [1, unicodedata.normalize("NFD", "Nguyễn Thị "), unicodedata.normalize("NFD", "Thuỷ "),
         "Nữ", "5/3/01", "T-1", "0909000001"],
        [2, "Lê Văn", "Hùng", "Nam", "17/12/99", "T-2", "0909000002"],
    ]
)  # fmt: skip
SHARED_SHEET_CSV = "\ufeff".encode() + csv_bytes(
    [
        ["Danh sách chi đoàn Khu phố 3"],
        [],
        ["Họ tên", "Phái", "Ngày tháng năm sinh", "SĐT"],
        ["Ngô Thị Ánh", "Nữ", "07/02/2000", "'0971234568"],
    ],
    delimiter=";",
)
EXPECTED = {
    "trich_ngang.xlsx": (TRICH_NGANG, [
        ("Nguyễn Văn An", M, date(1998, 3, 12), 1998, date(2013, 3, 26), 2013, "", "0909123456",
         "", ""),
        ("Trần Thị Bích", F, None, 2001, date(2016, 3, 26), 2016, "", "0912345678", "",
         "Chuyển đến"),
        ("Lê Hoàng Cường", M, date(1999, 5, 6), 1999, None, 2014, "", "", "", ""),
    ]),
    "khong_dau.xlsx": (WITHOUT_ACCENTS_IN_COLUMN_B, [
        ("Nguyễn Thị Mai", F, None, 1999, date(2015, 3, 26), 2015, "KP3-01", "0909123456",
         "45 Hoàng Hoa Thám", ""),
        ("Hồ Minh Tâm", M, None, 2000, None, None, "KP3-02", "0938000111", "12/3 Phạm Văn Hai", ""),
    ]),
    "ho_dem_ten.xlsx": (FAMILY_AND_GIVEN_NAMES, [
        ("Nguyễn Thị Thuỷ", F, date(2001, 3, 5), 2001, None, None, "T-1", "0909000001", "", ""),
        ("Lê Văn Hùng", M, date(1999, 12, 17), 1999, None, None, "T-2", "0909000002", "", ""),
    ]),
    "chia_se.csv": (SHARED_SHEET_CSV, [
        ("Ngô Thị Ánh", F, date(2000, 2, 7), 2000, None, None, "", "0971234568", "", ""),
    ]),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_another_arrangement_imports_with_every_field_right(tree, branch_secretary, name):
    content, expected = EXPECTED[name]
    record = upload(tree.a1, name, by=branch_secretary, content=content)
    assert (record.state, record.refused_count, record.errors) == (ImportState.READY, 0, [])
    confirm_import(record, by=branch_secretary)
    rows = Member.objects.filter(unit=tree.a1).order_by("pk").values_list(*FIELDS)
    assert list(rows) == expected


def test_a_given_name_column_beside_a_whole_name_is_not_added_to_it(tree):
    # "Tên" repeated beside "Họ và tên" (for sorting) is not the rest of the name.
    content = _book([["Họ và tên", "Tên", "Giới tính"], ["Lê Văn Hùng", "Hùng", "Nam"]])
    confirm_import(upload(tree.a1, "ten.xlsx", content=content), by=None)
    assert list(Member.objects.values_list("full_name", flat=True)) == ["Lê Văn Hùng"]
