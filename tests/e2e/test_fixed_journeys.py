"""The journeys that used to end in a dead end, driven on a 390×844 phone: a branch created after a
period opened files that period's report; its secretary's one-time link ends logged in; a sent
report is recalled (after a confirmation) and sent again; a ward secretary opens the decision that
commended their branches."""

import os
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from branches.models import ReportPeriod, ReportStatus, Unit, UnitArea, UnitLevel, UnitReport
from branches.services import open_report_period
from tests.e2e.test_phone_pages import PASSWORD, log_in, overflow

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_new_branch_joins_the_open_period_and_its_secretary_files_recalls_and_resends(
    page, browser, live_server, transactional_db, settings, shot
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--tree-only", verbosity=0)
    today = timezone.localdate()
    open_report_period(
        by=None, title="Quý IV/2026", starts_on=today - timedelta(days=60), ends_on=today,
        due_on=today + timedelta(days=10),
        units=Unit.objects.filter(level=UnitLevel.BRANCH, area=UnitArea.NEIGHBOURHOOD),
    )  # fmt: skip
    ward = Unit.objects.get(name="Đoàn Phường 10")

    # The ward secretary adds the branch and an account for its secretary, on a phone.
    log_in(page, live_server, "bithu.p10")
    page.goto(f"{live_server.url}/units/{ward.pk}/new/")
    page.fill("input[name=name]", "Chi đoàn Khu phố 99")
    page.select_option("select[name=level]", UnitLevel.BRANCH)
    page.select_option("select[name=area]", UnitArea.NEIGHBOURHOOD)
    page.click("main button[type=submit]")
    new = Unit.objects.get(name="Chi đoàn Khu phố 99")
    assert ReportPeriod.objects.get(title="Quý IV/2026").units.filter(pk=new.pk).exists()
    page.goto(f"{live_server.url}/units/{new.pk}/accounts/new/")
    page.fill("input[name=full_name]", "Lê Thị Mới")
    page.fill("input[name=username]", "bithu.kp99")
    page.click("main button[type=submit]")
    link = page.input_value("#account-link")
    assert overflow(page) == 0

    # The new secretary opens the link on their own phone and ends logged in.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    secretary = phone.new_page()
    secretary.goto(link)
    secretary.fill("input[name=new_password1]", PASSWORD)
    secretary.fill("input[name=new_password2]", PASSWORD)
    secretary.click("main button[type=submit]")
    secretary.wait_for_url(f"{live_server.url}/")
    assert secretary.locator("#nav-user, .navbar").first.inner_text()
    assert "Đăng nhập" not in secretary.locator("main").inner_text()
    shot(secretary, "journey-link-home")

    # The period's report: filed, recalled after the confirmation, filed again.
    secretary.on("dialog", lambda dialog: dialog.accept())
    secretary.goto(f"{live_server.url}/units/{new.pk}/reports/")
    secretary.get_by_role("link", name="Điền báo cáo").first.click()
    secretary.click("button[name=submit]")
    report = UnitReport.objects.get(unit=new)
    assert report.status == ReportStatus.SUBMITTED
    secretary.get_by_role("button", name="Rút lại báo cáo").click()
    secretary.wait_for_url(f"{live_server.url}/units/{new.pk}/reports/*/")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    shot(secretary, "journey-recalled")
    secretary.click("button[name=submit]")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert overflow(secretary) == 0
    phone.close()


def test_a_dismissed_confirmation_sends_nothing(page, live_server, transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--tree-only", verbosity=0)
    today = timezone.localdate()
    kp3 = Unit.objects.get(name="Chi đoàn Khu phố 3", parent__name="Đoàn Phường 10")
    period = open_report_period(
        by=None, title="Quý IV/2026", starts_on=today - timedelta(days=60), ends_on=today,
        due_on=today + timedelta(days=10), units=[kp3],
    )  # fmt: skip
    log_in(page, live_server, "bithu.p10.kp3")
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.goto(f"{live_server.url}/units/{kp3.pk}/reports/{period.pk}/")
    page.click("button[name=submit]")
    assert not UnitReport.objects.filter(unit=kp3, status=ReportStatus.SUBMITTED).exists()


def test_a_ward_secretary_opens_the_decision_of_their_branches(
    page, live_server, transactional_db, settings, shot
):
    from commendations.models import Decision

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)
    decision = Decision.objects.get(status="issued")
    log_in(page, live_server, "bithu.p10")
    page.goto(f"{live_server.url}{decision.round.get_absolute_url()}")
    page.get_by_role("link", name=f"Quyết định {decision.number_display}").click()
    page.wait_for_url(f"{live_server.url}{decision.get_absolute_url()}")
    shot(page, "journey-ward-decision")
    assert "Giấy khen của đơn vị mình (PDF)" in page.content()
    assert overflow(page) == 0
