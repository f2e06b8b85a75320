"""Review pages: submit, endorse, return and the district's review."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from PIL import Image

from commendations.models import NominationStatus, NominationTransition
from commendations.services.nominations import nominate, submit_nomination

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


def test_submit_endorse_and_approve_through_the_pages(
    branch_client, login, ward_secretary, district_staff, branch_nomination
):
    branch_client.post(
        reverse("commendations:nomination_submit", args=[branch_nomination.pk]), {"note": "Gửi"}
    )
    ward = login(ward_secretary)
    ward.post(reverse("commendations:nomination_endorse", args=[branch_nomination.pk]))
    district = login(district_staff)
    branch_nomination.refresh_from_db()
    data = {"outcome": S.APPROVED, "note": "", "version": branch_nomination.version}
    for a in branch_nomination.assessments.all():
        data[f"verdict_{a.pk}"] = "met"
        data[f"comment_{a.pk}"] = "Tốt"
    response = district.post(
        reverse("commendations:nomination_review", args=[branch_nomination.pk]), data
    )
    assert response.status_code == 302
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.APPROVED
    assert NominationTransition.objects.filter(nomination=branch_nomination).count() == 3
    page = district.get(branch_nomination.get_absolute_url())
    assert page.status_code == 200 and "Tốt" in page.content.decode()


def test_a_branch_secretary_cannot_approve_through_the_review_page(
    branch_client, branch_nomination
):
    submit_nomination(branch_nomination, by=None)
    url = reverse("commendations:nomination_review", args=[branch_nomination.pk])
    data = {"outcome": S.APPROVED}
    data.update({f"verdict_{a.pk}": "met" for a in branch_nomination.assessments.all()})
    assert branch_client.post(url, data).status_code == 404
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.SUBMITTED


def test_a_branch_secretary_cannot_endorse_their_own_branch(branch_client, branch_nomination):
    submit_nomination(branch_nomination, by=None)
    url = reverse("commendations:nomination_endorse", args=[branch_nomination.pk])
    assert branch_client.post(url).status_code == 404
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.SUBMITTED


def test_returning_without_a_reason_shows_an_error_and_changes_nothing(
    ward_client, branch_nomination
):
    submit_nomination(branch_nomination, by=None)
    response = ward_client.post(
        reverse("commendations:nomination_return", args=[branch_nomination.pk]),
        {"note": ""},
        follow=True,
    )
    assert gettext("Say what needs to change.") in response.content.decode()
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.SUBMITTED
