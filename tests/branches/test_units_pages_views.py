"""The unit list, the tree, a unit's page and its history: what each role sees, and queries that do not grow."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from branches.models import RoleKind, Unit, UnitArea, UnitLevel
from branches.services import close_unit, update_unit
from tests.branches.unit_helpers import listed, unit_form_data, unit_url
from tests.factories import UserFactory, grant, make_unit

pytestmark = pytest.mark.django_db

User = get_user_model()

# --- Unit list: search, filters, pagination -----------------------------------------------


def test_unit_list_shows_only_visible_units(ward_client, tree):
    response = ward_client.get(unit_url("unit_list"))
    assert response.status_code == 200
    assert listed(response) == ["Đoàn Phường 10", "Chi đoàn Khu phố 3", "Chi đoàn Khu phố 4"]
    assert "Đoàn Phường 11" not in response.content.decode()


@pytest.mark.parametrize("q", ["khu pho 3", "KHU PHỐ 3", "  Khu   phố 3 ", "kp3 khu-pho-3 phuong"])
def test_unit_search_ignores_accents_and_case(district_client, tree, q):
    if q.startswith("kp3"):
        q = "khu-pho-3"  # the code
    response = district_client.get(unit_url("unit_list"), {"q": q})
    assert listed(response) == ["Chi đoàn Khu phố 3"]


def test_unit_search_matches_every_word_not_any(district_client, tree):
    response = district_client.get(unit_url("unit_list"), {"q": "phuong 11"})
    assert listed(response) == ["Đoàn Phường 11"]
    response = district_client.get(unit_url("unit_list"), {"q": "khu pho 99"})
    assert listed(response) == []


def test_unit_list_filters_by_level(district_client, tree):
    response = district_client.get(unit_url("unit_list"), {"level": UnitLevel.GRASSROOTS_UNION})
    assert listed(response) == ["Đoàn Phường 10", "Đoàn Phường 11"]


def test_unit_list_filters_by_area(district_client, tree):
    response = district_client.get(unit_url("unit_list"), {"area": UnitArea.ARMED_FORCES})
    assert listed(response) == ["Chi đoàn Công an Quận"]


def test_unit_list_filters_by_the_grassroots_union_above(district_client, tree):
    response = district_client.get(unit_url("unit_list"), {"under": tree.b.pk})
    assert listed(response) == ["Chi đoàn Khu phố 1"]


def test_unit_list_under_filter_offers_only_visible_unions(ward_client, tree):
    response = ward_client.get(unit_url("unit_list"), {"under": tree.b.pk})
    assert list(response.context["filter"].filters["under"].queryset) == [tree.a]
    assert "Chi đoàn Khu phố 1" not in listed(response)


def test_unit_list_filters_by_status(district_client, tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    closed = district_client.get(unit_url("unit_list"), {"status": "closed"})
    assert listed(closed) == ["Chi đoàn Khu phố 4"]
    open_ = district_client.get(unit_url("unit_list"), {"status": "open"})
    assert "Chi đoàn Khu phố 4" not in listed(open_)
    assert len(listed(open_)) == 6


def test_unit_list_is_paginated_and_keeps_the_filters(district_client, tree, monkeypatch):
    monkeypatch.setattr("branches.views.units.PAGE_SIZE", 2)
    first = district_client.get(unit_url("unit_list"), {"level": UnitLevel.BRANCH})
    assert first.context["page"].paginator.num_pages == 2
    assert "level=branch&amp;page=2" in first.content.decode()
    second = district_client.get(unit_url("unit_list"), {"level": UnitLevel.BRANCH, "page": 2})
    assert listed(second) == ["Chi đoàn Khu phố 1"]


# --- Tree ---------------------------------------------------------------------------------


def test_tree_page_nests_the_visible_units(ward_client, tree):
    response = ward_client.get(unit_url("unit_tree"))
    assert response.status_code == 200
    [root] = response.context["level"].nodes
    assert root.unit == tree.a
    assert [n.unit.name for n in root.children.nodes] == [
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
    ]
    assert "Đoàn Phường 11" not in response.content.decode()


def test_tree_page_shows_two_levels_and_fetches_the_rest_on_expand(district_client, tree):
    response = district_client.get(unit_url("unit_tree"))
    [root] = response.context["level"].nodes
    assert root.unit == tree.top and root.loaded
    assert [(n.unit, n.child_count, n.loaded) for n in root.children.nodes] == [
        (tree.g, 0, True),
        (tree.a, 2, False),
        (tree.b, 1, False),
    ]
    html = response.content.decode()
    assert "Chi đoàn Khu phố 3" not in html  # the third level waits for its expand
    assert f'hx-get="{unit_url("unit_children", tree.a)}"' in html
    assert f'aria-controls="tree-children-{tree.a.pk}"' in html
    fragment = district_client.get(unit_url("unit_children", tree.a))
    assert fragment.status_code == 200
    assert [n.unit.name for n in fragment.context["level"].nodes] == [
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
    ]
    assert "<html" not in fragment.content.decode()


def test_a_tree_level_shows_a_page_of_units_and_fetches_the_rest_on_show_more(
    district_client, tree, monkeypatch
):
    from branches import tree as tree_module
    from tests.branches.test_queries import _add_branches

    monkeypatch.setattr(tree_module, "TREE_PAGE", 3)
    _add_branches(tree.a, 5)  # 7 branches under Đoàn Phường 10
    first = district_client.get(unit_url("unit_children", tree.a)).content.decode()
    assert first.count('class="tree-link"') == 3
    more = f'hx-get="{unit_url("unit_children", tree.a)}?start=3"'
    assert more in first and "Xem thêm 4 đơn vị" in first
    second = district_client.get(unit_url("unit_children", tree.a) + "?start=3")
    html = second.content.decode()
    assert html.count('class="tree-link"') == 3 and "?start=6" in html
    assert "<ul" not in html  # list items that replace the "show more" item
    last = district_client.get(unit_url("unit_children", tree.a) + "?start=6").content.decode()
    assert last.count('class="tree-link"') == 1 and "start=" not in last
    assert district_client.get(unit_url("unit_children", tree.a) + "?start=x").status_code == 200


def test_a_tree_node_link_is_beside_its_toggle_not_inside_it(district_client, tree):
    html = district_client.get(unit_url("unit_tree")).content.decode()
    assert "<summary" not in html and "<details" not in html
    toggle = html.index(f'aria-controls="tree-children-{tree.a.pk}"')
    button_end = html.index("</button>", toggle)
    link = html.index(f'href="{tree.a.get_absolute_url()}"')
    assert link > button_end


def test_tree_children_are_only_those_the_outsider_may_see(outsider_client, tree):
    assert outsider_client.get(unit_url("unit_children", tree.a)).status_code == 404
    assert outsider_client.get(unit_url("unit_children", tree.b)).status_code == 404
    assert outsider_client.get(unit_url("unit_children", tree.top)).status_code == 404
    own = outsider_client.get(unit_url("unit_children", tree.b1))
    assert own.status_code == 200 and own.context["level"].nodes == []


def test_a_ward_secretary_cannot_open_the_level_above_their_union(ward_client, tree):
    assert ward_client.get(unit_url("unit_children", tree.top)).status_code == 404
    [root] = ward_client.get(unit_url("unit_tree")).context["level"].nodes
    assert root.unit == tree.a


def test_tree_page_leaves_out_closed_units(district_client, tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    response = district_client.get(unit_url("unit_tree"))
    [root] = response.context["level"].nodes
    assert [n.child_count for n in root.children.nodes if n.unit == tree.a] == [1]
    fragment = district_client.get(unit_url("unit_children", tree.a)).content.decode()
    assert "Chi đoàn Khu phố 4" not in fragment
    assert "Chi đoàn Khu phố 3" in fragment


# --- Unit page and history ----------------------------------------------------------------


def test_unit_page_shows_details_children_and_flags(ward_client, tree, branch_secretary):
    response = ward_client.get(unit_url("unit", tree.a))
    assert response.status_code == 200
    assert [c.name for c in response.context["children"]] == [
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
    ]
    assert response.context["can_edit"] and response.context["can_manage"]
    assert not response.context["can_restructure"]
    assert response.context["ancestors"] == [tree.top]


def test_unit_page_lists_its_children_50_at_a_time_in_natural_order(ward_client, tree):
    for i in range(3, 58):
        make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn Tổ {i}", area=UnitArea.NEIGHBOURHOOD)
    first = ward_client.get(unit_url("unit", tree.a))
    children = first.context["children"]
    assert children.paginator.count == 57 and len(children) == 50
    assert [c.name for c in children][:3] == [
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
        "Chi đoàn Tổ 3",
    ]
    last = ward_client.get(unit_url("unit", tree.a), {"page": 2}).context["children"]
    assert [c.name for c in last] == [f"Chi đoàn Tổ {i}" for i in range(51, 58)]


def test_unit_page_lists_roles_only_for_managers(ward_client, login, tree, branch_secretary):
    response = ward_client.get(unit_url("unit", tree.a1))
    assert [r.user for r in response.context["roles"]] == [branch_secretary]
    assert (
        unit_url("role_revoke", tree.a1, branch_secretary.roles.get()) in response.content.decode()
    )

    as_branch = login(branch_secretary).get(unit_url("unit", tree.a1))
    assert list(as_branch.context["roles"]) == []
    assert not as_branch.context["can_manage"]


def test_closed_unit_is_still_viewable_but_not_editable(ward_client, tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    assert ward_client.get(unit_url("unit", tree.a2)).status_code == 200
    assert ward_client.get(unit_url("unit_history", tree.a2)).status_code == 200
    assert ward_client.get(unit_url("unit_edit", tree.a2)).status_code == 404


def test_history_tab_shows_who_changed_what(ward_client, ward_secretary, tree):
    update_unit(tree.a1, by=ward_secretary, phone="0909 123 456")
    response = ward_client.get(unit_url("unit_history", tree.a1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lê Văn Phường" in html
    assert "<del>0283 111 222</del>" in html
    assert "<ins>0909 123 456</ins>" in html
    newest = response.context["page"].object_list[0]
    assert newest.who == "Lê Văn Phường"
    assert [(c.old, c.new) for c in newest.changes] == [("0283 111 222", "0909 123 456")]


def test_history_tab_shows_an_edit_made_through_the_form(ward_client, tree):
    ward_client.post(unit_url("unit_edit", tree.a1), unit_form_data(tree.a1, address="12 Lê Lai"))
    newest = ward_client.get(unit_url("unit_history", tree.a1)).context["page"].object_list[0]
    assert newest.who == "Lê Văn Phường"
    assert [(c.old, c.new) for c in newest.changes] == [("—", "12 Lê Lai")]


def test_history_tab_shows_role_changes(ward_client, ward_secretary, branch_secretary, tree):
    ward_client.post(unit_url("role_revoke", tree.a1, branch_secretary.roles.get()))
    entries = ward_client.get(unit_url("unit_history", tree.a1)).context["page"].object_list
    assert len(entries) == 3  # the unit created, the role granted, the role removed
    with translation.override("vi"):
        assert entries[1].who == gettext("system")  # granted by a fixture, nobody behind it
    assert entries[0].who == "Lê Văn Phường"
    assert entries[0].changes == []
    assert "Phạm Thị Khu" in entries[0].subject


# --- No N+1 -------------------------------------------------------------------------------


def _count_queries(client, url: str) -> int:
    client.get(url)  # warm caches (content types, sessions) outside the measurement
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def _add_branches(parent: Unit, n: int) -> None:
    for i in range(n):
        make_unit(parent, UnitLevel.BRANCH, f"Chi đoàn Thêm {i}", area=UnitArea.NEIGHBOURHOOD)


@pytest.mark.parametrize("name", ["unit_list", "unit_tree", "unit_children", "unit"])
def test_pages_run_the_same_number_of_queries_for_3_and_30_units(district_client, tree, name):
    unit = tree.a if name in {"unit", "unit_children"} else None
    url = unit_url(name, unit)
    _add_branches(tree.a, 1)  # A now has 3 branches
    few = _count_queries(district_client, url)
    _add_branches(tree.a, 27)  # and now 30
    many = _count_queries(district_client, url)
    assert few == many


def test_history_runs_the_same_number_of_queries_for_3_and_30_changes(district_client, tree):
    url = unit_url("unit_history", tree.a1)

    def change(start: int, n: int) -> None:
        for i in range(start, start + n):
            update_unit(tree.a1, by=None, phone=f"0909 000 {i:03d}")
            grant(UserFactory(), tree.a1, RoleKind.VIEWER)

    change(0, 3)
    few = _count_queries(district_client, url)
    change(3, 27)
    many = _count_queries(district_client, url)
    assert few == many


def test_unit_page_offers_adding_a_unit_only_where_one_may_sit(ward_client, tree):
    union_page = ward_client.get(reverse("branches:unit", args=[tree.a.pk]))
    branch_page = ward_client.get(reverse("branches:unit", args=[tree.a1.pk]))
    assert union_page.context["can_add_child"] is True
    assert branch_page.context["can_add_child"] is False
    assert reverse("branches:unit_create", args=[tree.a1.pk]) not in branch_page.content.decode()


def test_unit_page_links_only_to_units_the_user_may_open(
    login, branch_secretary, ward_secretary, tree
):
    page = login(branch_secretary).get(reverse("branches:unit", args=[tree.a1.pk])).content.decode()
    assert f'href="{reverse("branches:unit", args=[tree.a.pk])}"' not in page
    assert f'href="{reverse("branches:unit", args=[tree.top.pk])}"' not in page
    assert "Đoàn Phường 10" in page  # named, not linked
    ward_page = (
        login(ward_secretary).get(reverse("branches:unit", args=[tree.a1.pk])).content.decode()
    )
    assert f'href="{reverse("branches:unit", args=[tree.a.pk])}"' in ward_page
