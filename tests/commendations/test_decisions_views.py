"""Decision pages: issuing, revoking, the award page."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image

from commendations.models import Decision, NominationStatus
from commendations.services.nominations import nominate
from tests.commendations.conftest import approve

S = NominationStatus
PDF = b"%PDF-1.4\n%%EOF\n"


def _png(size=(8, 8)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def objects(decision, round_, tree):
    """A draft nomination of Chi đoàn Khu phố 4 (A2), the decision, and Khu phố 3's award."""
    draft = nominate(tree.a2, by=None, round=round_)
    award = decision.awards.get(recipient_name="Chi đoàn Khu phố 3")
    return draft, decision, award


def test_district_staff_issue_the_decision_with_the_next_number_proposed(
    district_client, district_staff, round_, branch_nomination
):
    approve(branch_nomination, staff=district_staff)
    url = reverse("commendations:decision_create", args=[round_.pk])
    page = district_client.get(url)
    assert page.context["form"].initial["number"] == 1
    response = district_client.post(
        url,
        {"number": 7, "signed_on": "2021-04-06", "signer_name": "Nguyễn Văn Ký",
         "signer_title": "BÍ THƯ", "on_behalf": "TM. BAN THƯỜNG VỤ", "subject": "Về việc"},
    )  # fmt: skip
    decision = Decision.objects.get()
    assert response["Location"] == decision.get_absolute_url()
    assert decision.number == 7 and decision.signed_on == date(2021, 4, 6)
    assert decision.awards.count() == 1


def test_revoking_through_the_page_needs_a_reason(district_client, decision):
    url = reverse("commendations:decision_revoke", args=[decision.pk])
    district_client.post(url, {"reason": ""})
    decision.refresh_from_db()
    assert decision.is_issued
    district_client.post(url, {"reason": "Sai tên đơn vị"})
    decision.refresh_from_db()
    assert not decision.is_issued and decision.revoke_reason == "Sai tên đơn vị"


def test_the_award_page_shows_the_register_number_and_links_the_certificate(branch_client, objects):
    _draft, _decision, award = objects
    response = branch_client.get(award.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert award.register_number in body
    assert reverse("commendations:award_certificate", args=[award.pk]) in body


def test_a_ward_secretary_reads_the_decision_and_prints_only_their_units_certificates(
    ward_client, decision, tree
):
    from pypdf import PdfReader

    response = ward_client.get(decision.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chi đoàn Công an Quận" in body  # the decision as published: every unit commended
    assert set(response.context["printable"]) == set(
        decision.awards.filter(nomination__unit__in=[tree.a, tree.a1]).values_list("pk", flat=True)
    )
    theirs = decision.awards.get(nomination__unit=tree.a1)
    other = decision.awards.get(nomination__unit=tree.g)
    assert f'value="{theirs.pk}"' in body and f'value="{other.pk}"' not in body
    assert reverse("commendations:decision_revoke", args=[decision.pk]) not in body
    url = reverse("commendations:decision_certificates", args=[decision.pk])
    response = ward_client.get(url)
    assert response.status_code == 200
    assert len(PdfReader(BytesIO(response.content)).pages) == 2
    # Asking for another unit's certificate gives nothing of it.
    assert ward_client.get(url, {"award": other.pk}).status_code == 404
    response = ward_client.get(url, {"award": [other.pk, theirs.pk]})
    assert len(PdfReader(BytesIO(response.content)).pages) == 1
    # The round page links the decision for them.
    assert (
        decision.get_absolute_url()
        in ward_client.get(decision.round.get_absolute_url()).content.decode()
    )


def test_a_unit_not_commended_gets_404_on_the_decision_and_its_prints(outsider_client, decision):
    for name in ("decision", "decision_list_pdf", "decision_list_xlsx", "decision_certificates"):
        url = reverse(f"commendations:{name}", args=[decision.pk])
        assert outsider_client.get(url).status_code == 404, name
    assert (
        decision.get_absolute_url()
        not in outsider_client.get(decision.round.get_absolute_url()).content.decode()
    )
