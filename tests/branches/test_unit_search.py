"""The unit choice that searches as you type: the page lists the first 20 units only, its search box
asks the same page for the units matching what was typed, among those the form may choose."""

import re

import pytest
from django.urls import reverse

from branches.forms.widgets import UNIT_OPTIONS
from branches.models import MemberTransfer, UnitArea, UnitLevel
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[str]:
    return re.findall(r'<option value="(\d+)"', html)


@pytest.fixture
def many(tree):
    return [
        make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn Tổ dân phố {i}", area=UnitArea.NEIGHBOURHOOD)
        for i in range(1, 41)
    ]


def test_the_transfer_form_lists_the_first_units_and_says_there_are_more(
    district_client, tree, rec, many
):
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    html = district_client.get(url).content.decode()
    assert len(_options(html)) == UNIT_OPTIONS
    assert "Gõ để tìm thêm đơn vị…" in html
    assert 'hx-get="?unit_search=to_unit"' in html


def test_the_search_returns_the_matching_units_without_accents(district_client, tree, rec, many):
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    response = district_client.get(url, {"unit_search": "to_unit", "q": "TO DAN pho 37"})
    assert _options(response.content.decode()) == [str(many[36].pk)]
    none = district_client.get(url, {"unit_search": "to_unit", "q": "không có đơn vị này"})
    assert _options(none.content.decode()) == []
    assert "Không có đơn vị nào khớp." in none.content.decode()


def test_the_search_offers_only_the_units_the_form_may_choose(ward_client, tree, rec):
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    found = _options(
        ward_client.get(url, {"unit_search": "to_unit", "q": "khu pho"}).content.decode()
    )
    assert str(tree.a2.pk) in found and str(tree.b1.pk) not in found  # Phường 11 is not theirs


def test_an_outsider_cannot_search_through_someone_elses_form(outsider_client, rec):
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    assert outsider_client.get(url, {"unit_search": "to_unit", "q": "khu"}).status_code == 404


def test_a_search_for_a_field_that_is_no_unit_choice_is_refused(district_client, rec):
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    assert district_client.get(url, {"unit_search": "note"}).status_code == 400


def test_a_unit_found_by_the_search_beyond_the_first_twenty_can_be_chosen(
    district_client, tree, rec, many
):
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    last = many[-1]
    assert str(last.pk) not in _options(district_client.get(url).content.decode())
    data = {"to_unit": last.pk, "transferred_on": "2021-05-01", "version": rec.member.version}
    assert district_client.post(url, data).status_code == 302
    assert MemberTransfer.objects.get().to_unit == last


def test_the_chosen_unit_stays_listed_when_the_form_comes_back_with_an_error(
    district_client, tree, rec, many
):
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    last = many[-1]
    data = {"to_unit": last.pk, "transferred_on": "", "version": rec.member.version}
    html = district_client.post(url, data).content.decode()
    assert f'<option value="{last.pk}" selected>' in html


@pytest.mark.parametrize(
    "name, kwargs, field, q, expected",
    [
        ("branches:unit_move", lambda t: {"pk": t.a1.pk}, "new_parent", "phuong 11", "b"),
        ("branches:unit_merge", lambda t: {"pk": t.a1.pk}, "successor", "khu pho 1", "b1"),
        ("branches:period_create", lambda t: {}, "under", "phuong 11", "b"),
    ],
)
def test_every_unit_choice_answers_its_search(
    district_client, tree, name, kwargs, field, q, expected
):
    url = reverse(name, kwargs=kwargs(tree))
    response = district_client.get(url, {"unit_search": field, "q": q})
    assert response.status_code == 200
    assert _options(response.content.decode()) == [str(getattr(tree, expected).pk)]
