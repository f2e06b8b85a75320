"""Journeys through the organisation tree, as the people who make them: district staff at a
1280×800 screen, secretaries on a 390×844 phone, each in their own browser context.

(a)+(b) Staff add a branch under Đoàn Phường 10 and an account for its secretary; the secretary
opens the one-time link on their phone, sets a password, ends logged in, adds a member, corrects
it and files the period's report.
(e) A branch secretary imports the member list from a spreadsheet; staff export the district's
members as a background job, watch it on its page and download it from "Tệp của tôi".
"""

import io
import os
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook

from branches.models import (
    Gender,
    Member,
    ReportStatus,
    Role,
    RoleKind,
    Unit,
    UnitArea,
    UnitLevel,
    UnitReport,
)
from branches.services import open_report_period
from tests.e2e.conftest import DEMO_PASSWORD, label
from tests.e2e.test_phone_pages import overflow

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spreadsheets"


def message(page) -> str:
    """The flash messages the page shows (the Vietnamese confirmation of the last action)."""
    return " ".join(page.locator("main .alert").all_inner_texts())


def test_staff_add_a_branch_and_its_secretary_takes_it_over_from_the_link(
    screens, demo_tree_only, shot
):
    today = timezone.localdate()
    period = open_report_period(
        by=None, title="Quý IV/2026", starts_on=today - timedelta(days=60), ends_on=today,
        due_on=today + timedelta(days=10),
        units=Unit.objects.filter(level=UnitLevel.BRANCH, area=UnitArea.NEIGHBOURHOOD),
    )  # fmt: skip
    url = screens.url

    # (a) District staff find the ward union and add a branch under it.
    staff = screens.desktop("quandoan")
    staff.get_by_role("link", name="Đơn vị", exact=True).click()
    staff.get_by_role("searchbox", name="Tìm kiếm").fill("phuong 10")
    staff.get_by_role("button", name="Lọc").click()
    staff.locator("a.list-group-item").filter(
        has=staff.get_by_text("Đoàn Phường 10", exact=True)
    ).click()
    staff.wait_for_url(f"{url}/units/*/")
    staff.get_by_role("link", name="Thêm đơn vị trực thuộc").click()
    staff.get_by_label(label("Tên")).fill("Chi đoàn Khu phố 99")
    assert staff.get_by_label("Cấp").input_value() == UnitLevel.BRANCH  # like its siblings
    staff.get_by_label("Khối").select_option(label="Khu phố")
    staff.get_by_label(label("Khu phố")).fill("Khu phố 99")
    staff.get_by_role("button", name="Lưu").click()
    staff.wait_for_url(f"{url}/units/*/")
    branch = Unit.objects.get(name="Chi đoàn Khu phố 99")
    assert branch.parent.name == "Đoàn Phường 10"
    assert (branch.level, branch.area) == (UnitLevel.BRANCH, UnitArea.NEIGHBOURHOOD)
    assert "Đã tạo đơn vị “Chi đoàn Khu phố 99”" in message(staff)
    assert staff.locator("h1").inner_text() == "Chi đoàn Khu phố 99"

    # … and an account for its secretary; the page shows the one-time link, once.
    staff.get_by_role("link", name="Tài khoản mới").click()
    staff.get_by_label("Họ và tên").fill("Lê Thị Mới")
    staff.get_by_label("Tên đăng nhập").fill("bithu.p10.kp99")
    staff.get_by_role("button", name="Tạo tài khoản").click()
    staff.wait_for_selector("#account-link")
    link = staff.get_by_role("textbox", name="Liên kết dùng một lần").input_value()
    assert link.startswith(f"{url}/accounts/set-password/")
    assert "bithu.p10.kp99" in staff.locator("main").inner_text()
    shot(staff, "journey-org-account-link")
    secretary_user = get_user_model().objects.get(username="bithu.p10.kp99")
    assert not secretary_user.has_usable_password()
    assert Role.objects.filter(user=secretary_user, unit=branch, kind=RoleKind.EDITOR).exists()

    # (b) The secretary opens the link on their own phone, sets a password, ends logged in.
    phone = screens.phone()
    phone.goto(link)
    assert phone.locator("h1").inner_text() == "Đặt mật khẩu"
    phone.get_by_label(label("Mật khẩu mới")).fill(DEMO_PASSWORD)
    phone.get_by_label("Xác nhận mật khẩu mới").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Lưu mật khẩu").click()
    phone.wait_for_url(f"{url}/")
    assert phone.locator("#nav-main .dropdown-toggle").text_content().strip() == "Lê Thị Mới"
    secretary_user.refresh_from_db()
    assert secretary_user.check_password(DEMO_PASSWORD)
    assert overflow(phone) == 0
    # The link worked once: opened again (say, from the chat), it says so.
    again = screens.phone()
    again.goto(link)
    assert again.locator("h1").inner_text() == "Liên kết này không còn hiệu lực"

    # A member added from the phone, then corrected.
    phone.goto(f"{url}{branch.get_absolute_url()}")
    phone.get_by_role("link", name="Đoàn viên", exact=True).click()
    phone.get_by_role("link", name="Thêm đoàn viên").click()
    phone.get_by_label("Họ và tên").fill("  Trần   Thị Thu  ")
    phone.get_by_label("Giới tính").select_option(label="Nữ")
    phone.get_by_label("Ngày sinh").fill("2001-05-04")
    phone.get_by_label("Số thẻ đoàn viên").fill("TB99000001")
    shot(phone, "journey-org-member-form")
    assert overflow(phone) == 0
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_url(f"{url}/units/{branch.pk}/members/")
    assert "Đã thêm Trần Thị Thu." in message(phone)
    member = Member.objects.get(unit=branch)
    assert (member.full_name, member.gender, member.card_number) == (
        "Trần Thị Thu",
        Gender.FEMALE,
        "TB99000001",
    )
    assert member.birth_date.isoformat() == "2001-05-04"

    phone.locator("a.list-group-item", has_text="Trần Thị Thu").click()
    phone.wait_for_url(f"{url}{member.get_absolute_url()}")
    phone.locator(f"main a[href='/units/members/{member.pk}/edit/']").click()
    assert phone.get_by_label("Họ và tên").input_value() == "Trần Thị Thu"
    phone.get_by_label("Điện thoại").fill("0901 234 567")
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_url(f"{url}{member.get_absolute_url()}")
    assert "Đã lưu thay đổi." in message(phone)
    assert "0901" in phone.locator("main").inner_text()
    member.refresh_from_db()
    assert member.phone.replace(" ", "") == "0901234567"
    assert member.card_number == "TB99000001"  # the edit kept what it did not touch

    # The period's report, filled in from the register, sent after the confirmation.
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("link", name="Báo cáo", exact=True).click()
    phone.wait_for_url(f"{url}/units/{branch.pk}/reports/")
    phone.get_by_role("link", name="Điền báo cáo").click()
    assert phone.get_by_label(label("Đoàn viên")).input_value() == "1"  # the new member
    assert phone.get_by_label("Đoàn viên nữ").input_value() == "1"
    phone.get_by_label("Khó khăn").fill("Chi đoàn mới thành lập, chưa có địa điểm sinh hoạt.")
    shot(phone, "journey-org-report-form")
    assert overflow(phone) == 0
    phone.get_by_role("button", name="Gửi", exact=True).click()
    phone.wait_for_url(f"{url}/units/reports/*/")
    report = UnitReport.objects.get(unit=branch, period=period)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == secretary_user
    assert report.members_total == 1
    assert report.difficulties.startswith("Chi đoàn mới thành lập")
    assert "Đã gửi báo cáo." in message(phone)
    shot(phone, "journey-org-report-sent")
    assert overflow(phone) == 0
    assert screens.errors == []


def test_a_secretary_imports_the_list_and_staff_export_the_district_as_a_job(
    screens, demo_tree_only, settings, shot
):
    from unionhub.core.jobs import Job, JobState, run_job

    url = screens.url
    kp3 = Unit.objects.get(code="dp-10-kp-3")
    top = Unit.objects.get(code="qdtb")

    # (e) The branch secretary imports the list from the phone.
    phone = screens.phone("bithu.p10.kp3")
    phone.goto(f"{url}/units/{kp3.pk}/members/")
    phone.get_by_role("link", name="Nhập từ Excel").click()
    phone.wait_for_url(f"{url}/units/{kp3.pk}/members/import/")
    phone.locator("main input[type=file]").set_input_files(
        str(FIXTURES / "members_letterhead.xlsx")
    )
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_url(f"{url}/units/imports/*/")
    assert phone.locator(".import-counts .fs-4").all_inner_texts() == ["6", "0", "0", "0"]
    assert Member.objects.filter(unit=kp3).count() == 0  # the preview writes nothing
    phone.locator("form[action$='/confirm/'] button[type=submit]").click()
    phone.wait_for_url(f"{url}/units/{kp3.pk}/members/")
    assert phone.locator("a.list-group-item").count() == 6
    assert Member.objects.filter(unit=kp3).count() == 6
    assert overflow(phone) == 0

    # Staff export every member of the district. The list is above the job threshold, and the
    # worker is held back (a dummy task backend), so the page shows the job waiting.
    settings.JOB_EXPORT_THRESHOLD = 3
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    staff = screens.desktop("quandoan")
    staff.goto(f"{url}{top.get_absolute_url()}")
    staff.get_by_role("link", name="Đoàn viên", exact=True).click()
    staff.wait_for_url(f"{url}/units/{top.pk}/members/")
    assert "6 đoàn viên" in staff.locator("main").inner_text()
    staff.get_by_role("link", name="Xuất Excel").click()
    staff.wait_for_url(f"{url}/files/*/")
    job = Job.objects.get(user__username="quandoan")
    assert job.state == JobState.QUEUED
    progress = staff.locator("progress.job-progress")
    assert progress.is_visible()
    assert "Đang chờ xử lý" in staff.locator(".job-status").inner_text()
    shot(staff, "journey-org-export-waiting")

    # The worker runs it; the page, polling, turns into the download without a reload.
    assert run_job.call(str(job.pk)) == "done"
    download_link = staff.get_by_role("link", name="Tải về")
    download_link.wait_for(timeout=10_000)
    assert progress.count() == 0
    assert "Đã xong: 6 bản ghi." in staff.locator(".job-status").inner_text()
    assert staff.locator(".job-status[hx-get]").count() == 0  # done: it stops polling

    # Later, from the user menu: "Tệp của tôi" lists it; the file holds the six members.
    menu = staff.get_by_role("navigation", name="Điều hướng chính")
    menu.locator(".dropdown-toggle").click()
    menu.get_by_role("link", name="Tệp của tôi").click()
    staff.wait_for_url(f"{url}/files/")
    entry = staff.locator("li.list-group-item", has_text="Danh sách đoàn viên")
    assert entry.count() == 1
    assert "Hoàn tất" in entry.inner_text()
    shot(staff, "journey-org-my-files")
    with staff.expect_download() as info:
        entry.get_by_role("link", name="Tải về").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    for name in ("Nguyễn Văn An", "Võ Thị Hằng", "Lê Hoàng Cường"):
        assert name in cells, name
    job.refresh_from_db()
    assert (job.state, job.row_count) == (JobState.DONE, 6)
    assert overflow(staff) == 0
    assert screens.errors == []
