"""The demo round as seed_demo builds it: 47 awards, the printed list, certificates and Excel."""

import re
import subprocess
from io import BytesIO, StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from branches.models import UnitLevel
from commendations import demo
from commendations.documents import render_certificates_pdf, render_list_pdf
from commendations.models import Decision, Nomination, NominationStatus, Round
from tests.commendations.test_documents import needs_poppler, needs_zbar, pdftotext, read_qr


@pytest.fixture
def demo_decision(db, settings, tmp_path, monkeypatch):
    """The demo tree and this app's demo only: the other apps' demo records are not needed here."""
    from unionhub.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "DEMO_EXTENSIONS", ["commendations.demo"])
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=StringIO())
    return Decision.objects.get(round__title=demo.ROUND_TITLE, status="issued")


@needs_poppler
@needs_zbar
def test_the_demo_decision_prints_47_units_in_three_groups_as_list_certificates_and_excel(
    demo_decision, tmp_path, client, login
):
    """One seed for every check of the demo (seeding takes seconds)."""
    round_ = Round.objects.get(title=demo.ROUND_TITLE)
    nominations = Nomination.objects.filter(round=round_)
    assert 65 <= nominations.count() <= 75
    assert set(nominations.values_list("status", flat=True)) == set(NominationStatus.values)
    assert demo_decision.signed_on.strftime("%d/%m/%Y") == "06/04/2021"
    awards = list(demo_decision.awards.select_related("nomination__unit").order_by("sequence"))
    levels = [a.nomination.unit.level for a in awards]
    assert levels.count(UnitLevel.GRASSROOTS_UNION) == 13
    assert levels.count(UnitLevel.GRASSROOTS_BRANCH) == 2
    assert levels.count(UnitLevel.BRANCH) == 32

    # The printed list: three groups with their subtotals, the total, Vietnamese letters intact.
    text = pdftotext(render_list_pdf(demo_decision))
    assert re.search(r"I\. Đoàn cơ sở \(13\)", text)
    assert re.search(r"II\. Chi đoàn cơ sở \(02\)", text)
    assert re.search(r"III\. Chi đoàn trực thuộc \(32\)", text)
    assert "Danh sách có 47 đơn vị" in text
    flat = " ".join(text.split())
    assert (
        "Kèm theo Quyết định số 123-QĐ/QĐTB ngày 06/04/2021 của Ban Thường vụ Quận Đoàn Tân Bình"
        in flat
    )
    assert "Chi đoàn Khu phố 3" in text and "Đoàn Phường 10" in text

    # The certificates: one document, 47 pages, each with its recipient and the decision number.
    pdf = render_certificates_pdf(demo_decision, awards)
    assert len(PdfReader(BytesIO(pdf)).pages) == 47
    pages = pdftotext(pdf).split("\f")
    for award, page in zip(awards, pages, strict=False):
        flat_page = " ".join(page.split())
        assert award.recipient_line in flat_page
        assert "Quyết định số 123-QĐ/QĐTB ngày 06/04/2021" in flat_page
    url = read_qr(pdf, tmp_path, page=1)
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert awards[0].recipient_name in response.content.decode()
    assert awards[0].checks.count() == 1

    # The Excel list: a header and 47 data rows.
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="quandoan")
    response = login(staff).get(
        reverse("commendations:decision_list_xlsx", args=[demo_decision.pk])
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 47

    # Seeding again changes nothing; reset removes the round.
    call_command("seed_demo", stdout=StringIO())
    assert Nomination.objects.filter(round=round_).count() == nominations.count()
    assert Decision.objects.filter(round=round_).count() == 1
    demo.reset()
    assert not Round.objects.filter(title=demo.ROUND_TITLE).exists()
    assert not Decision.objects.exists()


@needs_poppler
@needs_zbar
def test_every_page_of_the_47_certificates_carries_its_own_awards_qr_code(demo_decision, tmp_path):
    awards = list(demo_decision.awards.order_by("sequence"))
    assert len(awards) == 47
    source = tmp_path / "certificates.pdf"
    source.write_bytes(render_certificates_pdf(demo_decision, awards))
    # Every page as a scanner would see it: page-01.png … page-47.png.
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", str(source), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 47
    for number, (award, page) in enumerate(zip(awards, pages, strict=True), start=1):
        decoded = (
            subprocess.run(["zbarimg", "--raw", "-q", str(page)], capture_output=True, check=True)
            .stdout.decode()
            .split()
        )
        assert decoded == [award.verify_url], f"page {number}"
        assert urlsplit(decoded[0]).path == reverse(
            "verify", kwargs={"code": award.verification_code}
        )
