"""Editing, creating, moving, closing and merging units through their forms."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from branches.models import RoleKind, Unit, UnitArea, UnitLevel
from tests.branches.unit_helpers import listed, snapshot, unit_form_data, unit_url
from tests.conftest import MODEL_BACKEND
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

User = get_user_model()

# --- Edit ---------------------------------------------------------------------------------


def test_editor_edits_their_branch(branch_client, tree):
    response = branch_client.post(
        unit_url("unit_edit", tree.a1), unit_form_data(tree.a1, phone="0909 000 111")
    )
    assert response.status_code == 302
    assert response["Location"] == tree.a1.get_absolute_url()
    a1 = Unit.objects.get(pk=tree.a1.pk)
    assert a1.phone == "0909 000 111"
    assert a1.parent == tree.a


def test_edit_form_has_no_level_and_no_letterhead_below_the_top(branch_client, tree):
    form = branch_client.get(unit_url("unit_edit", tree.a1)).context["form"]
    assert "level" not in form.fields
    assert "issuer_code" not in form.fields


def test_district_staff_edits_the_letterhead_of_the_top_unit(district_client, tree):
    response = district_client.post(
        unit_url("unit_edit", tree.top), unit_form_data(tree.top, issuer_code="QĐTB2")
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=tree.top.pk).issuer_code == "QĐTB2"


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "  "), ("email", "khong-phai-email"), ("code", "chi-doan-khu-pho-4")],
)
def test_edit_with_bad_input_shows_an_error_and_changes_nothing(branch_client, tree, field, value):
    before = snapshot()
    response = branch_client.post(
        unit_url("unit_edit", tree.a1), unit_form_data(tree.a1, **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert snapshot() == before


# --- Create -------------------------------------------------------------------------------


def test_ward_secretary_creates_a_branch_under_their_union(ward_client, tree):
    response = ward_client.post(
        unit_url("unit_create", tree.a),
        {
            "name": " Chi đoàn  Khu phố 5 ",
            "level": UnitLevel.BRANCH,
            "area": UnitArea.NEIGHBOURHOOD,
        },
    )
    unit = Unit.objects.get(name="Chi đoàn Khu phố 5")
    assert response.status_code == 302
    assert response["Location"] == unit.get_absolute_url()
    assert unit.parent == tree.a
    assert unit.path == tree.a.path + f"{unit.pk:08d}/"
    assert unit.code == "chi-doan-khu-pho-5"
    assert unit.history.get().history_user.username == "bithu.p10"


def test_level_choices_are_limited_by_the_parent_level(ward_client, district_client, tree):
    under_a = ward_client.get(unit_url("unit_create", tree.a)).context["form"]
    assert [v for v, _ in under_a.fields["level"].choices] == [UnitLevel.BRANCH]
    under_top = district_client.get(unit_url("unit_create", tree.top)).context["form"]
    assert [v for v, _ in under_top.fields["level"].choices] == [
        UnitLevel.GRASSROOTS_UNION,
        UnitLevel.GRASSROOTS_BRANCH,
    ]


def test_a_branch_cannot_be_created_directly_under_the_top_unit(district_client, tree):
    before = Unit.objects.count()
    response = district_client.post(
        unit_url("unit_create", tree.top),
        {"name": "Chi đoàn lạc", "level": UnitLevel.BRANCH, "area": "other"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["level"]
    assert Unit.objects.count() == before


def test_creating_with_an_empty_name_shows_an_error_and_creates_nothing(ward_client, tree):
    before = Unit.objects.count()
    response = ward_client.post(
        unit_url("unit_create", tree.a), {"name": "", "level": UnitLevel.BRANCH, "area": "other"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Unit.objects.count() == before


def test_creating_with_a_taken_code_shows_an_error_and_creates_nothing(ward_client, tree):
    before = Unit.objects.count()
    response = ward_client.post(
        unit_url("unit_create", tree.a),
        {"name": "Chi đoàn mới", "code": tree.b1.code, "level": UnitLevel.BRANCH, "area": "other"},
    )
    assert "code" in response.context["form"].errors
    assert Unit.objects.count() == before


# --- Move ---------------------------------------------------------------------------------


def test_district_staff_moves_a_branch_to_another_union(district_client, tree):
    response = district_client.post(
        unit_url("unit_move", tree.a1), {"new_parent": tree.b.pk, "reason": "Điều chỉnh địa bàn"}
    )
    assert response.status_code == 302
    a1 = Unit.objects.get(pk=tree.a1.pk)
    assert a1.parent == tree.b
    assert a1.path == tree.b.path + f"{a1.pk:08d}/"
    assert a1.history.first().history_change_reason == "Điều chỉnh địa bàn"


def test_move_form_offers_only_allowed_parents(district_client, tree):
    form = district_client.get(unit_url("unit_move", tree.a1)).context["form"]
    assert list(form.fields["new_parent"].queryset) == [tree.b]


def test_a_moved_branch_leaves_the_old_secretarys_view(
    district_client, login, ward_secretary, tree
):
    district_client.post(unit_url("unit_move", tree.a1), {"new_parent": tree.b.pk})
    ward = login(ward_secretary)
    assert ward.get(unit_url("unit", tree.a1)).status_code == 404
    assert "Chi đoàn Khu phố 3" not in listed(ward.get(unit_url("unit_list")))


def test_moving_a_grassroots_union_moves_its_subtree_in_every_page(client, city_tree):
    t = city_tree
    city_staff, d1_staff, d3_staff = UserFactory(), UserFactory(), UserFactory()
    grant(city_staff, t.city, RoleKind.MANAGER)
    grant(d1_staff, t.d1, RoleKind.MANAGER)
    grant(d3_staff, t.d3, RoleKind.MANAGER)
    client.force_login(city_staff, backend=MODEL_BACKEND)

    response = client.post(unit_url("unit_move", t.ward), {"new_parent": t.d3.pk, "reason": ""})
    assert response.status_code == 302

    ward = Unit.objects.get(pk=t.ward.pk)
    assert ward.parent == t.d3
    assert ward.depth == 2
    for child in (t.kp1, t.kp2):
        moved = Unit.objects.get(pk=child.pk)
        assert moved.path == ward.path + f"{child.pk:08d}/"
        assert moved.depth == 3

    client.force_login(d3_staff, backend=MODEL_BACKEND)
    [root] = client.get(unit_url("unit_tree")).context["level"].nodes
    assert root.unit == t.d3
    assert [n.unit.name for n in root.children.nodes] == ["Đoàn Phường Bến Nghé"]
    below = (
        client.get(unit_url("unit_children", root.children.nodes[0].unit)).context["level"].nodes
    )
    assert [n.unit.name for n in below] == ["Chi đoàn Khu phố 1", "Chi đoàn Khu phố 2"]
    assert client.get(unit_url("unit", t.kp1)).status_code == 200

    client.force_login(d1_staff, backend=MODEL_BACKEND)
    assert listed(client.get(unit_url("unit_list"))) == ["Quận Đoàn 1"]
    assert client.get(unit_url("unit", t.kp1)).status_code == 404


# --- Close --------------------------------------------------------------------------------


def test_ward_secretary_closes_a_branch_and_its_records_stay(ward_client, tree):
    response = ward_client.post(
        unit_url("unit_close", tree.a2),
        {"closed_on": "2025-06-30", "reason": "Giải thể", "confirm": "on"},
    )
    assert response.status_code == 302
    a2 = Unit.objects.get(pk=tree.a2.pk)
    assert a2.closed_on == date(2025, 6, 30)
    assert a2.history.first().history_change_reason == "Giải thể"
    assert ward_client.get(unit_url("unit", tree.a2)).status_code == 200


def test_closing_a_unit_with_open_children_shows_an_error(district_client, tree):
    response = district_client.post(
        unit_url("unit_close", tree.a),
        {"closed_on": "2025-06-30", "reason": "Giải thể", "confirm": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Unit.objects.get(pk=tree.a.pk).closed_on is None


def test_closing_without_confirmation_changes_nothing(ward_client, tree):
    response = ward_client.post(
        unit_url("unit_close", tree.a2), {"closed_on": "2025-06-30", "reason": "Giải thể"}
    )
    assert "confirm" in response.context["form"].errors
    assert Unit.objects.get(pk=tree.a2.pk).closed_on is None


# --- Merge --------------------------------------------------------------------------------


def test_ward_secretary_merges_a_branch_into_a_sibling(ward_client, tree):
    response = ward_client.post(
        unit_url("unit_merge", tree.a1),
        {"successor": tree.a2.pk, "merged_on": "2025-07-01", "reason": "", "confirm": "on"},
    )
    assert response.status_code == 302
    a1 = Unit.objects.get(pk=tree.a1.pk)
    assert a1.successor == tree.a2
    assert a1.closed_on == date(2025, 7, 1)
    page = ward_client.get(unit_url("unit", tree.a2))
    assert list(page.context["predecessors"]) == [a1]


def test_district_staff_merges_a_union_and_its_branches_follow(district_client, tree):
    response = district_client.post(
        unit_url("unit_merge", tree.a),
        {"successor": tree.b.pk, "merged_on": "2025-07-01", "reason": "Sáp nhập", "confirm": "on"},
    )
    assert response.status_code == 302
    assert set(Unit.objects.get(pk=tree.b.pk).children.values_list("name", flat=True)) == {
        "Chi đoàn Khu phố 1",
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
    }
    history = district_client.get(unit_url("unit_history", tree.a))
    entries = history.context["page"].object_list
    assert entries[0].reason == "Sáp nhập"
    assert {c.new for c in entries[0].changes} >= {"Đoàn Phường 11", "2025-07-01"}


def test_merge_form_offers_only_units_of_the_same_level(district_client, tree):
    form = district_client.get(unit_url("unit_merge", tree.a)).context["form"]
    assert list(form.fields["successor"].queryset) == [tree.b]


def test_editing_with_an_empty_code_keeps_the_units_code(ward_client, tree):
    response = ward_client.post(
        reverse("branches:unit_edit", args=[tree.a1.pk]),
        {"name": "Chi đoàn Khu phố 3A", "code": "", "area": UnitArea.NEIGHBOURHOOD, "version": 1},
    )
    assert response.status_code == 302
    tree.a1.refresh_from_db()
    assert tree.a1.name == "Chi đoàn Khu phố 3A"
    assert tree.a1.code == "chi-doan-khu-pho-3"
