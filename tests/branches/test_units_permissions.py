from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from branches.models import RoleKind, UnitLevel
from branches.permissions import (
    can_edit_unit,
    can_manage_unit,
    can_renew_link,
    can_restructure_unit,
    can_view_unit,
    get_role_for,
    get_unit_for,
    is_district_staff,
    kind_on,
    units_managed_by,
    units_visible_to,
)
from branches.services import close_unit, grant_role
from tests.factories import UserFactory, grant, make_unit

pytestmark = pytest.mark.django_db


def _names(qs) -> set[str]:
    return set(qs.values_list("name", flat=True))


def test_district_staff_sees_the_whole_tree(district_staff, tree):
    assert _names(units_visible_to(district_staff)) == {u.name for u in vars(tree).values()}


def test_ward_secretary_sees_their_union_and_everything_below_it_only(ward_secretary, tree):
    assert _names(units_visible_to(ward_secretary)) == {
        "Đoàn Phường 10",
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
    }


def test_branch_secretary_sees_only_their_branch(branch_secretary, tree):
    assert _names(units_visible_to(branch_secretary)) == {"Chi đoàn Khu phố 3"}


def test_user_without_roles_sees_nothing(tree):
    assert not units_visible_to(UserFactory()).exists()


def test_anonymous_user_sees_nothing_and_may_do_nothing(tree):
    anonymous = AnonymousUser()
    assert not units_visible_to(anonymous).exists()
    assert not units_managed_by(anonymous).exists()
    assert kind_on(anonymous, tree.a) is None
    assert not is_district_staff(anonymous)


def test_superuser_sees_and_manages_everything(tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert units_visible_to(admin).count() == 7
    assert can_manage_unit(admin, tree.b1)
    assert is_district_staff(admin)


def test_a_role_covers_the_unit_and_everything_below_it_but_not_above(ward_secretary, tree):
    assert kind_on(ward_secretary, tree.a) == RoleKind.MANAGER
    assert kind_on(ward_secretary, tree.a1) == RoleKind.MANAGER
    assert kind_on(ward_secretary, tree.top) is None
    assert kind_on(ward_secretary, tree.b1) is None


def test_the_strongest_of_several_roles_wins(tree):
    user = UserFactory()
    grant(user, tree.a, RoleKind.VIEWER)
    grant(user, tree.a1, RoleKind.MANAGER)
    assert kind_on(user, tree.a) == RoleKind.VIEWER
    assert kind_on(user, tree.a1) == RoleKind.MANAGER
    assert kind_on(user, tree.a2) == RoleKind.VIEWER


def test_a_path_prefix_of_digits_does_not_leak_to_a_sibling(tree):
    # Paths are fixed-width with a trailing slash, so unit 1 never covers unit 10 or 11.
    siblings = [make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn {n}") for n in range(12)]
    user = UserFactory()
    grant(user, siblings[0], RoleKind.EDITOR)
    assert _names(units_visible_to(user)) == {"Chi đoàn 0"}


def test_viewer_may_view_but_not_edit(tree):
    viewer = UserFactory()
    grant(viewer, tree.a, RoleKind.VIEWER)
    assert can_view_unit(viewer, tree.a1)
    assert not can_edit_unit(viewer, tree.a1)
    assert not can_manage_unit(viewer, tree.a1)


def test_editor_may_edit_but_not_manage(branch_secretary, tree):
    assert can_edit_unit(branch_secretary, tree.a1)
    assert not can_manage_unit(branch_secretary, tree.a1)
    assert not can_edit_unit(branch_secretary, tree.a)


def test_restructuring_needs_a_manager_of_the_unit_above(ward_secretary, district_staff, tree):
    assert can_restructure_unit(ward_secretary, tree.a1)
    assert not can_restructure_unit(ward_secretary, tree.a)
    assert can_restructure_unit(district_staff, tree.a)
    assert not can_restructure_unit(district_staff, tree.top)


def test_branch_secretary_cannot_restructure_their_own_branch(branch_secretary, tree):
    assert not can_restructure_unit(branch_secretary, tree.a1)


def test_closed_unit_is_viewable_but_not_editable(ward_secretary, tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    tree.a2.refresh_from_db()
    assert can_view_unit(ward_secretary, tree.a2)
    assert not can_edit_unit(ward_secretary, tree.a2)
    assert not can_manage_unit(ward_secretary, tree.a2)
    assert not can_restructure_unit(ward_secretary, tree.a2)


def test_a_role_on_a_closed_unit_gives_no_access(tree):
    user = UserFactory()
    grant(user, tree.a2, RoleKind.MANAGER)
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    fresh = type(user).objects.get(pk=user.pk)
    assert not units_visible_to(fresh).exists()


def test_only_a_manager_of_the_top_unit_is_district_staff(district_staff, ward_secretary, tree):
    assert is_district_staff(district_staff)
    assert not is_district_staff(ward_secretary)
    editor_on_top = UserFactory()
    grant(editor_on_top, tree.top, RoleKind.EDITOR)
    assert not is_district_staff(editor_on_top)


def test_units_managed_by_leaves_out_units_held_as_editor(tree):
    user = UserFactory()
    grant(user, tree.a, RoleKind.EDITOR)
    grant(user, tree.b, RoleKind.MANAGER)
    assert _names(units_managed_by(user)) == {"Đoàn Phường 11", "Chi đoàn Khu phố 1"}


def test_granting_a_role_refreshes_the_cached_roles(tree):
    user = UserFactory()
    assert not can_view_unit(user, tree.b)
    grant_role(tree.b, by=None, user=user, kind=RoleKind.VIEWER)
    assert can_view_unit(user, tree.b)


def test_get_unit_for_raises_404_for_an_outsider(outsider, tree):
    with pytest.raises(Http404):
        get_unit_for(outsider, tree.a1.pk)


def test_get_unit_for_raises_404_for_a_missing_unit(district_staff):
    with pytest.raises(Http404):
        get_unit_for(district_staff, 999_999)


def test_get_unit_for_raises_404_when_the_extra_rule_fails(branch_secretary, tree):
    assert get_unit_for(branch_secretary, tree.a1.pk) == tree.a1
    with pytest.raises(Http404):
        get_unit_for(branch_secretary, tree.a1.pk, allow=can_manage_unit)


def test_get_role_for_refuses_a_role_of_another_unit(ward_secretary, outsider, tree):
    outsider_role = outsider.roles.get()
    with pytest.raises(Http404):
        get_role_for(ward_secretary, tree.a, outsider_role.pk)


def test_get_role_for_refuses_the_users_own_role(ward_secretary, tree):
    own = ward_secretary.roles.get()
    with pytest.raises(Http404):
        get_role_for(ward_secretary, tree.a, own.pk)


def test_get_role_for_returns_a_role_the_manager_may_manage(ward_secretary, branch_secretary, tree):
    role = branch_secretary.roles.get()
    assert get_role_for(ward_secretary, tree.a1, role.pk) == role


def test_a_manager_may_renew_the_link_of_someone_held_only_in_their_units(ward_secretary, tree):
    user = UserFactory()
    grant(user, tree.a1, RoleKind.EDITOR)
    role = grant(user, tree.a2, RoleKind.VIEWER)
    assert can_renew_link(ward_secretary, role)


def test_a_manager_may_not_renew_the_link_of_someone_with_a_role_elsewhere(
    ward_secretary, district_staff, tree
):
    role_on_a = grant(district_staff, tree.a, RoleKind.VIEWER)
    assert not can_renew_link(ward_secretary, role_on_a)
    with pytest.raises(Http404):
        get_role_for(ward_secretary, tree.a, role_on_a.pk, allow=can_renew_link)


def test_nobody_but_a_superuser_renews_the_link_of_a_staff_account(ward_secretary, tree):
    staff = UserFactory(is_staff=True)
    role = grant(staff, tree.a1, RoleKind.EDITOR)
    assert not can_renew_link(ward_secretary, role)
    assert can_renew_link(UserFactory(is_superuser=True), role)
