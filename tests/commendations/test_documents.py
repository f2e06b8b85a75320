"""The printed list, the Excel list and the certificates: read back as a person's software would."""

import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from commendations.documents import render_certificates_pdf, render_list_pdf
from commendations.exports import LIST_HEADER
from commendations.services.decisions import issue_decision
from commendations.services.nominations import nominate
from tests.commendations.conftest import approve
from tests.factories import make_unit

HOSTILE = "<img src=\"file:///etc/passwd\"> =cmd|' /C calc'!A0"
needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)
needs_zbar = pytest.mark.skipif(
    not shutil.which("zbarimg"),
    reason="zbar-tools (zbarimg) is not installed: cannot read QR codes",
)


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def read_qr(pdf: bytes, tmp_path: Path, page: int = 1) -> str:
    """Render the page to PNG as a scanner would see it, and decode its QR code."""
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile",
         str(source), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, check=True
    )
    return result.stdout.decode().strip()


@needs_poppler
def test_the_list_pdf_groups_units_by_honour_with_subtotals(decision):
    text = pdftotext(render_list_pdf(decision))
    for expected in [
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "Số: 12-QĐ/QĐTB",
        "Tân Bình, ngày 06 tháng 4 năm 2021",
        "DANH SÁCH ĐƠN VỊ ĐƯỢC TUYÊN DƯƠNG",
        "Kèm theo Quyết định số 12-QĐ/QĐTB ngày 06/04/2021",
        "I. Đoàn cơ sở (01)",
        "II. Chi đoàn cơ sở (01)",
        "III. Chi đoàn trực thuộc (01)",
        "STT",
        "Tên đơn vị",
        "Trực thuộc",
        "Ghi chú",
        "Chi đoàn Khu phố 3",
        "Danh sách có 03 đơn vị",
        "TM. BAN THƯỜNG VỤ",
        "Nguyễn Văn Ký",
    ]:
        assert expected in text, expected
    assert PdfReader(BytesIO(render_list_pdf(decision))).pages[0].mediabox.width < 600  # portrait


def test_the_excel_list_has_one_row_per_award(district_client, decision):
    response = district_client.get(reverse("commendations:decision_list_xlsx", args=[decision.pk]))
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == LIST_HEADER
    assert [r[1] for r in rows[1:]] == [
        "Đoàn Phường 10",
        "Chi đoàn Công an Quận",
        "Chi đoàn Khu phố 3",
    ]
    assert rows[3][2] == "Đoàn Phường 10"
    assert rows[1][4] == "I. Đoàn cơ sở (01)"


@needs_poppler
def test_certificates_are_a4_landscape_one_page_each(decision):
    awards = list(decision.awards.order_by("sequence"))
    pdf = render_certificates_pdf(decision, awards)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 3
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height
    for number, award in enumerate(awards, start=1):
        page = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-", "-"],
            input=pdf, capture_output=True, check=True,
        ).stdout.decode()  # fmt: skip
        for expected in [
            "GIẤY KHEN",
            "Tặng",
            award.recipient_line,
            "Đã có thành tích tiêu biểu trong thực hiện tiêu chí “3 nắm, 3 biết, 3 làm” năm 2020",
            "Quyết định số 12-QĐ/QĐTB ngày 06/04/2021",
            f"Số vào sổ: {award.register_number}",
            "Tân Bình, ngày 06 tháng 4 năm 2021",
        ]:
            assert expected in " ".join(page.split()), expected


def test_certificates_of_a_selection_and_a_single_one(
    login, district_staff, branch_secretary, decision
):
    awards = list(decision.awards.order_by("sequence"))
    url = reverse("commendations:decision_certificates", args=[decision.pk])
    chosen = login(district_staff).get(url, {"award": [awards[0].pk, awards[2].pk]})
    assert chosen["Content-Type"] == "application/pdf"
    assert len(PdfReader(BytesIO(chosen.content)).pages) == 2
    single = login(branch_secretary).get(
        reverse("commendations:award_certificate", args=[awards[2].pk])
    )
    assert len(PdfReader(BytesIO(single.content)).pages) == 1


@needs_poppler
@needs_zbar
def test_the_qr_code_read_back_from_the_page_opens_the_verify_page(client, decision, tmp_path):
    award = decision.awards.get(recipient_name="Chi đoàn Khu phố 3")
    url = read_qr(render_certificates_pdf(decision, [award]), tmp_path)
    assert url == f"{settings.SITE_URL}/verify/{award.verification_code}/"
    response = client.get(urlsplit(url).path)  # anonymous
    assert response.status_code == 200
    assert "Chi đoàn Khu phố 3 – Đoàn Phường 10" in response.content.decode()
    assert award.checks.count() == 1


@pytest.fixture
def hostile_decision(round_, tree, district_staff):
    unit = make_unit(tree.a, "branch", HOSTILE)
    approve(nominate(unit, by=None, round=round_), staff=district_staff)
    from datetime import date

    return issue_decision(
        round_, by=district_staff, number=5, signed_on=date(2021, 4, 6),
        signer_name="Nguyễn Văn Ký", subject="Về việc",
    )  # fmt: skip


class SpyFetcher:
    """Records every URL the renderer asks for, then lets the real fetcher decide."""

    def __init__(self, monkeypatch):
        from unionhub.core import pdf

        self.urls: list[str] = []
        real = pdf.LocalFilesOnlyFetcher.fetch

        def spy(fetcher, url, headers=None):
            self.urls.append(url)
            return real(fetcher, url, headers)

        monkeypatch.setattr(pdf.LocalFilesOnlyFetcher, "fetch", spy)

    def outside_static(self) -> list[str]:
        static = (Path(settings.BASE_DIR) / "static").resolve()
        bad = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme == "data":
                continue
            if parts.scheme != "file" or not Path(unquote(parts.path)).resolve().is_relative_to(
                static
            ):
                bad.append(url)
        return bad


@needs_poppler
def test_a_hostile_unit_name_prints_as_text_and_nothing_outside_static_is_fetched(
    hostile_decision, monkeypatch, district_client
):
    spy = SpyFetcher(monkeypatch)
    awards = list(hostile_decision.awards.all())
    for pdf in (
        render_list_pdf(hostile_decision),
        render_certificates_pdf(hostile_decision, awards),
    ):
        # pypdf reads in drawing order, so a name wrapped inside a table cell stays in one piece.
        text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
        assert HOSTILE in " ".join(text.split())
    assert spy.urls, "the spy saw the fonts and stylesheets being fetched"
    assert spy.outside_static() == []
    response = district_client.get(
        reverse("commendations:decision_list_xlsx", args=[hostile_decision.pk])
    )
    ws = load_workbook(BytesIO(response.content)).active
    cell = ws["B2"]
    assert cell.value == HOSTILE and cell.data_type == "s"
