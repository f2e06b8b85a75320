from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from branches import urls as branch_urls
from branches.models import Role, RoleKind, Unit, UnitArea, UnitLevel
from branches.services import close_unit, update_unit
from tests.conftest import MODEL_BACKEND
from tests.factories import UserFactory, grant, make_unit

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


def _url(name: str, unit: Unit | None = None, role: Role | None = None) -> str:
    kwargs = {}
    if unit is not None:
        kwargs["pk"] = unit.pk
    if role is not None:
        kwargs["role_pk"] = role.pk
    return reverse(f"branches:{name}", kwargs=kwargs)


def _unit_form_data(unit: Unit, **changes) -> dict:
    data = {
        "name": unit.name,
        "short_name": unit.short_name,
        "code": unit.code,
        "area": unit.area,
        "ward": unit.ward,
        "neighbourhood": unit.neighbourhood,
        "address": unit.address,
        "phone": unit.phone,
        "email": unit.email,
        "founded_on": unit.founded_on.isoformat() if unit.founded_on else "",
        "version": Unit.objects.values_list("version", flat=True).get(pk=unit.pk),
    }
    if unit.is_top:
        data.update(
            letterhead_superior=unit.letterhead_superior,
            letterhead_name=unit.letterhead_name,
            issuer_code=unit.issuer_code,
            place_name=unit.place_name,
        )
    data.update(changes)
    return data


def _snapshot() -> tuple:
    """Everything a POST on these pages could change."""
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Role.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values("pk", "username", "password", "is_active")),
    )


def _payload(name: str, unit: Unit, *, parent_target: Unit, merge_target: Unit) -> dict:
    """A POST for `name` on `unit` that would succeed for someone allowed to make it."""
    return {
        "unit": {},
        "unit_history": {},
        "unit_children": {},
        "unit_edit": _unit_form_data(unit, name="Tên đã bị đổi", phone="0000"),
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
    url = _url(name, unit, role if name in ROLE_URL_NAMES else None)
    before = _snapshot()
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert _snapshot() == before


# --- Isolation: another union's units are 404, and POSTs change nothing ------------------


@pytest.mark.parametrize("target", ["b", "b1"])
@pytest.mark.parametrize("name", PK_URL_NAMES)
def test_ward_secretary_gets_404_for_every_url_of_another_union(
    ward_client, tree, b_side, name, target
):
    unit, role = b_side[target]
    url = _url(name, unit, role if name in ROLE_URL_NAMES else None)
    payload = _payload(
        name, unit, parent_target=tree.a, merge_target=tree.a if target == "b" else tree.a1
    )
    before = _snapshot()

    get = ward_client.get(url)
    post = ward_client.post(url, payload)

    assert get.status_code == (405 if name in POST_ONLY else 404)
    assert post.status_code == (405 if name in GET_ONLY else 404)
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(set(PK_URL_NAMES) - GET_ONLY))
def test_district_staff_gets_through_on_the_same_urls(district_client, tree, b_side, name):
    # The counterpart of the test above: the same POST works for someone allowed to make it,
    # so the 404s above come from the permission check and not from a broken payload.
    unit, role = b_side["b1"]
    url = _url(name, unit, role if name in ROLE_URL_NAMES else None)
    before = _snapshot()
    response = district_client.post(
        url, _payload(name, unit, parent_target=tree.a, merge_target=tree.a1)
    )
    assert response.status_code in (200, 302)
    if name != "unit_create":  # nothing may be created under a branch
        assert _snapshot() != before


@pytest.mark.parametrize("target", ["a", "a1"])
@pytest.mark.parametrize("name", PK_URL_NAMES)
def test_outsider_gets_404_on_every_url_of_phuong_10(
    outsider_client, tree, ward_secretary, branch_secretary, name, target
):
    unit = getattr(tree, target)
    role = (ward_secretary if target == "a" else branch_secretary).roles.get()
    url = _url(name, unit, role if name in ROLE_URL_NAMES else None)
    before = _snapshot()

    get = outsider_client.get(url)
    post = outsider_client.post(
        url, _payload(name, unit, parent_target=tree.b, merge_target=tree.b1)
    )

    assert get.status_code == (405 if name in POST_ONLY else 404)
    assert post.status_code == (405 if name in GET_ONLY else 404)
    assert _snapshot() == before


@pytest.mark.parametrize("name", ["unit", "unit_history", "unit_edit"])
def test_ward_secretary_sees_and_edits_units_under_their_union(ward_client, tree, name):
    for unit in (tree.a, tree.a1, tree.a2):
        assert ward_client.get(_url(name, unit)).status_code == 200


def test_ward_secretary_gets_404_on_the_top_unit(ward_client, tree):
    assert ward_client.get(_url("unit", tree.top)).status_code == 404


def test_branch_secretary_cannot_edit_its_parent(branch_client, tree):
    assert branch_client.get(_url("unit_edit", tree.a)).status_code == 404
    response = branch_client.post(_url("unit_edit", tree.a), _unit_form_data(tree.a, name="Đổi"))
    assert response.status_code == 404
    assert Unit.objects.get(pk=tree.a.pk).name == "Đoàn Phường 10"


def test_branch_secretary_cannot_add_units_move_or_close_their_branch(branch_client, tree):
    for name in ("unit_create", "unit_move", "unit_close", "unit_merge", "account_create"):
        assert branch_client.get(_url(name, tree.a1)).status_code == 404, name


def test_move_form_refuses_a_parent_outside_the_users_units(ward_client, tree):
    response = ward_client.post(_url("unit_move", tree.a1), {"new_parent": tree.b.pk})
    assert response.status_code == 200
    assert "new_parent" in response.context["form"].errors
    assert Unit.objects.get(pk=tree.a1.pk).parent == tree.a


def test_merge_form_refuses_a_unit_outside_the_users_units(ward_client, tree):
    response = ward_client.post(
        _url("unit_merge", tree.a1),
        {"successor": tree.b1.pk, "merged_on": "2025-01-01", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "successor" in response.context["form"].errors
    a1 = Unit.objects.get(pk=tree.a1.pk)
    assert a1.closed_on is None
    assert a1.successor is None


def test_role_revoke_with_a_role_of_another_unit_is_404(ward_client, tree, outsider):
    role = outsider.roles.get()
    response = ward_client.post(_url("role_revoke", tree.a1, role))
    assert response.status_code == 404
    assert Role.objects.filter(pk=role.pk).exists()


def test_link_renew_with_a_role_of_another_unit_is_404(ward_client, tree, outsider):
    password = outsider.password
    response = ward_client.post(_url("account_link_renew", tree.a1, outsider.roles.get()))
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.password == password


def test_a_manager_cannot_revoke_their_own_role(ward_client, ward_secretary, tree):
    role = ward_secretary.roles.get()
    assert ward_client.post(_url("role_revoke", tree.a, role)).status_code == 404
    assert Role.objects.filter(pk=role.pk).exists()


def test_a_ward_secretary_cannot_take_over_a_district_staff_account(
    ward_client, district_staff, tree
):
    # District staff who also hold a role on a ward must not be handed to the ward by a new link.
    role_on_a = grant(district_staff, tree.a, RoleKind.VIEWER)
    password = district_staff.password
    response = ward_client.post(_url("account_link_renew", tree.a, role_on_a))
    assert response.status_code == 404
    district_staff.refresh_from_db()
    assert district_staff.password == password


# --- Wrong method -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(ALL_URL_NAMES) - POST_ONLY))
@pytest.mark.parametrize("method", ["put", "delete"])
def test_put_and_delete_are_405(district_client, tree, name, method):
    unit = tree.a if name in PK_URL_NAMES else None
    before = _snapshot()
    assert getattr(district_client, method)(_url(name, unit)).status_code == 405
    assert _snapshot() == before


@pytest.mark.parametrize(
    "name", ["unit_list", "unit_tree", "unit", "unit_history", "unit_children"]
)
def test_post_on_a_read_only_page_is_405(district_client, tree, name):
    unit = tree.a if name in PK_URL_NAMES else None
    assert district_client.post(_url(name, unit)).status_code == 405


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_get_on_a_post_only_action_is_405(ward_client, tree, branch_secretary, name):
    role = branch_secretary.roles.get()
    password = branch_secretary.password
    assert ward_client.get(_url(name, tree.a1, role)).status_code == 405
    assert Role.objects.filter(pk=role.pk).exists()
    branch_secretary.refresh_from_db()
    assert branch_secretary.password == password


# --- Unit list: search, filters, pagination -----------------------------------------------


def _listed(response) -> list[str]:
    return [unit.name for unit in response.context["page"].object_list]


def test_unit_list_shows_only_visible_units(ward_client, tree):
    response = ward_client.get(_url("unit_list"))
    assert response.status_code == 200
    assert _listed(response) == ["Đoàn Phường 10", "Chi đoàn Khu phố 3", "Chi đoàn Khu phố 4"]
    assert "Đoàn Phường 11" not in response.content.decode()


@pytest.mark.parametrize("q", ["khu pho 3", "KHU PHỐ 3", "  Khu   phố 3 ", "kp3 khu-pho-3 phuong"])
def test_unit_search_ignores_accents_and_case(district_client, tree, q):
    if q.startswith("kp3"):
        q = "khu-pho-3"  # the code
    response = district_client.get(_url("unit_list"), {"q": q})
    assert _listed(response) == ["Chi đoàn Khu phố 3"]


def test_unit_search_matches_every_word_not_any(district_client, tree):
    response = district_client.get(_url("unit_list"), {"q": "phuong 11"})
    assert _listed(response) == ["Đoàn Phường 11"]
    response = district_client.get(_url("unit_list"), {"q": "khu pho 99"})
    assert _listed(response) == []


def test_unit_list_filters_by_level(district_client, tree):
    response = district_client.get(_url("unit_list"), {"level": UnitLevel.GRASSROOTS_UNION})
    assert _listed(response) == ["Đoàn Phường 10", "Đoàn Phường 11"]


def test_unit_list_filters_by_area(district_client, tree):
    response = district_client.get(_url("unit_list"), {"area": UnitArea.ARMED_FORCES})
    assert _listed(response) == ["Chi đoàn Công an Quận"]


def test_unit_list_filters_by_the_grassroots_union_above(district_client, tree):
    response = district_client.get(_url("unit_list"), {"under": tree.b.pk})
    assert _listed(response) == ["Chi đoàn Khu phố 1"]


def test_unit_list_under_filter_offers_only_visible_unions(ward_client, tree):
    response = ward_client.get(_url("unit_list"), {"under": tree.b.pk})
    assert list(response.context["filter"].filters["under"].queryset) == [tree.a]
    assert "Chi đoàn Khu phố 1" not in _listed(response)


def test_unit_list_filters_by_status(district_client, tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    closed = district_client.get(_url("unit_list"), {"status": "closed"})
    assert _listed(closed) == ["Chi đoàn Khu phố 4"]
    open_ = district_client.get(_url("unit_list"), {"status": "open"})
    assert "Chi đoàn Khu phố 4" not in _listed(open_)
    assert len(_listed(open_)) == 6


def test_unit_list_is_paginated_and_keeps_the_filters(district_client, tree, monkeypatch):
    monkeypatch.setattr("branches.views.units.PAGE_SIZE", 2)
    first = district_client.get(_url("unit_list"), {"level": UnitLevel.BRANCH})
    assert first.context["page"].paginator.num_pages == 2
    assert "level=branch&amp;page=2" in first.content.decode()
    second = district_client.get(_url("unit_list"), {"level": UnitLevel.BRANCH, "page": 2})
    assert _listed(second) == ["Chi đoàn Khu phố 1"]


# --- Tree ---------------------------------------------------------------------------------


def test_tree_page_nests_the_visible_units(ward_client, tree):
    response = ward_client.get(_url("unit_tree"))
    assert response.status_code == 200
    [root] = response.context["roots"]
    assert root.unit == tree.a
    assert [n.unit.name for n in root.children] == ["Chi đoàn Khu phố 3", "Chi đoàn Khu phố 4"]
    assert "Đoàn Phường 11" not in response.content.decode()


def test_tree_page_shows_two_levels_and_fetches_the_rest_on_expand(district_client, tree):
    response = district_client.get(_url("unit_tree"))
    [root] = response.context["roots"]
    assert root.unit == tree.top and root.loaded
    assert [(n.unit, n.child_count, n.loaded) for n in root.children] == [
        (tree.g, 0, True),
        (tree.a, 2, False),
        (tree.b, 1, False),
    ]
    html = response.content.decode()
    assert "Chi đoàn Khu phố 3" not in html  # the third level waits for its expand
    assert f'hx-get="{_url("unit_children", tree.a)}"' in html
    assert f'aria-controls="tree-children-{tree.a.pk}"' in html
    fragment = district_client.get(_url("unit_children", tree.a))
    assert fragment.status_code == 200
    assert [n.unit.name for n in fragment.context["nodes"]] == [
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
    ]
    assert "<html" not in fragment.content.decode()


def test_a_tree_node_link_is_beside_its_toggle_not_inside_it(district_client, tree):
    html = district_client.get(_url("unit_tree")).content.decode()
    assert "<summary" not in html and "<details" not in html
    toggle = html.index(f'aria-controls="tree-children-{tree.a.pk}"')
    button_end = html.index("</button>", toggle)
    link = html.index(f'href="{tree.a.get_absolute_url()}"')
    assert link > button_end


def test_tree_children_are_only_those_the_outsider_may_see(outsider_client, tree):
    assert outsider_client.get(_url("unit_children", tree.a)).status_code == 404
    assert outsider_client.get(_url("unit_children", tree.b)).status_code == 404
    assert outsider_client.get(_url("unit_children", tree.top)).status_code == 404
    own = outsider_client.get(_url("unit_children", tree.b1))
    assert own.status_code == 200 and own.context["nodes"] == []


def test_a_ward_secretary_cannot_open_the_level_above_their_union(ward_client, tree):
    assert ward_client.get(_url("unit_children", tree.top)).status_code == 404
    [root] = ward_client.get(_url("unit_tree")).context["roots"]
    assert root.unit == tree.a


def test_tree_page_leaves_out_closed_units(district_client, tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    response = district_client.get(_url("unit_tree"))
    [root] = response.context["roots"]
    assert [n.child_count for n in root.children if n.unit == tree.a] == [1]
    fragment = district_client.get(_url("unit_children", tree.a)).content.decode()
    assert "Chi đoàn Khu phố 4" not in fragment
    assert "Chi đoàn Khu phố 3" in fragment


# --- Unit page and history ----------------------------------------------------------------


def test_unit_page_shows_details_children_and_flags(ward_client, tree, branch_secretary):
    response = ward_client.get(_url("unit", tree.a))
    assert response.status_code == 200
    assert [c.name for c in response.context["children"]] == [
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
    ]
    assert response.context["can_edit"] and response.context["can_manage"]
    assert not response.context["can_restructure"]
    assert response.context["ancestors"] == [tree.top]


def test_unit_page_lists_roles_only_for_managers(ward_client, login, tree, branch_secretary):
    response = ward_client.get(_url("unit", tree.a1))
    assert [r.user for r in response.context["roles"]] == [branch_secretary]
    assert _url("role_revoke", tree.a1, branch_secretary.roles.get()) in response.content.decode()

    as_branch = login(branch_secretary).get(_url("unit", tree.a1))
    assert list(as_branch.context["roles"]) == []
    assert not as_branch.context["can_manage"]


def test_closed_unit_is_still_viewable_but_not_editable(ward_client, tree):
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    assert ward_client.get(_url("unit", tree.a2)).status_code == 200
    assert ward_client.get(_url("unit_history", tree.a2)).status_code == 200
    assert ward_client.get(_url("unit_edit", tree.a2)).status_code == 404


def test_history_tab_shows_who_changed_what(ward_client, ward_secretary, tree):
    update_unit(tree.a1, by=ward_secretary, phone="0909 123 456")
    response = ward_client.get(_url("unit_history", tree.a1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lê Văn Phường" in html
    assert "<del>0283 111 222</del>" in html
    assert "<ins>0909 123 456</ins>" in html
    newest = response.context["page"].object_list[0]
    assert newest.who == "Lê Văn Phường"
    assert [(c.old, c.new) for c in newest.changes] == [("0283 111 222", "0909 123 456")]


def test_history_tab_shows_an_edit_made_through_the_form(ward_client, tree):
    ward_client.post(_url("unit_edit", tree.a1), _unit_form_data(tree.a1, address="12 Lê Lai"))
    newest = ward_client.get(_url("unit_history", tree.a1)).context["page"].object_list[0]
    assert newest.who == "Lê Văn Phường"
    assert [(c.old, c.new) for c in newest.changes] == [("—", "12 Lê Lai")]


def test_history_tab_shows_role_changes(ward_client, ward_secretary, branch_secretary, tree):
    ward_client.post(_url("role_revoke", tree.a1, branch_secretary.roles.get()))
    entries = ward_client.get(_url("unit_history", tree.a1)).context["page"].object_list
    assert len(entries) == 3  # the unit created, the role granted, the role removed
    with translation.override("vi"):
        assert entries[1].who == gettext("system")  # granted by a fixture, nobody behind it
    assert entries[0].who == "Lê Văn Phường"
    assert entries[0].changes == []
    assert "Phạm Thị Khu" in entries[0].subject


# --- Edit ---------------------------------------------------------------------------------


def test_editor_edits_their_branch(branch_client, tree):
    response = branch_client.post(
        _url("unit_edit", tree.a1), _unit_form_data(tree.a1, phone="0909 000 111")
    )
    assert response.status_code == 302
    assert response["Location"] == tree.a1.get_absolute_url()
    a1 = Unit.objects.get(pk=tree.a1.pk)
    assert a1.phone == "0909 000 111"
    assert a1.parent == tree.a


def test_edit_form_has_no_level_and_no_letterhead_below_the_top(branch_client, tree):
    form = branch_client.get(_url("unit_edit", tree.a1)).context["form"]
    assert "level" not in form.fields
    assert "issuer_code" not in form.fields


def test_district_staff_edits_the_letterhead_of_the_top_unit(district_client, tree):
    response = district_client.post(
        _url("unit_edit", tree.top), _unit_form_data(tree.top, issuer_code="QĐTB2")
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=tree.top.pk).issuer_code == "QĐTB2"


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "  "), ("email", "khong-phai-email"), ("code", "chi-doan-khu-pho-4")],
)
def test_edit_with_bad_input_shows_an_error_and_changes_nothing(branch_client, tree, field, value):
    before = _snapshot()
    response = branch_client.post(
        _url("unit_edit", tree.a1), _unit_form_data(tree.a1, **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert _snapshot() == before


# --- Create -------------------------------------------------------------------------------


def test_ward_secretary_creates_a_branch_under_their_union(ward_client, tree):
    response = ward_client.post(
        _url("unit_create", tree.a),
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
    under_a = ward_client.get(_url("unit_create", tree.a)).context["form"]
    assert [v for v, _ in under_a.fields["level"].choices] == [UnitLevel.BRANCH]
    under_top = district_client.get(_url("unit_create", tree.top)).context["form"]
    assert [v for v, _ in under_top.fields["level"].choices] == [
        UnitLevel.GRASSROOTS_UNION,
        UnitLevel.GRASSROOTS_BRANCH,
    ]


def test_a_branch_cannot_be_created_directly_under_the_top_unit(district_client, tree):
    before = Unit.objects.count()
    response = district_client.post(
        _url("unit_create", tree.top),
        {"name": "Chi đoàn lạc", "level": UnitLevel.BRANCH, "area": "other"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["level"]
    assert Unit.objects.count() == before


def test_creating_with_an_empty_name_shows_an_error_and_creates_nothing(ward_client, tree):
    before = Unit.objects.count()
    response = ward_client.post(
        _url("unit_create", tree.a), {"name": "", "level": UnitLevel.BRANCH, "area": "other"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Unit.objects.count() == before


def test_creating_with_a_taken_code_shows_an_error_and_creates_nothing(ward_client, tree):
    before = Unit.objects.count()
    response = ward_client.post(
        _url("unit_create", tree.a),
        {"name": "Chi đoàn mới", "code": tree.b1.code, "level": UnitLevel.BRANCH, "area": "other"},
    )
    assert "code" in response.context["form"].errors
    assert Unit.objects.count() == before


# --- Move ---------------------------------------------------------------------------------


def test_district_staff_moves_a_branch_to_another_union(district_client, tree):
    response = district_client.post(
        _url("unit_move", tree.a1), {"new_parent": tree.b.pk, "reason": "Điều chỉnh địa bàn"}
    )
    assert response.status_code == 302
    a1 = Unit.objects.get(pk=tree.a1.pk)
    assert a1.parent == tree.b
    assert a1.path == tree.b.path + f"{a1.pk:08d}/"
    assert a1.history.first().history_change_reason == "Điều chỉnh địa bàn"


def test_move_form_offers_only_allowed_parents(district_client, tree):
    form = district_client.get(_url("unit_move", tree.a1)).context["form"]
    assert list(form.fields["new_parent"].queryset) == [tree.b]


def test_a_moved_branch_leaves_the_old_secretarys_view(
    district_client, login, ward_secretary, tree
):
    district_client.post(_url("unit_move", tree.a1), {"new_parent": tree.b.pk})
    ward = login(ward_secretary)
    assert ward.get(_url("unit", tree.a1)).status_code == 404
    assert "Chi đoàn Khu phố 3" not in _listed(ward.get(_url("unit_list")))


def test_moving_a_grassroots_union_moves_its_subtree_in_every_page(client, city_tree):
    t = city_tree
    city_staff, d1_staff, d3_staff = UserFactory(), UserFactory(), UserFactory()
    grant(city_staff, t.city, RoleKind.MANAGER)
    grant(d1_staff, t.d1, RoleKind.MANAGER)
    grant(d3_staff, t.d3, RoleKind.MANAGER)
    client.force_login(city_staff, backend=MODEL_BACKEND)

    response = client.post(_url("unit_move", t.ward), {"new_parent": t.d3.pk, "reason": ""})
    assert response.status_code == 302

    ward = Unit.objects.get(pk=t.ward.pk)
    assert ward.parent == t.d3
    assert ward.depth == 2
    for child in (t.kp1, t.kp2):
        moved = Unit.objects.get(pk=child.pk)
        assert moved.path == ward.path + f"{child.pk:08d}/"
        assert moved.depth == 3

    client.force_login(d3_staff, backend=MODEL_BACKEND)
    [root] = client.get(_url("unit_tree")).context["roots"]
    assert root.unit == t.d3
    assert [n.unit.name for n in root.children] == ["Đoàn Phường Bến Nghé"]
    below = client.get(_url("unit_children", root.children[0].unit)).context["nodes"]
    assert [n.unit.name for n in below] == ["Chi đoàn Khu phố 1", "Chi đoàn Khu phố 2"]
    assert client.get(_url("unit", t.kp1)).status_code == 200

    client.force_login(d1_staff, backend=MODEL_BACKEND)
    assert _listed(client.get(_url("unit_list"))) == ["Quận Đoàn 1"]
    assert client.get(_url("unit", t.kp1)).status_code == 404


# --- Close --------------------------------------------------------------------------------


def test_ward_secretary_closes_a_branch_and_its_records_stay(ward_client, tree):
    response = ward_client.post(
        _url("unit_close", tree.a2),
        {"closed_on": "2025-06-30", "reason": "Giải thể", "confirm": "on"},
    )
    assert response.status_code == 302
    a2 = Unit.objects.get(pk=tree.a2.pk)
    assert a2.closed_on == date(2025, 6, 30)
    assert a2.history.first().history_change_reason == "Giải thể"
    assert ward_client.get(_url("unit", tree.a2)).status_code == 200


def test_closing_a_unit_with_open_children_shows_an_error(district_client, tree):
    response = district_client.post(
        _url("unit_close", tree.a),
        {"closed_on": "2025-06-30", "reason": "Giải thể", "confirm": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Unit.objects.get(pk=tree.a.pk).closed_on is None


def test_closing_without_confirmation_changes_nothing(ward_client, tree):
    response = ward_client.post(
        _url("unit_close", tree.a2), {"closed_on": "2025-06-30", "reason": "Giải thể"}
    )
    assert "confirm" in response.context["form"].errors
    assert Unit.objects.get(pk=tree.a2.pk).closed_on is None


# --- Merge --------------------------------------------------------------------------------


def test_ward_secretary_merges_a_branch_into_a_sibling(ward_client, tree):
    response = ward_client.post(
        _url("unit_merge", tree.a1),
        {"successor": tree.a2.pk, "merged_on": "2025-07-01", "reason": "", "confirm": "on"},
    )
    assert response.status_code == 302
    a1 = Unit.objects.get(pk=tree.a1.pk)
    assert a1.successor == tree.a2
    assert a1.closed_on == date(2025, 7, 1)
    page = ward_client.get(_url("unit", tree.a2))
    assert list(page.context["predecessors"]) == [a1]


def test_district_staff_merges_a_union_and_its_branches_follow(district_client, tree):
    response = district_client.post(
        _url("unit_merge", tree.a),
        {"successor": tree.b.pk, "merged_on": "2025-07-01", "reason": "Sáp nhập", "confirm": "on"},
    )
    assert response.status_code == 302
    assert set(Unit.objects.get(pk=tree.b.pk).children.values_list("name", flat=True)) == {
        "Chi đoàn Khu phố 1",
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
    }
    history = district_client.get(_url("unit_history", tree.a))
    entries = history.context["page"].object_list
    assert entries[0].reason == "Sáp nhập"
    assert {c.new for c in entries[0].changes} >= {"Đoàn Phường 11", "2025-07-01"}


def test_merge_form_offers_only_units_of_the_same_level(district_client, tree):
    form = district_client.get(_url("unit_merge", tree.a)).context["form"]
    assert list(form.fields["successor"].queryset) == [tree.b]


# --- Accounts -----------------------------------------------------------------------------


def test_ward_secretary_creates_an_account_and_gets_a_one_time_link(ward_client, tree):
    response = ward_client.post(
        _url("account_create", tree.a1),
        {
            "full_name": "Ngô Thị Mới",
            "username": "bithu.kp3.moi",
            "kind": RoleKind.EDITOR,
            "title": "Phó Bí thư",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    user = User.objects.get(username="bithu.kp3.moi")
    role = user.roles.get()
    assert (role.unit, role.kind, role.title) == (tree.a1, RoleKind.EDITOR, "Phó Bí thư")
    assert response.context["link"].startswith("http://testserver/accounts/set-password/")
    assert response.context["link"] in response.content.decode()


def test_account_form_refuses_a_taken_username(ward_client, tree, branch_secretary):
    before = _snapshot()
    response = ward_client.post(
        _url("account_create", tree.a1),
        {"full_name": "Trùng", "username": "BiThu.KP3", "kind": RoleKind.EDITOR},
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert _snapshot() == before


def test_account_form_refuses_a_username_with_spaces(ward_client, tree):
    before = _snapshot()
    response = ward_client.post(
        _url("account_create", tree.a1),
        {"full_name": "Có dấu cách", "username": "co dau cach", "kind": RoleKind.EDITOR},
    )
    assert "username" in response.context["form"].errors
    assert _snapshot() == before


def test_renewing_a_link_stops_the_old_password(ward_client, tree, branch_secretary, password):
    old_token = default_token_generator.make_token(branch_secretary)
    response = ward_client.post(_url("account_link_renew", tree.a1, branch_secretary.roles.get()))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    branch_secretary.refresh_from_db()
    assert not branch_secretary.check_password(password)
    assert not default_token_generator.check_token(branch_secretary, old_token)


def test_revoking_a_role_removes_access(ward_client, login, tree, branch_secretary):
    role = branch_secretary.roles.get()
    response = ward_client.post(_url("role_revoke", tree.a1, role))
    assert response.status_code == 302
    assert response["Location"] == tree.a1.get_absolute_url()
    assert not Role.objects.filter(pk=role.pk).exists()
    assert login(branch_secretary).get(_url("unit", tree.a1)).status_code == 404


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
    unit = tree.a if name in PK_URL_NAMES else None
    url = _url(name, unit)
    _add_branches(tree.a, 1)  # A now has 3 branches
    few = _count_queries(district_client, url)
    _add_branches(tree.a, 27)  # and now 30
    many = _count_queries(district_client, url)
    assert few == many


def test_history_runs_the_same_number_of_queries_for_3_and_30_changes(district_client, tree):
    url = _url("unit_history", tree.a1)

    def change(start: int, n: int) -> None:
        for i in range(start, start + n):
            update_unit(tree.a1, by=None, phone=f"0909 000 {i:03d}")
            grant(UserFactory(), tree.a1, RoleKind.VIEWER)

    change(0, 3)
    few = _count_queries(district_client, url)
    change(3, 27)
    many = _count_queries(district_client, url)
    assert few == many


def test_editing_with_an_empty_code_keeps_the_units_code(ward_client, tree):
    response = ward_client.post(
        reverse("branches:unit_edit", args=[tree.a1.pk]),
        {"name": "Chi đoàn Khu phố 3A", "code": "", "area": UnitArea.NEIGHBOURHOOD, "version": 1},
    )
    assert response.status_code == 302
    tree.a1.refresh_from_db()
    assert tree.a1.name == "Chi đoàn Khu phố 3A"
    assert tree.a1.code == "chi-doan-khu-pho-3"


def test_unit_page_offers_adding_a_unit_only_where_one_may_sit(ward_client, tree):
    union_page = ward_client.get(reverse("branches:unit", args=[tree.a.pk]))
    branch_page = ward_client.get(reverse("branches:unit", args=[tree.a1.pk]))
    assert union_page.context["can_add_child"] is True
    assert branch_page.context["can_add_child"] is False
    assert reverse("branches:unit_create", args=[tree.a1.pk]) not in branch_page.content.decode()


def test_new_link_button_is_hidden_where_renewal_would_be_refused(
    ward_client, tree, district_staff
):
    grant(district_staff, tree.a, RoleKind.VIEWER, "")
    response = ward_client.get(reverse("branches:unit", args=[tree.a.pk]))
    role = Role.objects.get(user=district_staff, unit=tree.a)
    assert (
        reverse("branches:account_link_renew", args=[tree.a.pk, role.pk])
        not in response.content.decode()
    )


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
