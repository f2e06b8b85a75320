"""Accounts made by a manager: the one-time link, renewing it, revoking a role."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse

from branches.models import Role, RoleKind
from tests.branches.unit_helpers import snapshot, unit_url
from tests.factories import grant

pytestmark = pytest.mark.django_db

User = get_user_model()

# --- Accounts -----------------------------------------------------------------------------


def test_ward_secretary_creates_an_account_and_gets_a_one_time_link(ward_client, tree):
    response = ward_client.post(
        unit_url("account_create", tree.a1),
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
    before = snapshot()
    response = ward_client.post(
        unit_url("account_create", tree.a1),
        {"full_name": "Trùng", "username": "BiThu.KP3", "kind": RoleKind.EDITOR},
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert snapshot() == before


def test_account_form_refuses_a_username_with_spaces(ward_client, tree):
    before = snapshot()
    response = ward_client.post(
        unit_url("account_create", tree.a1),
        {"full_name": "Có dấu cách", "username": "co dau cach", "kind": RoleKind.EDITOR},
    )
    assert "username" in response.context["form"].errors
    assert snapshot() == before


def test_renewing_a_link_stops_the_old_password(ward_client, tree, branch_secretary, password):
    old_token = default_token_generator.make_token(branch_secretary)
    response = ward_client.post(
        unit_url("account_link_renew", tree.a1, branch_secretary.roles.get())
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    branch_secretary.refresh_from_db()
    assert not branch_secretary.check_password(password)
    assert not default_token_generator.check_token(branch_secretary, old_token)


def test_revoking_a_role_removes_access(ward_client, login, tree, branch_secretary):
    role = branch_secretary.roles.get()
    response = ward_client.post(unit_url("role_revoke", tree.a1, role))
    assert response.status_code == 302
    assert response["Location"] == tree.a1.get_absolute_url()
    assert not Role.objects.filter(pk=role.pk).exists()
    assert login(branch_secretary).get(unit_url("unit", tree.a1)).status_code == 404


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
