"""The shared Excel and PDF helpers: read the bytes back, as a person's software would."""

import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from unionhub.core.exports import XlsxExporter, export_response, file_response
from unionhub.core.pdf import LocalFilesOnlyFetcher, render_pdf
from unionhub.core.xlsx import (
    CELL_LIMIT,
    XLSX_MIME,
    Sheet,
    content_disposition,
    truncation_mark,
    workbook_bytes,
)
from unionhub.models import ExportLog


def test_workbook_keeps_vietnamese_text_and_formulas_stay_text():
    rows = [
        ["Chi đoàn Khu phố 3", '=HYPERLINK("http://x")', date(2021, 4, 6), 12],
        ["Nguyễn Thị Ánh", "+84 912 345 678", None, -3],
        ["@SUM(A1)", "-1+2", "bình thường", 0],
    ]
    content = workbook_bytes([Sheet("Danh sách", ["Tên", "Ghi chú", "Ngày", "Số"], rows)])
    ws = load_workbook(BytesIO(content)).active
    assert ws.title == "Danh sách"
    assert [c.value for c in ws[1]] == ["Tên", "Ghi chú", "Ngày", "Số"]
    assert ws["A1"].font.bold
    assert ws.freeze_panes == "A2"
    assert ws["A2"].value == "Chi đoàn Khu phố 3"
    assert ws["B2"].value == '=HYPERLINK("http://x")'
    assert ws["B2"].data_type == "s"
    assert ws["A4"].data_type == "s" and ws["B4"].data_type == "s"
    assert ws["C2"].value.date() == date(2021, 4, 6)
    assert ws["D3"].value == -3 and ws["D3"].data_type == "n"


def test_a_download_names_the_file_in_ascii_and_in_utf8():
    response = file_response(b"x", filename="Danh sách đoàn viên.xlsx", content_type=XLSX_MIME)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="danh-sach-doan-vien.xlsx"'
    )
    assert "filename*=UTF-8''Danh%20s%C3%A1ch" in response["Content-Disposition"]


def test_a_dash_in_the_name_keeps_the_header_plain_ascii():
    # A non-ASCII header makes Django MIME-encode all of it, and browsers then lose the name.
    name = "Tổng hợp ý kiến và trả lời – Hội nghị đối thoại 2021.pdf"
    header = content_disposition(name, inline=True)
    header.encode("ascii")
    assert header.startswith(
        'inline; filename="tong-hop-y-kien-va-tra-loi-hoi-nghi-doi-thoai-2021.pdf"'
    )
    assert "%E2%80%93" in header
    response = file_response(b"%PDF", filename=name, content_type="application/pdf", inline=True)
    assert response["Content-Disposition"] == header


def test_a_cell_over_excels_limit_is_cut_and_says_so():
    long_text = "ý" * 40_000
    content = workbook_bytes([Sheet("Dài", ["Nội dung", "Ngắn"], [[long_text, "ngắn"]])])
    ws = load_workbook(BytesIO(content)).active
    value = ws["A2"].value
    assert len(value) == CELL_LIMIT
    assert value.endswith(truncation_mark())
    assert value.startswith("ý" * 1000)
    assert ws["B2"].value == "ngắn"


class _Dummy(XlsxExporter):
    identifier = "tests.dummy"
    title = "Danh sách thử"

    def sheets(self):
        yield Sheet("Thử", ["Tên"], ([f"Người {i}"] for i in range(3)))


@pytest.mark.django_db
def test_export_response_writes_one_export_log_row_with_the_row_count(district_staff):
    before = ExportLog.objects.count()
    response = export_response(_Dummy(user=district_staff))
    assert ExportLog.objects.count() == before + 1
    entry = ExportLog.objects.latest("pk")
    assert (entry.user, entry.kind, entry.row_count, entry.file_format) == (
        district_staff,
        "Danh sách thử",
        3,
        "xlsx",
    )
    assert response["Content-Type"] == XLSX_MIME
    ws = load_workbook(BytesIO(response.content)).active
    assert ws.max_row == 4


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/x.png", "https://example.org/a.css", "file:///etc/passwd"]
)
def test_pdf_fetcher_refuses_urls_and_foreign_files(url):
    with pytest.raises(ValueError):
        LocalFilesOnlyFetcher().fetch(url)


def test_pdf_fetcher_refuses_a_path_that_climbs_out_of_static(settings):
    static = settings.BASE_DIR / "static"
    for climb in ["../../../../../../etc/passwd", "fonts/../../../../../../../etc/hostname"]:
        url = f"{static.as_uri()}/{climb}"
        with pytest.raises(ValueError):
            LocalFilesOnlyFetcher().fetch(url)


def test_pdf_fetcher_serves_our_fonts(settings):
    font = settings.BASE_DIR / "static" / "fonts" / "Tinos-Regular.ttf"
    response = LocalFilesOnlyFetcher().fetch(font.as_uri())
    assert response.read(4) == b"\x00\x01\x00\x00"
    response.close()


def test_pdf_prints_user_text_as_text_with_diacritics(tmp_path, settings):
    # Assign a new TEMPLATES (not mutate the nested dict) so the engines are rebuilt and restored.
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    (tmp_path / "probe.html").write_text(
        '<html><head><link rel="stylesheet" href="css/pdf.css"></head>'
        "<body><p>{{ text }}</p><p>GIẤY KHEN – Tặng Chi đoàn Khu phố 3</p></body></html>",
        encoding="utf-8",
    )
    hostile = "<img src=\"file:///etc/passwd\"> =cmd|' /C calc'!A0"
    pdf = render_pdf("probe.html", {"text": hostile})
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "GIẤY KHEN" in text and "Tặng Chi đoàn Khu phố 3" in text
    assert '<img src="file:///etc/passwd">' in text
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout
        assert b"Tinos" in fonts
