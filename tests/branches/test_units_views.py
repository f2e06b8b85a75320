"""Who may open the pages of the tree and its accounts: anonymous users, other unions, wrong methods."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from branches import urls as branch_urls
from branches.models import Role, RoleKind, Unit, UnitLevel
from tests.branches.unit_helpers import snapshot, unit_form_data, unit_url
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

User = get_user_model()

# The pages of the tree and its accounts; a unit's records are tested in test_records_views.py.
UNIT_VIEW_MODULES = {"branches.views.units", "branches.views.accounts"}
UNIT_PATTERNS = [p for p in branch_urls.urlpatterns if p.callback.__module__ in UNIT_VIEW_MODULES]
PK_URL_NAMES = sorted(p.name for p in UNIT_PATTERNS if "pk" in p.pattern.converters)
ROLE_URL_NAMES = {"account_link_renew", "role_revoke"}
POST_ONLY = ROLE_URL_NAMES
GET_ONLY = {"unit", "unit_history", "unit_children"}
ALL_URL_NAMES = sorted(p.name for p in UNIT_PATTERNS)


def test_the_url_lists_below_cover_every_url():
    # If a URL is added to branches/urls.py, the isolation tests below must know its verbs.
    assert set(PK_URL_NAMES) == {
        "unit",
        "unit_history",
        "unit_children",
        "unit_edit",
        "unit_create",
        "unit_move",
        "unit_close",
        "unit_merge",
        "account_create",
        "account_link_renew",
        "role_revoke",
    }


def _payload(name: str, unit: Unit, *, parent_target: Unit, merge_target: Unit) -> dict:
    """A POST for `name` on `unit` that would succeed for someone allowed to make it."""
    return {
        "unit": {},
        "unit_history": {},
        "unit_children": {},
        "unit_edit": unit_form_data(unit, name="Tên đã bị đổi", phone="0000"),
        "unit_create": {"name": "Chi đoàn lén", "level": UnitLevel.BRANCH, "area": "other"},
        "unit_move": {"new_parent": parent_target.pk, "reason": "lén"},
        "unit_close": {"closed_on": "2025-01-01", "reason": "lén", "confirm": "on"},
        "unit_merge": {
            "successor": merge_target.pk,
            "merged_on": "2025-01-01",
            "reason": "lén",
            "confirm": "on",
        },
        "account_create": {
            "full_name": "Người lạ",
            "username": "nguoi.la",
            "kind": RoleKind.MANAGER,
            "title": "Bí thư",
        },
        "account_link_renew": {},
        "role_revoke": {},
    }[name]


@pytest.fixture
def b_side(tree, outsider):
    """Phường 11 with a manager on B and a branch with a secretary: every kind of B-side id."""
    b_manager = UserFactory(username="bithu.p11", full_name="Đỗ Văn Mười Một")
    return {
        "b": (tree.b, grant(b_manager, tree.b, RoleKind.MANAGER)),
        "b1": (tree.b1, outsider.roles.get()),
    }


# --- Anonymous users are sent to login, everywhere ---------------------------------------


@pytest.mark.parametrize("name", ALL_URL_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_user_is_sent_to_login(client, tree, branch_secretary, name, method):
    role = branch_secretary.roles.get()
    unit = tree.a1 if name in PK_URL_NAMES else None
    url = unit_url(name, unit, role if name in ROLE_URL_NAMES else None)
    before = snapshot()
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert snapshot() == before


# --- Isolation: another union's units are 404, and POSTs change nothing ------------------


@pytest.mark.parametrize("target", ["b", "b1"])
@pytest.mark.parametrize("name", PK_URL_NAMES)
def test_ward_secretary_gets_404_for_every_url_of_another_union(
    ward_client, tree, b_side, name, target
):
    unit, role = b_side[target]
    url = unit_url(name, unit, role if name in ROLE_URL_NAMES else None)
    payload = _payload(
        name, unit, parent_target=tree.a, merge_target=tree.a if target == "b" else tree.a1
    )
    before = snapshot()

    get = ward_client.get(url)
    post = ward_client.post(url, payload)

    assert get.status_code == (405 if name in POST_ONLY else 404)
    assert post.status_code == (405 if name in GET_ONLY else 404)
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(set(PK_URL_NAMES) - GET_ONLY))
def test_district_staff_gets_through_on_the_same_urls(district_client, tree, b_side, name):
    # The counterpart of the test above: the same POST works for someone allowed to make it,
    # so the 404s above come from the permission check and not from a broken payload.
    unit, role = b_side["b1"]
    url = unit_url(name, unit, role if name in ROLE_URL_NAMES else None)
    before = snapshot()
    response = district_client.post(
        url, _payload(name, unit, parent_target=tree.a, merge_target=tree.a1)
    )
    assert response.status_code in (200, 302)
    if name != "unit_create":  # nothing may be created under a branch
        assert snapshot() != before


@pytest.mark.parametrize("target", ["a", "a1"])
@pytest.mark.parametrize("name", PK_URL_NAMES)
def test_outsider_gets_404_on_every_url_of_phuong_10(
    outsider_client, tree, ward_secretary, branch_secretary, name, target
):
    unit = getattr(tree, target)
    role = (ward_secretary if target == "a" else branch_secretary).roles.get()
    url = unit_url(name, unit, role if name in ROLE_URL_NAMES else None)
    before = snapshot()

    get = outsider_client.get(url)
    post = outsider_client.post(
        url, _payload(name, unit, parent_target=tree.b, merge_target=tree.b1)
    )

    assert get.status_code == (405 if name in POST_ONLY else 404)
    assert post.status_code == (405 if name in GET_ONLY else 404)
    assert snapshot() == before


@pytest.mark.parametrize("name", ["unit", "unit_history", "unit_edit"])
def test_ward_secretary_sees_and_edits_units_under_their_union(ward_client, tree, name):
    for unit in (tree.a, tree.a1, tree.a2):
        assert ward_client.get(unit_url(name, unit)).status_code == 200


def test_ward_secretary_gets_404_on_the_top_unit(ward_client, tree):
    assert ward_client.get(unit_url("unit", tree.top)).status_code == 404


def test_branch_secretary_cannot_edit_its_parent(branch_client, tree):
    assert branch_client.get(unit_url("unit_edit", tree.a)).status_code == 404
    response = branch_client.post(unit_url("unit_edit", tree.a), unit_form_data(tree.a, name="Đổi"))
    assert response.status_code == 404
    assert Unit.objects.get(pk=tree.a.pk).name == "Đoàn Phường 10"


def test_branch_secretary_cannot_add_units_move_or_close_their_branch(branch_client, tree):
    for name in ("unit_create", "unit_move", "unit_close", "unit_merge", "account_create"):
        assert branch_client.get(unit_url(name, tree.a1)).status_code == 404, name


def test_move_form_refuses_a_parent_outside_the_users_units(ward_client, tree):
    response = ward_client.post(unit_url("unit_move", tree.a1), {"new_parent": tree.b.pk})
    assert response.status_code == 200
    assert "new_parent" in response.context["form"].errors
    assert Unit.objects.get(pk=tree.a1.pk).parent == tree.a


def test_merge_form_refuses_a_unit_outside_the_users_units(ward_client, tree):
    response = ward_client.post(
        unit_url("unit_merge", tree.a1),
        {"successor": tree.b1.pk, "merged_on": "2025-01-01", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "successor" in response.context["form"].errors
    a1 = Unit.objects.get(pk=tree.a1.pk)
    assert a1.closed_on is None
    assert a1.successor is None


def test_role_revoke_with_a_role_of_another_unit_is_404(ward_client, tree, outsider):
    role = outsider.roles.get()
    response = ward_client.post(unit_url("role_revoke", tree.a1, role))
    assert response.status_code == 404
    assert Role.objects.filter(pk=role.pk).exists()


def test_link_renew_with_a_role_of_another_unit_is_404(ward_client, tree, outsider):
    password = outsider.password
    response = ward_client.post(unit_url("account_link_renew", tree.a1, outsider.roles.get()))
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.password == password


def test_a_manager_cannot_revoke_their_own_role(ward_client, ward_secretary, tree):
    role = ward_secretary.roles.get()
    assert ward_client.post(unit_url("role_revoke", tree.a, role)).status_code == 404
    assert Role.objects.filter(pk=role.pk).exists()


def test_a_ward_secretary_cannot_take_over_a_district_staff_account(
    ward_client, district_staff, tree
):
    # District staff who also hold a role on a ward must not be handed to the ward by a new link.
    role_on_a = grant(district_staff, tree.a, RoleKind.VIEWER)
    password = district_staff.password
    response = ward_client.post(unit_url("account_link_renew", tree.a, role_on_a))
    assert response.status_code == 404
    district_staff.refresh_from_db()
    assert district_staff.password == password


# --- Wrong method -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(ALL_URL_NAMES) - POST_ONLY))
@pytest.mark.parametrize("method", ["put", "delete"])
def test_put_and_delete_are_405(district_client, tree, name, method):
    unit = tree.a if name in PK_URL_NAMES else None
    before = snapshot()
    assert getattr(district_client, method)(unit_url(name, unit)).status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize(
    "name", ["unit_list", "unit_tree", "unit", "unit_history", "unit_children"]
)
def test_post_on_a_read_only_page_is_405(district_client, tree, name):
    unit = tree.a if name in PK_URL_NAMES else None
    assert district_client.post(unit_url(name, unit)).status_code == 405


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_get_on_a_post_only_action_is_405(ward_client, tree, branch_secretary, name):
    role = branch_secretary.roles.get()
    password = branch_secretary.password
    assert ward_client.get(unit_url(name, tree.a1, role)).status_code == 405
    assert Role.objects.filter(pk=role.pk).exists()
    branch_secretary.refresh_from_db()
    assert branch_secretary.password == password
