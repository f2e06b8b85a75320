"""The main pages at 390×844, as a secretary's phone shows them: they work and nothing overflows."""

import os

import pytest
from django.core.management import call_command

from branches.models import Unit

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "unionhub-demo-2021"


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing overflows)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def demo(transactional_db, settings):
    """The demo tree and accounts (fast)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--tree-only", verbosity=0)


@pytest.fixture
def full_demo(transactional_db, settings):
    """The whole demo: members, reports, the conference and its survey, the commendation round."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)


def test_login_page_fits_a_phone_and_is_in_vietnamese(page, live_server, demo, shot):
    page.goto(f"{live_server.url}/accounts/login/")
    shot(page, "login")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert overflow(page) == 0


def test_ward_secretary_sees_home_list_and_unit_page_on_a_phone(page, live_server, demo, shot):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, live_server, "bithu.p10")
    shot(page, "home")
    assert "Đoàn Phường 10" in page.content()
    assert overflow(page) == 0

    page.goto(f"{live_server.url}/units/?q=khu+pho+3")
    shot(page, "unit_list")
    assert page.locator("a.list-group-item", has_text="Chi đoàn Khu phố 3").count() == 1
    assert overflow(page) == 0

    unit = Unit.objects.get(name="Đoàn Phường 10")
    page.goto(f"{live_server.url}{unit.get_absolute_url()}")
    shot(page, "unit_detail")
    assert page.locator("h1").inner_text() == "Đoàn Phường 10"
    assert overflow(page) == 0

    page.goto(f"{live_server.url}/units/tree/")
    shot(page, "unit_tree")
    assert overflow(page) == 0
    assert errors == [], errors  # no CSP violation or script error


def test_menu_opens_on_a_phone(page, live_server, demo):
    log_in(page, live_server, "bithu.p10.kp3")
    page.click("button.navbar-toggler")
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.wait_for_url(f"{live_server.url}/units/")
    assert page.locator("a.list-group-item").count() == 1


def test_a_branch_secretarys_phone_pages_fit_the_screen(page, live_server, full_demo, shot):
    """Every page a branch secretary reaches from home, one click deep, fits 390 px."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, live_server, "bithu.p10.kp3")
    links = page.eval_on_selector_all(
        "main a[href^='/']", "els => [...new Set(els.map(e => e.getAttribute('href')))]"
    )
    unit = Unit.objects.get(code="dp-10-kp-3")
    links += [
        f"/units/{unit.pk}/members/",
        f"/units/{unit.pk}/members/new/",
        f"/units/{unit.pk}/committee/",
        f"/units/{unit.pk}/logs/",
        f"/units/{unit.pk}/reports/",
    ]
    checked = 0
    for href in links:
        response = page.goto(f"{live_server.url}{href}")
        assert response.status < 400, href
        if "html" in response.headers.get("content-type", ""):
            assert overflow(page) == 0, href
            checked += 1
            shot(page, "kp3-" + href.strip("/").replace("/", "-"))
    assert checked >= 8
    assert errors == [], errors


def test_the_tree_shows_more_units_of_a_long_level_on_click(page, live_server, demo, monkeypatch):
    from branches import tree as tree_module

    monkeypatch.setattr(tree_module, "TREE_PAGE", 4)
    log_in(page, live_server, "quandoan")
    page.goto(f"{live_server.url}/units/tree/")
    top_level = page.locator(".tree-level").nth(1)
    assert top_level.locator(":scope > li > .tree-node").count() == 4
    more = page.get_by_role("button", name="Xem thêm")
    more.first.click()
    page.wait_for_function(
        "document.querySelectorAll('.tree-level')[1].querySelectorAll(':scope > li > .tree-node').length === 8"
    )
    assert overflow(page) == 0
