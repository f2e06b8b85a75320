"""The home page panel of commendations."""

from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image

from commendations.models import NominationStatus
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


def test_the_home_page_lists_nominations_waiting_for_review(district_client, ward_nomination):
    submit_nomination(ward_nomination, by=None)
    body = district_client.get(reverse("home")).content.decode()
    assert ward_nomination.get_absolute_url() in body


def test_the_home_page_tells_the_grassroots_secretary_what_to_endorse(
    ward_client, branch_nomination
):
    submit_nomination(branch_nomination, by=None)
    body = ward_client.get(reverse("home")).content.decode()
    assert branch_nomination.get_absolute_url() in body


def test_the_home_page_invites_a_branch_secretary_to_nominate(branch_client, current_round):
    body = branch_client.get(reverse("home")).content.decode()
    assert current_round.get_absolute_url() in body


def test_a_round_past_its_closing_date_is_not_offered_on_the_home_page(
    branch_client, round_, branch_nomination
):
    # Closed for nominations on 15/03/2021: nothing to nominate, no draft to finish.
    body = branch_client.get(reverse("home")).content.decode()
    assert round_.get_absolute_url() not in body
    assert branch_nomination.get_absolute_url() not in body
    assert reverse("commendations:nomination_edit", args=[branch_nomination.pk]) not in body
