from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches.board import build_board, period_totals
from branches.exports import board_rows, member_rows, totals_rows
from branches.models import Gender, Member, MemberStatus
from branches.services import change_member_status, start_unit_report
from tests.branches import records_helpers
from tests.branches.import_helpers import upload
from tests.branches.records_helpers import make_member, make_period
from unionhub.core.exports import EXPORTERS
from unionhub.models import ExportLog

pytestmark = pytest.mark.django_db
board_fixture = records_helpers.board_fixture


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(
        BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active


def test_the_member_list_reopens_with_vietnamese_text_and_formula_text_stays_text(
    branch_client, branch_secretary, tree
):
    make_member(tree.a1, "Đặng Thị Ánh Tuyết", address="Hẻm 12 Âu Cơ")
    make_member(tree.a1, '=HYPERLINK("http://x")')
    response = branch_client.get(reverse("branches:member_export", kwargs={"unit_pk": tree.a1.pk}))
    ws = _sheet(response)
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    names = [row[2] for row in rows]
    assert "Đặng Thị Ánh Tuyết" in names
    formula_cell = next(c for c in ws["C"] if c.value == '=HYPERLINK("http://x")')
    assert formula_cell.data_type == "s"
    log = ExportLog.objects.get()
    assert (log.user, log.unit, log.row_count) == (branch_secretary, tree.a1, 2)


def test_a_ward_secretary_exports_every_member_below_the_ward(ward_client, tree):
    make_member(tree.a1, "Lê Văn Một")
    make_member(tree.a2, "Lê Văn Hai")
    make_member(tree.b1, "Lê Văn Ngoài")
    response = ward_client.get(reverse("branches:member_export", kwargs={"unit_pk": tree.a.pk}))
    names = {row[2] for row in _sheet(response).iter_rows(min_row=2, values_only=True)}
    assert names == {"Lê Văn Một", "Lê Văn Hai"}
    assert ExportLog.objects.get().row_count == 2


def test_member_rows_are_in_vietnamese_order_with_display_values(tree):
    make_member(tree.a1, "Nguyễn Văn Bình")
    make_member(tree.a1, "Trần Thị An", gender="female")
    rows = list(member_rows(Member.objects.sorted()))
    female, male = str(Gender.FEMALE.label), str(Gender.MALE.label)
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (1, "Trần Thị An", female),
        (2, "Nguyễn Văn Bình", male),
    ]


def test_the_personal_data_export_holds_the_member_and_is_logged(district_client, tree):
    member = make_member(tree.a1, "Phan Thị Hồ Sơ", phone="0908777666")
    change_member_status(member, by=None, to=MemberStatus.REMOVED, on=date(2021, 1, 1))
    response = district_client.get(reverse("branches:member_data", kwargs={"pk": member.pk}))
    values = [str(row[1]) for row in _sheet(response).iter_rows(min_row=2, values_only=True)]
    assert "Phan Thị Hồ Sơ" in values and "0908777666" in values
    assert ExportLog.objects.get(kind="personal data of a member").unit == tree.a1


def test_the_board_export_has_one_row_per_unit_and_the_totals(district_client, board_fixture):
    period = board_fixture.period
    response = district_client.get(reverse("branches:board_export", kwargs={"pk": period.pk}))
    content = response.content
    wb = load_workbook(BytesIO(content))
    board_sheet, totals_sheet = wb.worksheets
    assert board_sheet.max_row - 1 == board_fixture.unit_count
    last = list(totals_sheet.iter_rows(values_only=True))[-1]
    assert last[1] == board_fixture.filed + board_fixture.late


def test_board_and_totals_rows_agree(board_fixture, district_staff):
    from branches.permissions import units_visible_to

    visible = units_visible_to(district_staff)
    board = build_board(board_fixture.period, visible)
    assert len(list(board_rows(board))) == board_fixture.unit_count
    totals = list(totals_rows(period_totals(board_fixture.period, visible)))
    assert totals[-1][2] == sum(row[2] for row in totals[:-1])
    assert [row[0] for row in totals[:-1]] == [group.name for group in board.groups]
    filed = {g.name: g.filed + g.late for g in board.groups}
    assert {row[0]: row[1] for row in totals[:-1]} == filed


# --- every exporter of the app writes one export-log row and a correct file name ------------

# identifier → the download's URL, from the tree, a report period and a member of branch A1.
DOWNLOADS = {
    "branches.member_list": lambda t, p, m: reverse("branches:member_export", args=[t.a1.pk]),
    "branches.member_data": lambda t, p, m: reverse("branches:member_data", args=[m.pk]),
    "branches.report_board": lambda t, p, m: reverse("branches:board_export", args=[p.pk]),
    "branches.member_import_template": lambda t, p, m: reverse(
        "branches:member_import_template", args=[t.a1.pk]
    ),
    "branches.unit_import_template": lambda t, p, m: reverse(
        "branches:unit_import_template", args=[t.a.pk]
    ),
    "branches.import_refused": lambda t, p, m: reverse(
        "branches:import_refused", args=[upload(t.a1, "members_sixty_bad_date.xlsx").pk]
    ),
    "branches.unit_report_pdf": lambda t, p, m: reverse(
        "branches:report_pdf", args=[start_unit_report(p, t.a1, by=None).pk]
    ),
}


def test_every_exporter_of_the_app_has_a_download_case():
    assert {name for name in EXPORTERS if name.startswith("branches.")} == set(DOWNLOADS)


@pytest.mark.parametrize("identifier", sorted(DOWNLOADS))
def test_every_download_writes_one_export_log_row_and_an_rfc_6266_name(
    district_client, district_staff, tree, board_fixture, identifier
):
    member = make_member(tree.a1, "Đặng Thị Ánh Tuyết")
    before = ExportLog.objects.count()
    response = district_client.get(DOWNLOADS[identifier](tree, board_fixture.period, member))
    assert response.status_code == 200
    assert ExportLog.objects.count() == before + 1
    log = ExportLog.objects.latest("pk")
    assert (log.user, log.kind) == (district_staff, EXPORTERS[identifier].title)
    disposition = response["Content-Disposition"]
    assert disposition.isascii() and "filename*=UTF-8''" in disposition, disposition
    if response["Content-Type"] == "application/pdf":
        assert response.content.startswith(b"%PDF")
    else:
        load_workbook(BytesIO(response.content))


@pytest.mark.parametrize("identifier", sorted(DOWNLOADS))
def test_an_outsider_gets_404_from_every_download_and_nothing_is_logged(
    outsider_client, tree, identifier
):
    member = make_member(tree.a1, "Đặng Thị Ánh Tuyết")
    url = DOWNLOADS[identifier](tree, make_period([tree.a1, tree.a2]), member)
    assert outsider_client.get(url).status_code == 404
    assert not ExportLog.objects.exists()


def test_the_board_export_is_logged_with_its_period(district_client, board_fixture):
    district_client.get(reverse("branches:board_export", args=[board_fixture.period.pk]))
    log = ExportLog.objects.get()
    assert (log.kind, log.row_count) == ("report board", board_fixture.unit_count)
    assert log.detail == f"period #{board_fixture.period.pk}"


def test_a_member_known_by_the_year_alone_shows_the_year_in_the_export(tree):
    make_member(tree.a1, "Lê Hoàng Cường", birth_year=2001, joined_year=2016)
    [row] = list(member_rows(Member.objects.all()))
    birth, joined = row[4], row[5]
    assert (birth, joined) == (2001, 2016)
