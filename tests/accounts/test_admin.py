"""The back office follows the site's account rule: staff cannot take over an account above them."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, district_staff):
    district_staff.is_staff = True
    district_staff.save()
    client.force_login(district_staff, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def superuser_in_the_tree(tree):
    from branches.models import RoleKind

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    grant(admin, tree.a, RoleKind.VIEWER, "Quản trị")
    return admin


def _set_password(client, user, password="mat-khau-moi-2026"):
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    return client.post(url, {"password1": password, "password2": password})


def test_staff_cannot_set_the_password_of_a_superuser_in_their_tree(
    staff_client, superuser_in_the_tree
):
    before = superuser_in_the_tree.password
    page = staff_client.get(
        reverse("admin:auth_user_password_change", args=[superuser_in_the_tree.pk])
    )
    assert page.status_code == 403
    assert _set_password(staff_client, superuser_in_the_tree).status_code == 403
    superuser_in_the_tree.refresh_from_db()
    assert superuser_in_the_tree.password == before


def test_staff_cannot_change_a_superuser_in_their_tree(staff_client, superuser_in_the_tree):
    url = reverse("admin:accounts_user_change", args=[superuser_in_the_tree.pk])
    response = staff_client.post(url, {"username": "taken-over", "is_active": "on"})
    assert response.status_code == 403
    superuser_in_the_tree.refresh_from_db()
    assert superuser_in_the_tree.username == "root"


def test_staff_still_set_the_password_of_a_secretary_they_manage(staff_client, branch_secretary):
    response = _set_password(staff_client, branch_secretary)
    assert response.status_code == 302
    branch_secretary.refresh_from_db()
    assert branch_secretary.check_password("mat-khau-moi-2026")


def test_staff_cannot_set_the_password_of_another_staff_account(staff_client, tree):
    from branches.models import RoleKind

    colleague = UserFactory(username="canbo2", is_staff=True)
    grant(colleague, tree.b, RoleKind.MANAGER, "Cán bộ")
    assert _set_password(staff_client, colleague).status_code == 403
