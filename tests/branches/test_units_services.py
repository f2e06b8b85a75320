from datetime import date

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import resolve

from branches.models import PATH_SEGMENT, Role, RoleKind, Unit, UnitLevel
from branches.services import (
    close_unit,
    create_account,
    create_unit,
    grant_role,
    merge_unit,
    move_unit,
    renew_account_link,
    revoke_role,
    top_unit,
    update_unit,
)
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def _segment(unit: Unit) -> str:
    return f"{unit.pk:0{PATH_SEGMENT}d}/"


def _link_user_and_token(link: str):
    match = resolve(link)
    assert match.view_name == "accounts:set_password"
    from django.utils.http import urlsafe_base64_decode

    pk = int(urlsafe_base64_decode(match.kwargs["uidb64"]))
    return pk, match.kwargs["token"]


# --- create_unit --------------------------------------------------------------------------


def test_create_unit_sets_path_and_depth_from_the_parent(tree):
    tree.a1.refresh_from_db()
    assert tree.top.path == _segment(tree.top)
    assert tree.top.depth == 0
    assert tree.a1.path == _segment(tree.top) + _segment(tree.a) + _segment(tree.a1)
    assert tree.a1.depth == 2
    assert tree.a1.ancestors() == [tree.top, tree.a]


def test_create_unit_makes_a_folded_search_text_and_a_code(tree):
    tree.a1.refresh_from_db()
    assert "khu pho 3" in tree.a1.search_text
    assert "phuong 10" in tree.a1.search_text
    assert tree.a1.code == "chi-doan-khu-pho-3"


def test_create_unit_makes_a_free_code_when_the_name_repeats(tree):
    again = create_unit(by=None, parent=tree.b, level=UnitLevel.BRANCH, name="Chi đoàn Khu phố 3")
    assert again.code == "chi-doan-khu-pho-3-2"


def test_create_unit_records_who_created_it(tree, district_staff):
    unit = create_unit(by=district_staff, parent=tree.a, level=UnitLevel.BRANCH, name="Chi đoàn 9")
    record = unit.history.get()
    assert record.history_type == "+"
    assert record.history_user == district_staff


def test_a_branch_cannot_be_created_directly_under_the_top_unit(tree):
    before = Unit.objects.count()
    with pytest.raises(ValidationError) as error:
        create_unit(by=None, parent=tree.top, level=UnitLevel.BRANCH, name="Chi đoàn lạc")
    assert "parent" in error.value.message_dict
    assert Unit.objects.count() == before


def test_a_second_top_unit_is_refused(tree):
    with pytest.raises(ValidationError) as error:
        create_unit(by=None, parent=None, level=UnitLevel.DISTRICT_UNION, name="Quận Đoàn khác")
    assert "parent" in error.value.message_dict
    assert top_unit() == tree.top


def test_nothing_may_be_created_under_a_closed_unit(tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    tree.b.refresh_from_db()
    close_unit(tree.b1, by=None, closed_on=date(2025, 1, 1))
    close_unit(tree.b, by=None, closed_on=date(2025, 1, 1))
    tree.b.refresh_from_db()
    with pytest.raises(ValidationError):
        create_unit(by=None, parent=tree.b, level=UnitLevel.BRANCH, name="Chi đoàn mới")


def test_create_unit_refuses_fields_it_does_not_know(tree):
    with pytest.raises(TypeError):
        create_unit(by=None, parent=tree.a, level=UnitLevel.BRANCH, name="X", path="1/")


# --- update_unit --------------------------------------------------------------------------


def test_update_unit_changes_fields_refreshes_search_text_and_records_who(tree, ward_secretary):
    update_unit(tree.a1, by=ward_secretary, name="Chi đoàn Khu phố Ba", phone="0909 123 456")
    tree.a1.refresh_from_db()
    assert tree.a1.phone == "0909 123 456"
    assert "khu pho ba" in tree.a1.search_text
    latest = tree.a1.history.first()
    assert latest.history_user == ward_secretary
    assert latest.phone == "0909 123 456"
    assert latest.prev_record.phone == "0283 111 222"


def test_update_unit_refuses_a_closed_unit(tree):
    closed = close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        update_unit(closed, by=None, phone="1")
    closed.refresh_from_db()
    assert closed.phone == ""


def test_update_unit_cannot_move_a_unit(tree):
    with pytest.raises(TypeError):
        update_unit(tree.a1, by=None, parent=tree.b)
    tree.a1.refresh_from_db()
    assert tree.a1.parent == tree.a


# --- move_unit ----------------------------------------------------------------------------


def test_moving_a_grassroots_union_repaths_every_descendant(city_tree):
    t = city_tree
    before = {u.pk: u.depth for u in Unit.objects.below(t.school)}
    move_unit(t.school, by=None, new_parent=t.d3, reason="Sáp nhập địa giới")

    prefix = t.city.path + _segment(t.d3) + _segment(t.school)
    school = Unit.objects.get(pk=t.school.pk)
    assert school.parent == t.d3
    assert school.path == prefix
    k45 = Unit.objects.get(pk=t.k45.pk)
    assert k45.path == prefix + _segment(t.k45)
    for unit in Unit.objects.below(school):
        assert unit.depth == before[unit.pk] + 1
        assert unit.depth == unit.path.count("/") - 1
        assert unit.path.startswith(prefix)
    assert not Unit.objects.filter(path__startswith=t.city.path + _segment(t.school)).exists()


def test_moving_between_district_unions_keeps_depth_and_takes_the_branches(city_tree):
    t = city_tree
    move_unit(t.ward, by=None, new_parent=t.d3)
    assert set(Unit.objects.below(t.d3).values_list("name", flat=True)) == {
        "Quận Đoàn 3",
        "Đoàn Phường Bến Nghé",
        "Chi đoàn Khu phố 1",
        "Chi đoàn Khu phố 2",
    }
    assert list(Unit.objects.below(t.d1).values_list("name", flat=True)) == ["Quận Đoàn 1"]
    for unit in Unit.objects.below(Unit.objects.get(pk=t.ward.pk)):
        unit_path_ids = [int(s) for s in unit.path.split("/") if s]
        assert unit_path_ids[:3] == [t.city.pk, t.d3.pk, t.ward.pk]
        assert unit.depth == len(unit_path_ids) - 1


def test_move_records_the_reason_and_who(city_tree):
    mover = UserFactory()
    grant(mover, city_tree.city, RoleKind.MANAGER)
    move_unit(city_tree.ward, by=mover, new_parent=city_tree.d3, reason="Sáp nhập")
    record = Unit.history.filter(id=city_tree.ward.pk).first()
    assert record.history_user == mover
    assert record.history_change_reason == "Sáp nhập"
    assert record.parent_id == city_tree.d3.pk


def test_a_unit_cannot_be_moved_under_itself(city_tree):
    t = city_tree
    with pytest.raises(ValidationError):
        move_unit(t.d1, by=None, new_parent=t.d1)
    # A grassroots union can never sit under a branch; the level rule stops it first.
    with pytest.raises(ValidationError):
        move_unit(t.ward, by=None, new_parent=t.kp1)
    assert Unit.objects.get(pk=t.ward.pk).parent == t.d1


def test_a_branch_cannot_be_moved_under_a_district_union(tree):
    with pytest.raises(ValidationError):
        move_unit(tree.a1, by=None, new_parent=tree.top)
    tree.a1.refresh_from_db()
    assert tree.a1.parent == tree.a


def test_moving_to_the_same_parent_is_refused(tree):
    with pytest.raises(ValidationError):
        move_unit(tree.a1, by=None, new_parent=tree.a)


def test_a_closed_unit_cannot_be_moved(tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        move_unit(tree.a2, by=None, new_parent=tree.b)
    assert Unit.objects.get(pk=tree.a2.pk).parent == tree.a


def test_a_unit_cannot_be_moved_under_a_closed_unit(tree):
    close_unit(tree.b1, by=None, closed_on=date(2025, 1, 1))
    close_unit(tree.b, by=None, closed_on=date(2025, 1, 1))
    closed_b = Unit.objects.get(pk=tree.b.pk)
    with pytest.raises(ValidationError):
        move_unit(tree.a1, by=None, new_parent=closed_b)
    assert Unit.objects.get(pk=tree.a1.pk).parent == tree.a


# --- close_unit ---------------------------------------------------------------------------


def test_closing_keeps_the_unit_and_its_records(tree, ward_secretary):
    close_unit(tree.a2, by=ward_secretary, closed_on=date(2025, 6, 30), reason="Giải thể")
    unit = Unit.objects.get(pk=tree.a2.pk)
    assert unit.closed_on == date(2025, 6, 30)
    assert unit.is_closed
    record = unit.history.first()
    assert record.history_user == ward_secretary
    assert record.history_change_reason == "Giải thể"
    assert record.prev_record.closed_on is None


def test_closing_a_unit_with_open_children_is_refused(tree):
    with pytest.raises(ValidationError):
        close_unit(tree.a, by=None, closed_on=date(2025, 1, 1))
    assert Unit.objects.get(pk=tree.a.pk).closed_on is None


def test_a_unit_closes_once_its_children_are_closed(tree):
    close_unit(tree.a1, by=None, closed_on=date(2025, 1, 1))
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    close_unit(tree.a, by=None, closed_on=date(2025, 1, 2))
    assert Unit.objects.get(pk=tree.a.pk).is_closed


def test_the_top_unit_cannot_be_closed(tree):
    with pytest.raises(ValidationError):
        close_unit(tree.top, by=None, closed_on=date(2025, 1, 1))


def test_closing_twice_is_refused(tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        close_unit(tree.a2, by=None, closed_on=date(2025, 2, 1))
    assert Unit.objects.get(pk=tree.a2.pk).closed_on == date(2025, 1, 1)


def test_a_unit_cannot_close_before_it_was_founded(tree):
    update_unit(tree.a2, by=None, founded_on=date(2020, 3, 26))
    with pytest.raises(ValidationError):
        close_unit(tree.a2, by=None, closed_on=date(2019, 1, 1))
    assert Unit.objects.get(pk=tree.a2.pk).closed_on is None


def test_hard_delete_of_a_unit_with_children_is_refused(tree):
    with pytest.raises(ProtectedError):
        Unit.objects.get(pk=tree.a.pk).delete()
    assert Unit.objects.below(tree.a).count() == 3


def test_hard_delete_of_a_unit_with_roles_is_refused(tree, branch_secretary):
    with pytest.raises(ProtectedError):
        Unit.objects.get(pk=tree.a1.pk).delete()
    assert Unit.objects.filter(pk=tree.a1.pk).exists()


# --- merge_unit ---------------------------------------------------------------------------


def test_merging_moves_children_sets_successor_closes_and_keeps_history(tree, district_staff):
    merge_unit(tree.a, by=district_staff, into=tree.b, merged_on=date(2025, 7, 1))

    a = Unit.objects.get(pk=tree.a.pk)
    assert a.successor == tree.b
    assert a.closed_on == date(2025, 7, 1)
    assert set(a.children.values_list("pk", flat=True)) == set()
    for child in (tree.a1, tree.a2):
        moved = Unit.objects.get(pk=child.pk)
        assert moved.parent == tree.b
        assert moved.path == tree.b.path + _segment(child)
        child_record = moved.history.first()
        assert child_record.parent_id == tree.b.pk
        assert child_record.history_user == district_staff
    record = a.history.first()
    assert record.successor_id == tree.b.pk
    assert record.closed_on == date(2025, 7, 1)
    assert record.history_user == district_staff
    assert record.history_change_reason
    assert list(tree.b.predecessors.all()) == [a]


def test_merging_leaves_closed_children_with_the_merged_unit(tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    merge_unit(tree.a, by=None, into=tree.b, merged_on=date(2025, 7, 1))
    assert Unit.objects.get(pk=tree.a2.pk).parent == tree.a
    assert Unit.objects.get(pk=tree.a1.pk).parent == tree.b


@pytest.mark.parametrize("target", ["self", "child", "other_level"])
def test_merge_refuses_a_wrong_target(tree, target):
    into = {"self": tree.a, "child": tree.a1, "other_level": tree.g}[target]
    with pytest.raises(ValidationError):
        merge_unit(tree.a, by=None, into=into, merged_on=date(2025, 7, 1))
    a = Unit.objects.get(pk=tree.a.pk)
    assert a.closed_on is None
    assert a.successor is None
    assert Unit.objects.get(pk=tree.a1.pk).parent == tree.a


def test_merge_into_a_closed_unit_is_refused(tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        merge_unit(tree.a1, by=None, into=Unit.objects.get(pk=tree.a2.pk), merged_on=date.today())
    assert Unit.objects.get(pk=tree.a1.pk).closed_on is None


# --- accounts and roles -------------------------------------------------------------------


def test_create_account_makes_a_user_with_a_role_and_a_working_link(tree, ward_secretary):
    user, role, link = create_account(
        tree.a1, by=ward_secretary, username=" bithu.kp3b ", full_name=" Đặng Thị Mới "
    )
    assert user.username == "bithu.kp3b"
    assert user.full_name == "Đặng Thị Mới"
    assert not user.has_usable_password()
    assert role.unit == tree.a1
    assert role.kind == RoleKind.EDITOR
    assert role.history.get().history_user == ward_secretary
    pk, token = _link_user_and_token(link)
    assert pk == user.pk
    assert default_token_generator.check_token(user, token)


def test_create_account_refuses_a_taken_username_in_any_case(tree, branch_secretary):
    with pytest.raises(ValidationError) as error:
        create_account(tree.a1, by=None, username="BITHU.KP3", full_name="Trùng tên")
    assert "username" in error.value.message_dict
    assert Role.objects.filter(unit=tree.a1).count() == 1


def test_create_account_refuses_a_closed_unit(tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    closed = Unit.objects.get(pk=tree.a2.pk)
    with pytest.raises(ValidationError):
        create_account(closed, by=None, username="moi", full_name="Người mới")
    assert not type(tree.a2).objects.filter(roles__user__username="moi").exists()


def test_renew_account_link_invalidates_the_old_link_and_password(tree, branch_secretary):
    old_token = default_token_generator.make_token(branch_secretary)
    link = renew_account_link(branch_secretary, by=None)
    branch_secretary.refresh_from_db()
    assert not branch_secretary.has_usable_password()
    assert not default_token_generator.check_token(branch_secretary, old_token)
    _pk, token = _link_user_and_token(link)
    assert default_token_generator.check_token(branch_secretary, token)


def test_grant_role_changes_the_role_a_user_already_holds(tree, branch_secretary):
    grant_role(tree.a1, by=None, user=branch_secretary, kind=RoleKind.VIEWER)
    assert branch_secretary.roles.get().kind == RoleKind.VIEWER
    assert Role.objects.filter(user=branch_secretary).count() == 1


def test_revoke_role_removes_access_and_keeps_the_history(tree, ward_secretary, branch_secretary):
    role = branch_secretary.roles.get()
    role_pk = role.pk
    revoke_role(role, by=ward_secretary)
    assert not Role.objects.filter(pk=role_pk).exists()
    deleted = Role.history.filter(id=role_pk, history_type="-").get()
    assert deleted.history_user == ward_secretary
