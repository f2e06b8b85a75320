import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as dj_settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client
from django.urls import reverse

from branches.services import create_account, renew_account_link

pytestmark = pytest.mark.django_db

User = get_user_model()

NEW_PASSWORD = "Hoa-sen-no-2025!"


def _logged_in_as(client) -> int | None:
    pk = client.session.get(SESSION_KEY)
    return int(pk) if pk is not None else None


def _login(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# --- Log in and out -----------------------------------------------------------------------


def test_login_page_is_open_to_anonymous_users(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "username" in response.context["form"].fields


def test_login_with_the_right_password_logs_in_and_goes_home(client, branch_secretary, password):
    response = _login(client, "bithu.kp3", password)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _logged_in_as(client) == branch_secretary.pk


def test_login_goes_to_a_local_next_page_but_not_to_another_site(
    client, branch_secretary, password, tree
):
    url = reverse("accounts:login")
    unit_url = tree.a1.get_absolute_url()
    response = client.post(
        f"{url}?next={unit_url}", {"username": "bithu.kp3", "password": password}
    )
    assert response["Location"] == unit_url
    client.post(reverse("accounts:logout"))
    response = client.post(
        f"{url}?next=https://evil.example/", {"username": "bithu.kp3", "password": password}
    )
    assert response["Location"] == reverse("home")


def test_login_with_a_wrong_password_shows_an_error(client, branch_secretary):
    response = _login(client, "bithu.kp3", "sai-mat-khau")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert _logged_in_as(client) is None


def test_a_deactivated_account_cannot_log_in(client, branch_secretary, password):
    branch_secretary.is_active = False
    branch_secretary.save()
    response = _login(client, "bithu.kp3", password)
    assert response.status_code == 200
    assert _logged_in_as(client) is None


def test_a_logged_in_user_is_sent_home_from_the_login_page(branch_client):
    response = branch_client.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_logout_logs_out_and_goes_to_the_login_page(branch_client):
    response = branch_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert _logged_in_as(branch_client) is None


def test_logout_by_get_is_405_and_keeps_the_session(branch_client, branch_secretary):
    assert branch_client.get(reverse("accounts:logout")).status_code == 405
    assert _logged_in_as(branch_client) == branch_secretary.pk


def test_delete_on_the_login_page_is_405(client):
    assert client.delete(reverse("accounts:login")).status_code == 405


@pytest.mark.parametrize("name", ["password_change", "password_change_done", "set_password_done"])
def test_delete_on_an_accounts_page_is_405(branch_client, name):
    assert branch_client.delete(reverse(f"accounts:{name}")).status_code == 405


def test_delete_on_the_set_password_form_is_405(client, new_account):
    user, link = new_account
    form_url = _open_link(client, link).redirect_chain[-1][0]
    assert client.delete(form_url).status_code == 405
    user.refresh_from_db()
    assert not user.has_usable_password()


# --- Change password ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["password_change", "password_change_done"])
def test_anonymous_user_is_sent_to_login_from_password_change(client, name):
    url = reverse(f"accounts:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_password_change_sets_the_new_password_and_keeps_the_session(
    branch_client, branch_secretary, password
):
    assert branch_client.get(reverse("accounts:password_change")).status_code == 200
    response = branch_client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    branch_secretary.refresh_from_db()
    assert branch_secretary.check_password(NEW_PASSWORD)
    assert branch_client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("old", "new1", "new2", "field"),
    [
        ("sai-mat-khau", NEW_PASSWORD, NEW_PASSWORD, "old_password"),
        (None, NEW_PASSWORD, "Khac-hoan-toan-9", "new_password2"),
        (None, "12345678", "12345678", "new_password2"),
    ],
)
def test_password_change_with_bad_input_changes_nothing(
    branch_client, branch_secretary, password, old, new1, new2, field
):
    response = branch_client.post(
        reverse("accounts:password_change"),
        {"old_password": old or password, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    branch_secretary.refresh_from_db()
    assert branch_secretary.check_password(password)


# --- The one-time link --------------------------------------------------------------------


@pytest.fixture
def new_account(tree, ward_secretary):
    user, _role, link = create_account(
        tree.a1, by=ward_secretary, username="bithu.kp3.moi", full_name="Ngô Thị Mới"
    )
    return user, link


def _open_link(client, link: str):
    response = client.get(link, follow=True)
    assert response.status_code == 200
    return response


def _set_password(client, link: str, password: str = NEW_PASSWORD):
    page = _open_link(client, link)
    assert page.context["validlink"]
    form_url = page.redirect_chain[-1][0]
    assert form_url.endswith("/dat-mat-khau/")
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_one_time_link_sets_a_password_and_logs_the_person_in_at_home(client, new_account):
    user, link = new_account
    response = _set_password(client, link)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _logged_in_as(client) == user.pk  # no second login with the password just chosen
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert [m.level_tag for m in home.context["messages"]] == ["success"]


def test_the_new_password_also_works_for_a_later_login(client, new_account):
    user, link = new_account
    _set_password(client, link)
    other = Client()
    assert _login(other, "bithu.kp3.moi", NEW_PASSWORD).status_code == 302
    assert _logged_in_as(other) == user.pk


def test_a_refused_password_on_the_link_logs_nobody_in(client, new_account):
    _user, link = new_account
    response = _set_password(client, link, password="123")
    assert response.status_code == 200
    assert _logged_in_as(client) is None


def test_one_time_link_works_only_once(client, new_account):
    user, link = new_account
    _set_password(client, link)
    again = _open_link(Client(), link)
    assert again.context["validlink"] is False
    assert again.templates[0].name == "accounts/set_password.html"
    assert "form" not in again.context or again.context["form"] is None


def test_a_used_link_cannot_set_another_password(client, new_account):
    user, link = new_account
    _set_password(client, link)
    other = Client()
    other.get(link, follow=True)
    other.post(
        link.replace(link.rstrip("/").rsplit("/", 1)[1], "dat-mat-khau"),
        {"new_password1": "Ke-gian-doi-9!", "new_password2": "Ke-gian-doi-9!"},
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_one_time_link_shows_the_username(client, new_account):
    _user, link = new_account
    assert "bithu.kp3.moi" in _open_link(client, link).content.decode()


def test_one_time_link_refuses_mismatched_passwords(client, new_account):
    user, link = new_account
    page = _open_link(client, link)
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": "Khac-hoan-toan-9"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    user.refresh_from_db()
    assert not user.has_usable_password()


def _frozen_after(monkeypatch, seconds: int) -> None:
    real_now = PasswordResetTokenGenerator._now

    def later(self):
        return real_now(self) + timedelta(seconds=seconds)

    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", later)


def test_one_time_link_still_works_just_before_it_expires(
    client, new_account, settings, monkeypatch
):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    _user, link = new_account
    _frozen_after(monkeypatch, 3500)
    assert _open_link(client, link).context["validlink"] is True


def test_one_time_link_expires_after_the_timeout(client, new_account, settings, monkeypatch):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    user, link = new_account
    _frozen_after(monkeypatch, 3700)
    assert _open_link(client, link).context["validlink"] is False
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_renewing_the_link_invalidates_the_old_one(client, new_account, ward_secretary):
    user, old_link = new_account
    new_link = renew_account_link(user, by=ward_secretary)
    assert new_link != old_link
    assert _open_link(Client(), old_link).context["validlink"] is False
    assert _set_password(client, new_link).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_link_for_an_unknown_user_does_not_work(client):
    url = reverse("accounts:set_password", kwargs={"uidb64": "OTk5OTk", "token": "abc-def"})
    assert _open_link(client, url).context["validlink"] is False


# --- Throttling ---------------------------------------------------------------------------


def _production_axes_settings() -> dict:
    """django-axes' settings as production loads them: settings.py read with no AXES_* variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AXES_")}
    env.update(
        DEBUG="false",
        TESTING="false",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="unionhub.example.org",
        DJANGO_SETTINGS_MODULE="unionhub.settings",
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({k: getattr(settings, k) for k in dir(settings) if k.startswith('AXES_')}, default=str))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=str(dj_settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def production_axes() -> dict:
    return _production_axes_settings()


@pytest.fixture
def throttled(settings, production_axes):
    """Throttling exactly as production configures it (whatever the test environment says)."""
    for name, value in production_axes.items():
        setattr(settings, name, value)
    assert settings.AXES_ENABLED


def test_five_failed_logins_lock_that_username_on_that_ip(
    client, throttled, branch_secretary, ward_secretary, password
):
    for _ in range(5):
        _login(client, "bithu.kp3", "sai-mat-khau", ip="10.0.0.1")
    assert AccessAttempt.objects.filter(username="bithu.kp3", ip_address="10.0.0.1").exists()

    locked = _login(client, "bithu.kp3", password, ip="10.0.0.1")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    assert _logged_in_as(client) is None

    # Many secretaries share one mobile-network IP: the others still log in from it.
    other = Client()
    assert _login(other, "bithu.p10", password, ip="10.0.0.1").status_code == 302
    assert _logged_in_as(other) == ward_secretary.pk

    # And the same person still logs in from another connection.
    elsewhere = Client()
    assert _login(elsewhere, "bithu.kp3", password, ip="10.0.0.2").status_code == 302
    assert _logged_in_as(elsewhere) == branch_secretary.pk


def test_four_failed_logins_do_not_lock(client, throttled, branch_secretary, password):
    for _ in range(4):
        assert _login(client, "bithu.kp3", "sai-mat-khau").status_code == 200
    assert _login(client, "bithu.kp3", password).status_code == 302
    assert _logged_in_as(client) == branch_secretary.pk


def test_behind_the_proxy_each_visitor_is_throttled_by_their_own_address(
    client, throttled, settings, branch_secretary, password
):
    settings.TRUSTED_PROXY_COUNT = 1

    def attempt(c, real_ip, pw):
        return c.post(
            reverse("accounts:login"),
            {"username": "bithu.kp3", "password": pw},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"6.6.6.6, {real_ip}",
        )

    for _ in range(5):
        attempt(client, "203.0.113.7", "sai-mat-khau")
    assert attempt(client, "203.0.113.7", password).status_code == 429
    # The same person on another connection behind the same proxy is not locked out.
    other = Client()
    assert attempt(other, "198.51.100.20", password).status_code == 302
    assert _logged_in_as(other) == branch_secretary.pk


def test_the_password_rules_speak_vietnamese_on_the_set_password_page(client, new_account):
    _user, link = new_account
    response = _set_password(client, link, password="123")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This password is too short" not in html and "entirely numeric" not in html
    assert "Mật khẩu quá ngắn" in html
