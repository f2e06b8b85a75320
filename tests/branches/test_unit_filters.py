"""The unit choices of the list filters search as you type: the unit list's "Under" and the member
list's branch list the first 20 units only, however many there are, and a unit found by the search
filters the list (and its Excel) as one picked from a full list did. Only units the user may see."""

import re
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from branches.forms.widgets import UNIT_OPTIONS
from branches.models import UnitArea, UnitLevel
from tests.branches.records_helpers import make_member
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _select(html: str, name: str) -> str:
    match = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S)
    assert match, f"no select named {name}"
    return match.group(0)


def _options(html: str) -> list[str]:
    return re.findall(r'<option value="(\d+)"', html)


def _selected(html: str) -> list[str]:
    return re.findall(r'<option value="(\d+)" selected>', html)


def _listed(response) -> list[str]:
    return [unit.name for unit in response.context["page"].object_list]


@pytest.fixture
def many_wards(tree):
    """25 more grassroots unions under the district, Phường 20 to Phường 44, each with a branch."""
    wards = [
        make_unit(tree.top, UnitLevel.GRASSROOTS_UNION, f"Đoàn Phường {i}", area=UnitArea.WARD)
        for i in range(20, 45)
    ]
    for ward in wards:
        make_unit(ward, UnitLevel.BRANCH, f"Chi đoàn {ward.name[5:]}", area=UnitArea.NEIGHBOURHOOD)
    return wards


@pytest.fixture
def many_branches(tree):
    """25 more branches under Đoàn Phường 10: Khu phố 120 to Khu phố 144."""
    return [
        make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn Khu phố {i}", area=UnitArea.NEIGHBOURHOOD)
        for i in range(120, 145)
    ]


# --- The unit list's "Under" ----------------------------------------------------------------


def test_the_unit_list_offers_only_the_first_grassroots_unions_under_and_a_search(
    district_client, many_wards
):
    html = district_client.get(reverse("branches:unit_list")).content.decode()
    under = _select(html, "under")
    assert len(_options(under)) == UNIT_OPTIONS  # 27 grassroots unions in all
    assert "Gõ để tìm thêm đơn vị…" in under and "Mọi cấp trên" in under
    assert 'hx-get="?unit_search=under"' in html


def test_a_grassroots_union_found_by_the_search_filters_the_unit_list(district_client, many_wards):
    url = reverse("branches:unit_list")
    last = many_wards[-1]
    assert str(last.pk) not in _options(district_client.get(url).content.decode())
    found = district_client.get(url, {"unit_search": "under", "q": "phuong 44"})
    assert _options(found.content.decode()) == [str(last.pk)]
    response = district_client.get(url, {"under": last.pk})
    assert _listed(response) == ["Chi đoàn Phường 44"]
    assert _selected(_select(response.content.decode(), "under")) == [str(last.pk)]
    assert f"under={last.pk}" in response.context["filter_query"]  # kept across pages


def test_the_under_search_offers_only_the_users_own_grassroots_union(ward_client, tree):
    url = reverse("branches:unit_list")
    found = ward_client.get(url, {"unit_search": "under", "q": "doan phuong"}).content.decode()
    assert _options(found) == [str(tree.a.pk)]  # not Phường 11
    listed = _listed(ward_client.get(url, {"under": tree.b.pk}))
    assert "Chi đoàn Khu phố 1" not in listed  # Phường 11's branch stays out of sight
    assert set(listed) == {"Đoàn Phường 10", "Chi đoàn Khu phố 3", "Chi đoàn Khu phố 4"}


def test_the_under_search_is_for_signed_in_users_and_only_by_get(district_client, tree):
    url = reverse("branches:unit_list") + "?unit_search=under&q=phuong"
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert district_client.post(url).status_code == 405


def test_an_under_value_that_is_no_id_chooses_nothing(district_client, tree):
    response = district_client.get(reverse("branches:unit_list"), {"under": "abc"})
    assert response.status_code == 200
    assert _selected(_select(response.content.decode(), "under")) == []
    assert "Chi đoàn Khu phố 1" in _listed(response)


# --- The member list's branch ---------------------------------------------------------------


def test_the_member_list_offers_only_the_first_branches_and_a_search(
    ward_client, tree, many_branches
):
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    html = ward_client.get(url).content.decode()
    branch = _select(html, "branch")
    assert len(_options(branch)) == UNIT_OPTIONS  # 27 branches in all
    assert "Gõ để tìm thêm đơn vị…" in branch and "Mọi đơn vị của Đoàn Phường 10" in branch
    assert 'hx-get="?unit_search=branch"' in html


def test_a_branch_found_by_the_search_filters_the_member_list_and_its_excel(
    ward_client, tree, many_branches
):
    last = many_branches[-1]
    make_member(last, "Phan Thị Cuối")
    make_member(tree.a1, "Trần Thị Mai")
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    assert str(last.pk) not in _options(_select(ward_client.get(url).content.decode(), "branch"))
    found = ward_client.get(url, {"unit_search": "branch", "q": "khu pho 144"})
    assert _options(found.content.decode()) == [str(last.pk)]
    response = ward_client.get(url, {"branch": last.pk})
    assert [m.full_name for m in response.context["page"]] == ["Phan Thị Cuối"]
    assert _selected(_select(response.content.decode(), "branch")) == [str(last.pk)]
    assert f"branch={last.pk}" in response.context["filter_query"]  # pages and the Excel link
    export = reverse("branches:member_export", kwargs={"unit_pk": tree.a.pk})
    sheet = load_workbook(BytesIO(ward_client.get(f"{export}?branch={last.pk}").content)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Phan Thị Cuối"]


def test_the_branch_search_offers_only_the_units_directly_below_the_list(ward_client, tree):
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    found = _options(
        ward_client.get(url, {"unit_search": "branch", "q": "khu pho"}).content.decode()
    )
    assert sorted(found) == sorted([str(tree.a1.pk), str(tree.a2.pk)])  # not Phường 11's Khu phố 1


def test_the_branch_search_answers_no_one_outside_the_unit(outsider_client, tree):
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    query = {"unit_search": "branch", "q": "khu pho"}
    assert outsider_client.get(url, query).status_code == 404
    response = Client().get(url, query)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert outsider_client.post(url, query).status_code == 405


def test_a_branch_value_that_is_no_id_is_ignored_and_another_wards_branch_lists_no_one(
    ward_client, tree
):
    make_member(tree.a1, "Trần Thị Mai")
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    junk = ward_client.get(url, {"branch": "abc"})
    assert junk.status_code == 200
    assert [m.full_name for m in junk.context["page"]] == ["Trần Thị Mai"]
    assert ward_client.get(url, {"branch": tree.b1.pk}).context["page"].paginator.count == 0


def test_a_cleared_search_leaves_the_branch_choice_empty_and_a_typed_one_picks_its_first(
    ward_client, tree
):
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    cleared = ward_client.get(url, {"unit_search": "branch", "q": ""}).content.decode()
    assert _selected(cleared) == [] and '<option value="">Mọi đơn vị' in cleared
    typed = ward_client.get(url, {"unit_search": "branch", "q": "khu pho 4"}).content.decode()
    assert _selected(typed) == [str(tree.a2.pk)]


def test_a_list_longer_than_the_count_cap_says_more_than_and_still_pages(
    district_client, tree, monkeypatch
):
    from branches.views import members as member_views

    for i in range(8):
        make_member(tree.a1, full_name=f"Nguyễn Văn Số {i}")
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    monkeypatch.setattr(member_views, "COUNTED", 5)
    monkeypatch.setattr(member_views, "PAGE_SIZE", 2)
    response = district_client.get(url)
    assert response.context["page"].paginator.capped
    assert "hơn 5 đoàn viên" in response.content.decode()
    assert response.context["page"].paginator.num_pages == 3
    monkeypatch.setattr(member_views, "COUNTED", 8)
    exact = district_client.get(url)
    assert not exact.context["page"].paginator.capped
    assert "8 đoàn viên" in exact.content.decode()


def test_a_search_counts_fewer_than_the_whole_list(district_client, tree, monkeypatch):
    from branches.views import members as member_views

    for i in range(4):
        make_member(tree.a1, full_name=f"Trần Thị Tìm {i}")
    monkeypatch.setattr(member_views, "COUNTED_FOUND", 3)
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    assert not district_client.get(url).context["page"].paginator.capped
    assert district_client.get(url, {"q": "tran thi tim"}).context["page"].paginator.capped
