"""A branch secretary imports the branch's member list from a phone (390×844)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from branches.models import Member, Unit
from tests.e2e.test_phone_pages import log_in, overflow

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spreadsheets"


@pytest.fixture
def demo_tree(transactional_db, settings, tmp_path):
    """The demo tree and accounts; uploaded lists kept in a temporary directory."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--tree-only", verbosity=0)


def test_a_branch_secretary_imports_the_list_from_a_phone(page, live_server, demo_tree, shot):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    unit = Unit.objects.get(code="dp-10-kp-3")
    before = Member.objects.filter(unit=unit).count()
    log_in(page, live_server, "bithu.p10.kp3")

    page.goto(f"{live_server.url}/units/{unit.pk}/members/")
    page.locator(f"main a[href='/units/{unit.pk}/members/import/']").click()
    page.wait_for_url(f"{live_server.url}/units/{unit.pk}/members/import/")
    shot(page, "import-upload")
    assert overflow(page) == 0

    page.set_input_files("input[type=file]", str(FIXTURES / "members_letterhead.xlsx"))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/units/imports/*/")
    shot(page, "import-preview")
    assert overflow(page) == 0
    counts = page.locator(".import-counts .fs-4").all_inner_texts()
    assert counts == ["6", "0", "0", "0"]
    assert page.locator("text=Nguyễn Văn An").count() >= 1
    assert Member.objects.filter(unit=unit).count() == before  # nothing written yet

    page.locator("form[action$='/confirm/'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/units/{unit.pk}/members/")
    shot(page, "import-done")
    assert overflow(page) == 0
    for name in ("Nguyễn Văn An", "Võ Thị Hằng", "Lê Hoàng Cường"):
        assert page.locator("a.list-group-item", has_text=name).count() == 1, name
    assert Member.objects.filter(unit=unit).count() == before + 6
    assert errors == [], errors


def test_a_refused_row_is_shown_on_a_phone(page, live_server, demo_tree, shot):
    unit = Unit.objects.get(code="dp-10-kp-3")
    log_in(page, live_server, "bithu.p10.kp3")
    page.goto(f"{live_server.url}/units/{unit.pk}/members/import/")
    page.set_input_files("input[type=file]", str(FIXTURES / "members_sixty_bad_date.xlsx"))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/units/imports/*/")
    shot(page, "import-refused")
    assert overflow(page) == 0
    error = page.locator(".import-errors li").first.inner_text()
    assert "47" in error and "Ngày sinh / Nam" in error and "31/02/1999" in error
    assert page.locator("form[action$='/confirm/']").count() == 0
