"""The organisation tree at a city's size: a level shows a page of 30 units in natural order and
offers the rest, and each node says in Vietnamese what its toggle and its count mean."""

import re

import pytest

from branches.models import UnitArea, UnitLevel
from tests.branches.unit_helpers import unit_url
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _links(html: str) -> list[str]:
    return re.findall(r'class="tree-link" href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def forty_groups(tree):
    """40 more branches under Đoàn Phường 10, named so that 2 sorts before 10."""
    return [
        make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn Tổ {i}", area=UnitArea.NEIGHBOURHOOD)
        for i in range(1, 41)
    ]


def test_a_long_level_shows_thirty_units_in_natural_order_and_offers_the_rest(
    district_client, tree, forty_groups
):
    first = district_client.get(unit_url("unit_children", tree.a)).content.decode()
    expected = ["Chi đoàn Khu phố 3", "Chi đoàn Khu phố 4"] + [
        f"Chi đoàn Tổ {i}" for i in range(1, 41)
    ]
    assert _links(first) == expected[:30]
    assert f'hx-get="{unit_url("unit_children", tree.a)}?start=30"' in first
    assert "Xem thêm 12 đơn vị" in first
    rest = district_client.get(unit_url("unit_children", tree.a) + "?start=30").content.decode()
    assert _links(rest) == expected[30:] and "Xem thêm" not in rest


def test_the_tree_page_shows_thirty_units_under_the_top_and_offers_the_rest(district_client, tree):
    for i in range(20, 55):
        make_unit(tree.top, UnitLevel.GRASSROOTS_UNION, f"Đoàn Phường {i}", area=UnitArea.WARD)
    response = district_client.get(unit_url("unit_tree"))
    [root] = response.context["level"].nodes
    assert len(root.children.nodes) == 30 and root.children.total == 38
    html = response.content.decode()
    assert f'hx-get="{unit_url("unit_children", tree.top)}?start=30"' in html
    assert "Xem thêm 8 đơn vị" in html


def test_a_node_says_in_vietnamese_what_its_toggle_opens_and_how_many_units_are_below(
    district_client, tree
):
    html = district_client.get(unit_url("unit_tree")).content.decode()
    assert "Các đơn vị trực thuộc Đoàn Phường 10" in html
    assert (
        '<span aria-hidden="true">2</span><span class="visually-hidden">2 đơn vị trực thuộc' in html
    )
    for unit, expanded in ((tree.a, "false"), (tree.top, "true")):
        [toggle] = re.findall(rf'<button[^>]*aria-controls="tree-children-{unit.pk}"[^>]*>', html)
        assert f'aria-expanded="{expanded}"' in toggle
    assert f'<div id="tree-children-{tree.a.pk}" class="tree-children" hidden>' in html
    assert f'<div id="tree-children-{tree.top.pk}" class="tree-children">' in html
