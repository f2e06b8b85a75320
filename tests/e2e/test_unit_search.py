"""The unit choice that searches as you type, in Chromium on a phone: typing part of a name (without
accents) fills the list with the matching units, and the one picked is the one the member moves to."""

import os

from branches.models import Member, Unit
from tests.e2e.test_phone_pages import full_demo, log_in, overflow  # noqa: F401 (a fixture)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_transfer_finds_the_receiving_branch_by_typing(page, live_server, full_demo, shot):  # noqa: F811
    member = Member.objects.filter(
        unit__name="Chi đoàn Khu phố 3", unit__parent__name="Đoàn Phường 10"
    ).first()
    target = Unit.objects.get(name="Chi đoàn Khu phố 1", parent__name="Đoàn Phường 11")
    log_in(page, live_server, "quandoan")
    page.goto(f"{live_server.url}/units/members/{member.pk}/transfer/")
    select = page.locator("select[name=to_unit]")
    assert select.locator("option").count() <= 22  # the first 20, the empty choice and the hint
    search = page.get_by_label("Tìm đơn vị")
    search.fill("khu pho 1 phuong 11")
    page.wait_for_function(
        "(pk) => [...document.querySelectorAll('select[name=to_unit] option')].some(o => o.value == pk)",
        arg=str(target.pk),
    )
    assert select.input_value() == str(target.pk)  # the first match is picked
    assert overflow(page) == 0
    shot(page, "unit-search-transfer")
    page.get_by_role("button", name="Chuyển sinh hoạt").click()
    page.wait_for_url(f"{live_server.url}/units/{target.pk}/members/")
    member.refresh_from_db()
    assert member.unit == target
