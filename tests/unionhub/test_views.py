import re

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory
from django.urls import reverse

from branches.models import Role, RoleKind, Unit
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


# --- Home ---------------------------------------------------------------------------------


def test_anonymous_user_is_sent_from_home_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/"


def test_home_shows_the_ward_secretarys_unit_and_counts(ward_client, tree):
    response = ward_client.get(reverse("home"))
    assert response.status_code == 200
    assert [role.unit for role in response.context["my_roles"]] == [tree.a]
    assert response.context["my_roles"][0].child_count == 2
    assert response.context["counts"] == {
        "total": 3,
        "grassroots_unions": 1,
        "grassroots_branches": 0,
        "branches": 2,
        "neighbourhood_branches": 2,
    }
    assert not response.context["is_district_staff"]
    assert "Đoàn Phường 11" not in response.content.decode()


def test_home_counts_the_whole_district_for_district_staff(district_client, tree):
    response = district_client.get(reverse("home"))
    assert response.context["is_district_staff"]
    assert response.context["counts"]["total"] == 7
    assert response.context["counts"]["grassroots_branches"] == 1


def test_home_of_a_user_without_roles_is_empty_not_an_error(login, tree):
    response = login(UserFactory()).get(reverse("home"))
    assert response.status_code == 200
    assert list(response.context["my_roles"]) == []
    assert response.context["counts"]["total"] == 0


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_home_refuses_other_methods(ward_client, method):
    assert getattr(ward_client, method)(reverse("home")).status_code == 405


# --- Health check -------------------------------------------------------------------------


def test_healthz_is_open_and_checks_the_database(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_a_broken_database(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database is gone")

    monkeypatch.setattr("unionhub.views.connection.cursor", broken_cursor)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_healthz_refuses_post(client):
    assert client.post(reverse("healthz")).status_code == 405


# --- Security headers ---------------------------------------------------------------------


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("url_name", ["accounts:login", "home"])
def test_pages_carry_a_csp_without_inline_scripts(branch_client, client, url_name):
    response = (branch_client if url_name == "home" else client).get(reverse(url_name))
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


@pytest.mark.parametrize(
    "url",
    [
        lambda t: reverse("home"),
        lambda t: reverse("branches:unit_list"),
        lambda t: reverse("branches:unit_tree"),
        lambda t: reverse("branches:unit", args=[t.a.pk]),
        lambda t: reverse("branches:unit_history", args=[t.a.pk]),
        lambda t: reverse("branches:unit_edit", args=[t.a1.pk]),
        lambda t: reverse("branches:unit_create", args=[t.a.pk]),
        lambda t: reverse("branches:unit_move", args=[t.a1.pk]),
        lambda t: reverse("branches:unit_merge", args=[t.a1.pk]),
        lambda t: reverse("branches:unit_close", args=[t.a1.pk]),
        lambda t: reverse("branches:account_create", args=[t.a.pk]),
        lambda t: reverse("accounts:password_change"),
    ],
)
def test_pages_have_no_inline_script_or_style_the_csp_would_block(ward_client, tree, url):
    response = ward_client.get(url(tree))
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_pages_refuse_framing_and_sniffing(client):
    response = client.get(reverse("accounts:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- Admin --------------------------------------------------------------------------------


@pytest.fixture
def staff_district(district_staff):
    district_staff.is_staff = True
    district_staff.save()
    return district_staff


def test_anonymous_user_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_secretary_without_is_staff_cannot_use_the_admin(ward_client):
    for url in (reverse("admin:index"), reverse("admin:branches_unit_changelist")):
        response = ward_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_district_staff_with_is_staff_see_every_unit_in_the_admin(login, staff_district, tree):
    client = login(staff_district)
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.get(reverse("admin:branches_unit_changelist"))
    assert response.status_code == 200
    assert set(response.context["cl"].queryset) == set(Unit.objects.all())


def test_admin_unit_changelist_is_scoped_by_roles(ward_secretary, tree):
    ward_secretary.is_staff = True
    ward_secretary.save()
    request = RequestFactory().get("/admin/branches/unit/")
    request.user = ward_secretary
    unit_admin = admin_site._registry[Unit]
    assert set(unit_admin.get_queryset(request)) == {tree.a, tree.a1, tree.a2}
    role_admin = admin_site._registry[Role]
    assert {r.unit for r in role_admin.get_queryset(request)} == {tree.a}


def test_staff_who_are_not_district_staff_are_refused_the_unit_admin(login, ward_secretary, tree):
    ward_secretary.is_staff = True
    ward_secretary.save()
    client = login(ward_secretary)
    assert client.get(reverse("admin:branches_unit_changelist")).status_code == 403
    change = reverse("admin:branches_unit_change", args=[tree.b.pk])
    assert client.get(change).status_code in (302, 403, 404)
    assert client.post(change, {"name": "Đổi"}).status_code in (302, 403, 404)
    assert Unit.objects.get(pk=tree.b.pk).name == "Đoàn Phường 11"


def test_admin_never_deletes_or_adds_units(login, staff_district, tree):
    client = login(staff_district)
    delete = reverse("admin:branches_unit_delete", args=[tree.a2.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Unit.objects.filter(pk=tree.a2.pk).exists()
    assert client.get(reverse("admin:branches_unit_add")).status_code == 403


def test_admin_user_list_shows_the_accounts_in_managed_units(
    login, staff_district, ward_secretary, outsider, tree
):
    other_top_user = UserFactory()  # no role anywhere: not theirs to see
    response = login(staff_district).get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset)
    assert {staff_district, ward_secretary, outsider} <= shown
    assert other_top_user not in shown


def test_admin_role_list_for_district_staff_covers_the_tree(login, staff_district, outsider, tree):
    grant(UserFactory(), tree.b, RoleKind.VIEWER)
    response = login(staff_district).get(reverse("admin:branches_role_changelist"))
    assert response.status_code == 200
    assert set(response.context["cl"].queryset) == set(Role.objects.all())


def test_favicon_ico_points_at_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
