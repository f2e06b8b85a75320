"""The list filters' unit choices on a phone: the unit list's "Under" and the member list's branch
list the first units only; typing part of a name (without accents) finds one, and the list is
filtered by it."""

import os

from branches.models import Member, Unit
from tests.e2e.test_phone_pages import demo, full_demo, log_in, overflow  # noqa: F401 (fixtures)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PICKED = "(arg) => document.querySelector(arg[0]).value == arg[1]"


def test_the_unit_list_is_filtered_under_a_union_found_by_typing(page, live_server, demo, shot):  # noqa: F811
    ward = Unit.objects.get(name="Đoàn Phường 11")
    log_in(page, live_server, "quandoan")
    page.goto(f"{live_server.url}/units/")
    assert page.locator("select[name=under] option").count() <= 22  # 20, "any" and the hint
    page.locator("#id_under_search").fill("phuong 11")
    page.wait_for_function(PICKED, arg=["#id_under", str(ward.pk)])
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(f"**/units/?*under={ward.pk}*")
    names = page.locator("a.list-group-item .fw-semibold").all_inner_texts()
    below = Unit.objects.filter(path__startswith=ward.path).exclude(pk=ward.pk)
    assert sorted(names) == sorted(below.values_list("name", flat=True))
    assert page.locator("#id_under").input_value() == str(ward.pk)
    assert overflow(page) == 0
    shot(page, "unit-list-under-filter")


def test_the_member_list_is_filtered_by_a_union_found_by_typing(
    page,
    live_server,
    full_demo,  # noqa: F811
    shot,
):
    top = Unit.objects.get(parent=None)
    ward = Unit.objects.get(name="Đoàn Phường 10")
    log_in(page, live_server, "quandoan")
    page.goto(f"{live_server.url}/units/{top.pk}/members/")
    assert page.locator("select[name=branch] option").count() <= 22
    page.locator("#id_branch_search").fill("phuong 10")
    page.wait_for_function(PICKED, arg=["#id_branch", str(ward.pk)])
    shot(page, "member-list-branch-search")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(f"**/units/{top.pk}/members/?*branch={ward.pk}*")
    expected = Member.objects.active().filter(unit__path__startswith=ward.path).count()
    assert f"{expected} đoàn viên" in page.locator("main").inner_text()
    assert page.locator("#id_branch").input_value() == str(ward.pk)
    assert overflow(page) == 0
    shot(page, "member-list-branch-filter")
