"""Nomination pages: nominating, the scorecard, the unit's nominations tab."""

from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image

from commendations.models import Nomination, NominationStatus
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


def test_after_the_closing_date_the_round_offers_no_nomination(branch_client, round_, tree):
    page = branch_client.get(round_.get_absolute_url())
    assert page.context["nominate_form"] is None
    response = branch_client.post(
        reverse("commendations:round_nominate", args=[round_.pk]), {"unit": tree.a1.pk}
    )
    assert response.status_code in (302, 404)
    assert not Nomination.objects.filter(unit=tree.a1).exists()


def test_the_branch_secretary_nominates_their_branch(branch_client, current_round, tree):
    round_ = current_round
    response = branch_client.post(
        reverse("commendations:round_nominate", args=[round_.pk]), {"unit": tree.a1.pk}
    )
    nomination = Nomination.objects.get(unit=tree.a1)
    assert response["Location"] == reverse("commendations:nomination_edit", args=[nomination.pk])
    assert nomination.created_by.username == "bithu.kp3"


def test_the_scorecard_is_saved_from_the_form(branch_client, branch_nomination):
    assessments = list(branch_nomination.assessments.select_related("criterion"))
    data = {"version": branch_nomination.version, "summary": "Tóm tắt thành tích"}
    for a in assessments:
        data[f"met_{a.pk}"] = "on"
        data[f"evidence_{a.pk}"] = f"Minh chứng {a.criterion.code}"
    response = branch_client.post(
        reverse("commendations:nomination_edit", args=[branch_nomination.pk]), data
    )
    assert response.status_code == 302
    branch_nomination.refresh_from_db()
    assert branch_nomination.summary == "Tóm tắt thành tích"
    assert branch_nomination.assessments.filter(self_met=True).count() == 9


def test_a_scorecard_posted_from_a_stale_page_is_refused_with_a_message(
    branch_client, branch_nomination
):
    url = reverse("commendations:nomination_edit", args=[branch_nomination.pk])
    branch_client.post(url, {"version": branch_nomination.version, "summary": "Lần 1"})
    response = branch_client.post(url, {"version": branch_nomination.version, "summary": "Lần 2"})
    assert response.status_code == 200
    branch_nomination.refresh_from_db()
    assert branch_nomination.summary == "Lần 1"


def test_the_scorecard_page_shows_the_units_records_beside_the_criteria(
    branch_client, branch_nomination
):
    response = branch_client.get(
        reverse("commendations:nomination_edit", args=[branch_nomination.pk])
    )
    assert response.status_code == 200
    assert response.context["figures"]["N1"][0][1] == 0
    assert "Nắm đoàn viên" in response.content.decode()


def test_a_submitted_nomination_cannot_be_edited_by_the_branch(branch_client, branch_nomination):
    submit_nomination(branch_nomination, by=None)
    url = reverse("commendations:nomination_edit", args=[branch_nomination.pk])
    assert branch_client.get(url).status_code == 404
    assert branch_client.post(url, {"version": 2, "summary": "x"}).status_code == 404
    branch_nomination.refresh_from_db()
    assert branch_nomination.summary == ""


def test_the_unit_page_has_a_nominations_tab(branch_client, branch_nomination, tree):
    response = branch_client.get(reverse("commendations:unit_nominations", args=[tree.a1.pk]))
    assert response.status_code == 200
    assert branch_nomination.get_absolute_url() in response.content.decode()
    unit_page = branch_client.get(tree.a1.get_absolute_url()).content.decode()
    assert reverse("commendations:unit_nominations", args=[tree.a1.pk]) in unit_page


def test_a_returned_nomination_says_why_at_the_top(
    branch_client, branch_nomination, ward_secretary
):
    from commendations.services.nominations import submit_nomination
    from commendations.services.reviews import return_nomination

    submit_nomination(branch_nomination, by=None)
    return_nomination(branch_nomination, by=ward_secretary, note="Bổ sung minh chứng L3")
    for name in ("nomination", "nomination_edit"):
        body = branch_client.get(reverse(f"commendations:{name}", args=[branch_nomination.pk]))
        html = body.content.decode()
        first_form = html.index("<form", html.index('id="main"'))
        assert html.index("Bổ sung minh chứng L3") < first_form, name


def test_a_units_nominations_tab_is_paged_by_50(district_client, round_, tree):
    from tests.branches.test_queries import _add_branches

    honour = round_.honours.order_by("pk").last()
    units = _add_branches(tree.a, 60)
    Nomination.objects.bulk_create(
        Nomination(round=round_, honour=honour, unit=unit) for unit in units
    )
    url = reverse("commendations:unit_nominations", args=[tree.top.pk])
    first = district_client.get(url).content.decode()
    assert first.count('href="/commendations/nominations/') == 50
    assert "60 hồ sơ đề nghị" in first
    second = district_client.get(url + "?page=2").content.decode()
    assert second.count('href="/commendations/nominations/') == 10
