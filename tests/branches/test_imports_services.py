"""Importing a member list: every fixture with every field right, all or nothing, re-imports
that change nothing, and a long list written by a background job (unit lists: test_unit_imports_services.py)."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from branches.models import (
    Import,
    ImportState,
    ImportTransition,
    Member,
)
from branches.services import confirm_import, remap_import, update_member
from tests.branches.import_helpers import FIXTURES, csv_bytes, upload, xlsx_bytes
from tests.branches.records_helpers import make_member
from unionhub.core.jobs import Job, JobState
from unionhub.models import ExportLog

pytestmark = pytest.mark.django_db

M, F = "male", "female"
# Per list: (name, gender, birth date, birth year, admitted on, year admitted, card, phone, address)
EXPECTED = {
    "members_letterhead": [
        ("Nguyễn Văn An", M, date(1998, 3, 12), 1998, date(2013, 3, 26), 2013, "TB-0001",
         "0909123456", "12 Âu Cơ"),
        ("Trần Thị Bích", F, date(1999, 11, 5), 1999, date(2014, 3, 26), 2014, "TB-0002",
         "0912345678", "34 Lạc Long Quân"),
        ("Lê Hoàng Cường", M, None, 2001, None, 2016, "", "0388777666", "56 Trường Chinh"),
        ("Phạm Thị Dung", F, date(2000, 2, 7), 2000, date(2015, 3, 26), 2015, "TB-0004", "", ""),
        ("Võ Thị Hằng", F, date(2000, 1, 30), 2000, None, None, "TB-0005", "0977000111", ""),
        ("Đặng Minh Khôi", M, date(1997, 4, 30), 1997, date(2012, 1, 9), 2012, "TB-0006",
         "02838111222", "78 Cộng Hòa"),
    ],
    "members_reordered": [
        ("Nguyễn Thị Mai", F, None, 1999, date(2015, 3, 26), 2015, "KP4-001", "0912345678",
         "45 Hoàng Hoa Thám"),
        ("Trần Văn Hùng", M, None, 2000, date(2016, 3, 26), 2016, "", "0903111222",
         "12/3 Phạm Văn Hai"),
        ("Lê Thị Thuỷ", F, date(2001, 5, 12), 2001, None, 2017, "KP4-003", "", ""),
        ("Hồ Minh Tâm", M, date(1998, 6, 5), 1998, None, None, "KP4-004", "0938000111", "Hẻm 5"),
    ],
    "members_formula": [
        ("Đỗ Văn Bình", M, date(1996, 7, 1), 1996, None, None, "", "0909000001", ""),
        ("Lý Thị Cúc", F, date(1997, 12, 31), 1997, None, None, "", "0909000002", ""),
    ],
    "members_plain": [
        ("Nguyễn Văn An", M, date(1998, 3, 12), 1998, None, None, "TB-0001", "0909123456",
         "12 Âu Cơ"),
        ("Trần Thị Bích", F, date(1999, 11, 5), 1999, None, None, "TB-0002", "0912345678",
         "34 Lạc Long Quân"),
        ("Lê Hoàng Cường", M, None, 2001, None, None, "", "0388777666", "56 Trường Chinh"),
    ],
    "members_comma": [
        ("Phan Văn Đức", M, date(1997, 9, 3), 1997, None, None, "TB-0101", "0971234567",
         "15, Trường Chinh"),
        ("Ngô Thị Ánh", F, None, 1998, None, None, "TB-0102", "0971234568", "7 Cộng Hòa"),
    ],
}  # fmt: skip
MEMBER_FILES = sorted(
    path.name
    for path in FIXTURES.iterdir()
    if path.stem in EXPECTED and path.suffix in (".xlsx", ".xls", ".ods", ".csv")
)
FIELDS = ("full_name", "gender", "birth_date", "birth_year", "joined_on", "joined_year",
          "card_number", "phone", "address")  # fmt: skip


def _register(unit) -> list[tuple]:
    return list(Member.objects.filter(unit=unit).order_by("pk").values_list(*FIELDS))


def test_every_member_list_fixture_is_tried_in_every_format_it_was_saved_in():
    assert len(MEMBER_FILES) == 3 * 3 + 2  # three layouts × xlsx/xls/ods, two CSVs
    made = {p.stem for p in FIXTURES.iterdir() if p.stem.startswith("members_")}
    assert made - set(EXPECTED) == {"members_sixty", "members_sixty_bad_date"}


@pytest.mark.parametrize("name", MEMBER_FILES)
def test_every_member_list_imports_with_every_field_right(tree, branch_secretary, name):
    record = upload(tree.a1, name, by=branch_secretary)
    assert (record.state, record.refused_count, record.errors) == (ImportState.READY, 0, [])
    record = confirm_import(record, by=branch_secretary)
    assert record.state == ImportState.APPLIED
    assert _register(tree.a1) == EXPECTED[Path(name).stem]
    member = Member.objects.filter(unit=tree.a1).first()
    assert member.history.get().history_user == branch_secretary
    assert member.history.get().history_change_reason == gettext("Imported from %(file)s") % {
        "file": name
    }
    assert member.sort_key and member.search_text  # normalised like a form's member


def test_a_formula_is_read_as_the_value_it_shows_never_as_its_text(tree):
    # The xlsx holds =B4&" "&C4 and =DATE(1996,7,1) with the values LibreOffice computed.
    record = upload(tree.a1, "members_formula.xlsx")
    assert [c["sample"] for c in record.columns if c["field"] == "full_name"] == ["Đỗ Văn Bình"]
    assert [s["name"] for s in record.sheets if s["rows"]] == ["KP5"]  # the guide sheet: no list


def test_one_bad_date_among_sixty_changes_nothing_and_names_its_row_and_column(
    tree, district_staff
):
    record = upload(tree.a1, "members_sixty_bad_date.xlsx", by=district_staff)
    assert (record.rows, record.refused_count, record.state) == (60, 1, ImportState.REFUSED)
    assert record.created_count == 0
    [error] = record.errors
    # The 37th member is on row 47: ten rows of letterhead and header, one blank row.
    assert (error["sheet"], error["row"], error["column"], error["value"]) == (
        "DS đoàn viên",
        47,
        "Ngày sinh / Nam",
        "31/02/1999",
    )
    with pytest.raises(ValidationError):
        confirm_import(record, by=district_staff)
    assert not Member.objects.exists()


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_the_sixty_without_the_bad_date_import_in_every_format(tree, suffix):
    record = confirm_import(upload(tree.a1, f"members_sixty.{suffix}"), by=None)
    assert (record.state, record.created_count) == (ImportState.APPLIED, 60)


def test_the_same_file_twice_changes_nothing_the_second_time(tree, branch_secretary):
    confirm_import(upload(tree.a1, "members_letterhead.xlsx", by=branch_secretary), by=None)
    before = list(Member.objects.order_by("pk").values())
    history = Member.history.count()
    again = upload(tree.a1, "members_letterhead.xlsx", by=branch_secretary)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 6)
    again = confirm_import(again, by=branch_secretary)
    assert again.state == ImportState.APPLIED
    assert list(Member.objects.order_by("pk").values()) == before
    assert Member.history.count() == history


def test_the_same_list_as_ods_after_xlsx_creates_no_duplicates(tree):
    confirm_import(upload(tree.a1, "members_reordered.xlsx"), by=None)
    second = confirm_import(upload(tree.a1, "members_reordered.ods"), by=None)
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 4)
    assert Member.objects.filter(unit=tree.a1).count() == 4


def test_a_re_import_corrects_by_card_number_and_by_name_and_birth_year(tree, branch_secretary):
    confirm_import(upload(tree.a1, "members_letterhead.ods"), by=None)
    corrected = csv_bytes([
        ["Số thẻ", "Họ và tên", "Giới tính", "Năm sinh", "SĐT", "Địa chỉ"],
        ["TB-0001", "Nguyễn Văn An", "Nam", "12/03/1998", "0909999888", ""],
        ["", "Lê Hoàng Cường", "Nam", "14/08/2001", "", ""],
        ["", "Nguyen Van Moi", "Nam", "2003", "", "1 Lê Lợi"],
    ])  # fmt: skip
    record = upload(tree.a1, "sua.csv", by=branch_secretary, content=corrected)
    assert (record.created_count, record.updated_count, record.unchanged_count) == (1, 2, 0)
    confirm_import(record, by=branch_secretary)
    an = Member.objects.get(card_number="TB-0001")
    assert (an.phone, an.address) == ("0909999888", "12 Âu Cơ")  # an empty cell erases nothing
    cuong = Member.objects.get(full_name="Lê Hoàng Cường")
    assert (cuong.birth_date, cuong.birth_year) == (date(2001, 8, 14), 2001)
    assert Member.objects.filter(unit=tree.a1).count() == 7
    assert an.history.latest().history_change_reason == gettext("Imported from %(file)s") % {
        "file": "sua.csv"
    }


def test_a_year_alone_never_replaces_a_known_date_of_that_year(tree):
    make_member(tree.a1, "Trần Văn Một", birth_date=date(2000, 2, 1))
    record = upload(tree.a1, "ds.csv", content=csv_bytes(
        [["Họ và tên", "Giới tính", "Năm sinh"], ["Trần Văn Một", "Nam", "2000"]]
    ))  # fmt: skip
    assert record.unchanged_count == 1
    confirm_import(record, by=None)
    assert Member.objects.get().birth_date == date(2000, 2, 1)


def test_a_list_typed_without_accents_keeps_the_accented_names(tree):
    make_member(tree.a1, "Trần Văn Một", birth_year=2000, card_number="T-1")
    record = upload(tree.a1, "ds.csv", content=csv_bytes(
        [["Ho ten", "Gioi tinh", "Nam sinh", "So the"], ["Tran Van Mot", "Nam", "2000", "T-1"]]
    ))  # fmt: skip
    assert record.unchanged_count == 1


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (["Một", "Nam", "01/01/2000", ""], "Họ và tên",
         "Write the full name: family name and given name."),
        (["Trần Văn Một", "Không rõ", "01/01/2000", ""], "Giới tính", "Write “Nam” or “Nữ”."),
        (["Trần Văn Một", "Nam", "31/13/2000", ""], "Ngày sinh",
         "This is not a date: write it as dd/mm/yyyy, or only the year."),
        (["Trần Văn Một", "Nam", "01/01/2999", ""], "Ngày sinh",
         "This date is in the future or too far back."),
        (["Trần Văn Một", "Nam", "01/01/2000", "12345"], "SĐT", "This is not one phone number."),
    ],
)  # fmt: skip
def test_a_refused_cell_names_its_column_and_why(tree, row, column, reason):
    content = csv_bytes([["Họ và tên", "Giới tính", "Ngày sinh", "SĐT"], row])
    record = upload(tree.a1, "ds.csv", content=content)
    [error] = record.errors
    assert (error["row"], error["column"], error["reason"]) == (2, column, gettext(reason))


def test_two_rows_with_one_card_number_are_refused(tree):
    content = csv_bytes([
        ["Họ và tên", "Giới tính", "Số thẻ"],
        ["Trần Văn Một", "Nam", "T-1"],
        ["Lê Văn Hai", "Nam", "t-1"],
    ])  # fmt: skip
    [error] = upload(tree.a1, "ds.csv", content=content).errors
    assert (error["row"], error["column"]) == (3, "Số thẻ")


def test_a_list_without_any_gender_is_refused_as_a_whole(tree):
    content = csv_bytes([["Họ và tên", "Ngày sinh"], ["Trần Văn Một", "2000"]])
    record = upload(tree.a1, "ds.csv", content=content)
    assert record.refused_count == 1
    assert record.errors[0]["row"] is None and "Giới tính" in record.errors[0]["reason"]


def test_a_file_without_a_member_list_is_refused_and_nothing_is_kept(tree):
    with pytest.raises(ValidationError, match="Họ và tên"):
        upload(tree.a1, "ds.csv", content=csv_bytes([["Tên chi đoàn", "Ghi chú"], ["KP3", ""]]))
    assert not Import.objects.exists()


def test_the_mapping_step_corrects_a_guess(tree, branch_secretary):
    content = xlsx_bytes([
        ["Họ và tên", "Giới tính", "Ngày sinh", "Ngày sinh hoạt"],
        ["Trần Văn Một", "Nam", "2000", "05/05/2020"],
    ])  # fmt: skip
    record = upload(tree.a1, "ds.xlsx", content=content)
    keys = {c["label"]: c["key"] for c in record.columns}
    assert record.mapping[keys["Ngày sinh hoạt"]] == ""
    record = remap_import(
        record,
        by=branch_secretary,
        mapping={keys["Ngày sinh"]: "", keys["Ngày sinh hoạt"]: "joined"},
    )
    confirm_import(record, by=branch_secretary)
    member = Member.objects.get()
    assert (member.birth_year, member.joined_on) == (None, date(2020, 5, 5))
    states = list(ImportTransition.objects.values_list("to_status", flat=True))
    assert states == [ImportState.APPLIED]


def test_a_member_changed_between_the_check_and_the_confirmation_is_checked_again(tree):
    member = make_member(tree.a1, "Trần Văn Một", card_number="T-1")
    content = csv_bytes([["Họ và tên", "Giới tính", "Số thẻ", "SĐT"],
                         ["Trần Văn Một", "Nam", "T-1", "0909000111"]])  # fmt: skip
    record = upload(tree.a1, "ds.csv", content=content)
    assert record.updated_count == 1
    update_member(member, by=None, phone="0909000111")
    record = confirm_import(record, by=None)
    assert (record.state, record.updated_count, record.unchanged_count) == ("applied", 0, 1)


def test_an_applied_import_is_logged_with_who_and_counts(tree, branch_secretary):
    record = confirm_import(upload(tree.a1, "members_plain.csv", by=branch_secretary),
                            by=branch_secretary)  # fmt: skip
    log = ExportLog.objects.get(kind="member import")
    assert (log.user, log.unit, log.row_count) == (branch_secretary, tree.a1, 3)
    assert "members_plain.csv: 3 created" in log.detail
    assert (record.applied_by, record.created_by) == (branch_secretary, branch_secretary)


def test_an_import_cannot_be_confirmed_twice(tree):
    record = confirm_import(upload(tree.a1, "members_plain.csv"), by=None)
    with pytest.raises(ValidationError):
        confirm_import(record, by=None)
    assert Member.objects.count() == 3


# --- a long list is written by a background job -------------------------------------------


def test_a_ten_thousand_member_list_is_written_by_a_job_with_progress(
    tree, branch_secretary, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_THRESHOLD = 500
    rows = [["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ"]]
    rows += [[i, f"Nguyễn Văn Số {i}", "Nam" if i % 2 else "Nữ", f"{1 + i % 28}/{1 + i % 12}/"
              f"{1990 + i % 15}", f"TB-{i:05d}"] for i in range(1, 10_001)]  # fmt: skip
    record = upload(tree.a1, "lon.csv", by=branch_secretary, content=csv_bytes(rows))
    assert (record.rows, record.created_count, record.refused_count) == (10_000, 10_000, 0)
    with django_capture_on_commit_callbacks(execute=True):
        record = confirm_import(record, by=branch_secretary)
    assert record.state == ImportState.APPLYING  # the request only queued the job
    job = Job.objects.get(kind="branches.import")
    assert (job.state, job.progress, job.user) == (JobState.DONE, 100, branch_secretary)
    record.refresh_from_db()
    assert (record.state, record.job, record.created_count) == (ImportState.APPLIED, job, 10_000)
    assert Member.objects.filter(unit=tree.a1).count() == 10_000
    assert Member.history.count() == 10_000


def test_a_short_list_is_written_at_once(tree, settings):
    settings.IMPORT_JOB_THRESHOLD = 500
    record = confirm_import(upload(tree.a1, "members_sixty.xlsx", by=None), by=None)
    assert record.state == ImportState.APPLIED and not Job.objects.exists()


def test_a_failing_job_writes_nothing_and_the_import_can_be_confirmed_again(
    tree, branch_secretary, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.IMPORT_JOB_THRESHOLD = 10
    record = upload(tree.a1, "members_sixty.xlsx", by=branch_secretary)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("branches.services.imports.create_members", broken)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_import(record, by=branch_secretary)
    record.refresh_from_db()
    assert (record.state, record.job.state) == (ImportState.FAILED, JobState.FAILED)
    assert not Member.objects.exists()
    monkeypatch.undo()
    assert confirm_import(record, by=branch_secretary).state == ImportState.APPLYING


def test_given_names_under_an_empty_header_beside_the_name_are_part_of_it(tree):
    # "Họ và tên" merged over two columns, saved as CSV: the merge is gone, the names are not.
    content = csv_bytes([["STT", "HỌ VÀ TÊN", "", "Giới tính"], [1, "Nguyễn Thị", "Mai", "Nữ"],
                         [2, "Trần Văn", "Hùng", "Nam"]])  # fmt: skip
    confirm_import(upload(tree.a1, "ds.csv", content=content), by=None)
    assert set(Member.objects.values_list("full_name", flat=True)) == {
        "Nguyễn Thị Mai", "Trần Văn Hùng"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "column", "words"),
    [
        # A field's own rule (its length) on the column it came from.
        (["X" * 31, ""], "Số thẻ", "31"),
        # A rule across fields (the record's clean()): joined before being born.
        (["", "01/01/1999"], "Ngày vào Đoàn", gettext("A member cannot join before being born.")),
    ],
)  # fmt: skip
def test_the_register_s_own_rules_refuse_a_row_before_anything_is_written(
    tree, extra, column, words
):
    content = csv_bytes([
        ["Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ", "Ngày vào Đoàn"],
        ["Trần Văn Một", "Nam", "01/01/2000", *extra],
    ])  # fmt: skip
    record = upload(tree.a1, "ds.csv", content=content)
    [error] = record.errors
    assert (error["row"], error["column"]) == (2, column)
    assert words in error["reason"]
    assert not record.can_confirm
