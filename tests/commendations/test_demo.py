"""The demo round as seed_demo builds it: 47 awards, the printed list, certificates and Excel."""

import re
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
from commendations.exports import list_sheet
from commendations.models import Decision, Nomination, NominationStatus, Round
from tests.commendations.test_documents import needs_poppler, needs_zbar, pdftotext, read_qr
from unionhub.xlsx import workbook_bytes


@pytest.fixture
def demo_decision(db, settings, tmp_path, monkeypatch):
    """The demo tree and this app's demo only: the other apps' demo records are not needed here."""
    from branches.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "DEMO_EXTENSIONS", ["commendations.demo"])
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=StringIO())
    return Decision.objects.get(round__title=demo.ROUND_TITLE, status="issued")


def test_the_demo_round_has_about_70_nominations_in_mixed_states_and_47_awards(demo_decision):
    round_ = Round.objects.get(title=demo.ROUND_TITLE)
    nominations = Nomination.objects.filter(round=round_)
    assert 65 <= nominations.count() <= 75
    assert set(nominations.values_list("status", flat=True)) == set(NominationStatus.values)
    assert demo_decision.signed_on.strftime("%d/%m/%Y") == "06/04/2021"
    levels = [a.nomination.unit.level for a in demo_decision.awards.select_related("nomination__unit")]
    assert levels.count(UnitLevel.GRASSROOTS_UNION) == 13
    assert levels.count(UnitLevel.GRASSROOTS_BRANCH) == 2
    assert levels.count(UnitLevel.BRANCH) == 32
    # Running the seed again changes nothing.
    call_command("seed_demo", stdout=StringIO())
    assert Nomination.objects.filter(round=round_).count() == nominations.count()
    assert Decision.objects.filter(round=round_).count() == 1


@needs_poppler
def test_the_demo_list_pdf_shows_the_three_groups_and_the_total(demo_decision):
    text = pdftotext(render_list_pdf(demo_decision))
    assert re.search(r"I\. Đoàn cơ sở \(13\)", text)
    assert re.search(r"II\. Chi đoàn cơ sở \(02\)", text)
    assert re.search(r"III\. Chi đoàn trực thuộc \(32\)", text)
    assert "Danh sách có 47 đơn vị" in text
    assert "Kèm theo Quyết định số 123-QĐ/QĐTB ngày 06/04/2021 của Ban Thường vụ" in " ".join(text.split())
    assert "Chi đoàn Khu phố 3" in text and "Đoàn Phường 10" in text


@needs_poppler
@needs_zbar
def test_the_demo_certificates_are_47_pages_each_with_its_recipient_and_qr(
    demo_decision, tmp_path, client
):
    awards = list(demo_decision.awards.order_by("sequence"))
    pdf = render_certificates_pdf(demo_decision, awards)
    assert len(PdfReader(BytesIO(pdf)).pages) == 47
    pages = pdftotext(pdf).split("\f")
    for award, page in zip(awards, pages, strict=False):
        flat = " ".join(page.split())
        assert award.recipient_line in flat
        assert "123-QĐ/QĐTB" in flat
    url = read_qr(pdf, tmp_path, page=1)
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert awards[0].recipient_name in response.content.decode()
    assert awards[0].checks.count() == 1


def test_the_demo_excel_list_has_47_data_rows(demo_decision, login):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="quandoan")
    response = login(staff).get(reverse("commendations:decision_list_xlsx", args=[demo_decision.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 47
    assert workbook_bytes([list_sheet(demo_decision)])[:2] == b"PK"


def test_reset_removes_the_demo_round(demo_decision):
    demo.reset()
    assert not Round.objects.filter(title=demo.ROUND_TITLE).exists()
    assert not Decision.objects.exists()
