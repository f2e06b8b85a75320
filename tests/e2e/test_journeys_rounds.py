"""Journeys where the district asks its branches and collects the answers: a commendation round
and a survey. District staff at a 1280×800 screen, secretaries on a 390×844 phone, each in their
own browser context.

(c) Staff open a round; the branch secretary nominates Chi đoàn Khu phố 3 with the scorecard and
an evidence file; the ward secretary endorses; staff approve, issue the decision and print the
certificates (a PDF with one page per award).
(d) A branch secretary answers a survey; staff see the answer in the results and in the charts.
"""

import io
import json
import os
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from branches.models import Unit, UnitArea
from commendations.models import Decision, EvidenceFile, Nomination, NominationStatus, Round
from commendations.services.criteria import ensure_default_criteria_set
from events.models import EventKind, QuestionKind, Response
from events.services import add_question, create_event, create_survey, invite_units
from tests.e2e.conftest import label
from tests.e2e.test_phone_pages import overflow

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def message(page) -> str:
    """The flash messages the page shows (the Vietnamese confirmation of the last action)."""
    return " ".join(page.locator("main .alert").all_inner_texts())


def open_menu(page, name: str) -> None:
    """Follow a link of the main menu, opening it first on a phone."""
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    menu.get_by_role("link", name=name, exact=True).click()


def evidence_pdf(tmp_path) -> str:
    path = tmp_path / "bien-ban-sinh-hoat.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return str(path)


def test_a_commendation_round_from_nomination_to_printed_certificates(
    screens, demo_tree_only, tmp_path, shot
):
    criteria_set = ensure_default_criteria_set()
    today = timezone.localdate()
    url = screens.url
    kp3 = Unit.objects.get(code="dp-10-kp-3")

    # Staff open the round from the commendations page.
    staff = screens.desktop("quandoan")
    open_menu(staff, "Tuyên dương")
    staff.get_by_role("link", name="Mở đợt tuyên dương").click()
    staff.get_by_label("Tên đợt khen thưởng").fill("Tuyên dương chi đoàn mạnh năm 2026")
    staff.get_by_label("Năm được tuyên dương").fill(str(today.year))
    staff.get_by_label("Bộ tiêu chí").select_option(label=str(criteria_set))
    staff.get_by_label("Ngày bắt đầu").fill((today - timedelta(days=1)).isoformat())
    staff.get_by_label("Ngày kết thúc").fill((today + timedelta(days=30)).isoformat())
    staff.get_by_role("button", name="Mở đợt tuyên dương").click()
    staff.wait_for_url(f"{url}/commendations/rounds/*/")
    assert "Đã mở đợt tuyên dương." in message(staff)
    round_ = Round.objects.get(title="Tuyên dương chi đoàn mạnh năm 2026")
    assert round_.honours.count() == 3  # the three default honours, one per level

    # The branch secretary nominates the branch and fills in the scorecard on the phone.
    branch = screens.phone("bithu.p10.kp3")
    open_menu(branch, "Tuyên dương")
    branch.get_by_role("link", name="Tuyên dương chi đoàn mạnh năm 2026").click()
    branch.get_by_label("Đề nghị tuyên dương đơn vị").select_option(label="Chi đoàn Khu phố 3")
    branch.get_by_role("button", name="Đề nghị", exact=True).click()
    branch.wait_for_url(f"{url}/commendations/nominations/*/edit/")
    nomination = Nomination.objects.get(round=round_, unit=kp3)
    assert nomination.status == NominationStatus.DRAFT
    assert overflow(branch) == 0
    branch.get_by_label("Tóm tắt thành tích").fill("Duy trì sinh hoạt đều đặn hằng tháng.")
    boxes = branch.get_by_label("Đơn vị đạt tiêu chí này")
    assert boxes.count() == 9
    for box in boxes.all():
        box.check()
    n1 = branch.locator("section", has_text="N1. Nắm đoàn viên")
    n1.get_by_label("Minh chứng").fill("Sổ đoàn viên cập nhật đến tháng 11.")
    branch.get_by_role("button", name="Lưu phiếu đánh giá").click()
    branch.wait_for_url(f"{url}{nomination.get_absolute_url()}")
    assert "Đã lưu phiếu đánh giá." in message(branch)
    assert nomination.assessments.filter(self_met=True).count() == 9

    # … attaches the minutes of a meeting to N1, …
    branch.get_by_role("link", name="Điền phiếu đánh giá").click()
    n1 = branch.locator("section", has_text="N1. Nắm đoàn viên")
    n1.locator("input[type=file]").set_input_files(evidence_pdf(tmp_path))
    n1.get_by_role("button", name="Đính kèm").click()
    branch.wait_for_url(f"{url}/commendations/nominations/{nomination.pk}/edit/")
    assert "Đã đính kèm tệp." in message(branch)
    evidence = EvidenceFile.objects.get(assessment__nomination=nomination)
    assert (evidence.original_name, evidence.content_type) == (
        "bien-ban-sinh-hoat.pdf",
        "application/pdf",
    )
    assert evidence.assessment.criterion.code == "N1"
    shot(branch, "journey-rounds-scorecard")
    assert overflow(branch) == 0

    # … and sends it up.
    branch.get_by_role("link", name="Quay lại").click()
    branch.get_by_role("button", name="Gửi", exact=True).click()
    branch.wait_for_url(f"{url}{nomination.get_absolute_url()}")
    assert "Đã gửi hồ sơ đề nghị." in message(branch)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED

    # The ward secretary endorses it, from the round's board, on their phone.
    ward = screens.phone("bithu.p10")
    open_menu(ward, "Tuyên dương")
    ward.get_by_role("link", name="Tuyên dương chi đoàn mạnh năm 2026").click()
    ward.get_by_role("link", name="Chi đoàn Khu phố 3", exact=True).click()
    assert "bien-ban-sinh-hoat.pdf" in ward.locator("main").inner_text()
    ward.get_by_role("button", name="Xác nhận đề nghị và gửi lên Quận Đoàn").click()
    ward.wait_for_url(f"{url}{nomination.get_absolute_url()}")
    assert "Đã xác nhận đề nghị." in message(ward)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ENDORSED
    assert overflow(ward) == 0

    # Staff review it (the verdicts start from the self-assessment) and approve.
    staff.reload()
    staff.get_by_role("link", name="Chi đoàn Khu phố 3", exact=True).click()
    staff.get_by_role("link", name="Xét duyệt").click()
    verdicts = staff.locator("select[name^=verdict_]")
    assert verdicts.count() == 9
    assert {v.input_value() for v in verdicts.all()} == {"met"}
    staff.get_by_label(label("Duyệt")).check()
    staff.get_by_role("button", name="Lưu kết quả xét duyệt").click()
    staff.wait_for_url(f"{url}{nomination.get_absolute_url()}")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.APPROVED

    # … issue the decision …
    staff.goto(f"{url}{round_.get_absolute_url()}")
    staff.get_by_role("link", name="Ban hành quyết định (1 hồ sơ đã duyệt)").click()
    staff.get_by_label("Họ và tên người ký").fill("Nguyễn Văn Ký")
    staff.get_by_role("button", name="Ban hành", exact=True).click()
    staff.wait_for_url(f"{url}/commendations/decisions/*/")
    assert "Đã ban hành quyết định." in message(staff)
    decision = Decision.objects.get(round=round_)
    assert decision.status == "issued"
    assert decision.awards.count() == 1
    award = decision.awards.get()
    assert award.nomination == nomination
    assert award.recipient_name == "Chi đoàn Khu phố 3"
    table = staff.locator("main table").inner_text()
    assert "Chi đoàn Khu phố 3 – Đoàn Phường 10" in table and award.register_number in table
    shot(staff, "journey-rounds-decision")

    # … and print the certificates: one A4 page per award, naming the branch.
    with staff.expect_response(lambda r: "/certificates.pdf" in r.url) as answer:
        staff.get_by_role("link", name="Tất cả giấy khen (PDF)").click()
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == "application/pdf"
    # Chromium shows the PDF in its viewer; the same request, with the same session, gives the
    # bytes to count the pages of.
    pdf = staff.context.request.get(answer.value.url)
    assert pdf.ok
    reader = PdfReader(io.BytesIO(pdf.body()))
    assert len(reader.pages) == decision.awards.count() == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "GIẤY KHEN" in text and "Chi đoàn Khu phố 3" in text
    assert award.register_number in text
    page_box = reader.pages[0].mediabox
    assert page_box.width > page_box.height  # landscape
    assert screens.errors == []


def test_a_branch_answers_a_survey_and_staff_see_it_in_the_results_and_the_charts(
    screens, demo_tree_only, shot
):
    staff_user = get_user_model().objects.get(username="quandoan")
    top = Unit.objects.get(code="qdtb")
    kp3 = Unit.objects.get(code="dp-10-kp-3")
    now = timezone.now()
    event = create_event(
        by=staff_user, organiser=top, kind=EventKind.TRAINING,
        title="Tập huấn Bí thư chi đoàn khu phố Phường 10", starts_at=now + timedelta(days=14),
        venue="Hội trường Quận Đoàn",
    )  # fmt: skip
    invite_units(
        event, by=staff_user, units=Unit.objects.filter(parent=kp3.parent, area=UnitArea.NEIGHBOURHOOD)
    )  # fmt: skip
    survey = create_survey(
        event, by=staff_user, title="Phiếu đăng ký tập huấn",
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7),
    )  # fmt: skip
    how_long = add_question(
        survey, by=staff_user, kind=QuestionKind.SINGLE_CHOICE, required=True,
        text="Đồng chí làm Bí thư được bao lâu?",
        choices=["Dưới 1 năm", "Từ 1 đến 3 năm", "Trên 3 năm"],
    )  # fmt: skip
    topics = add_question(
        survey, by=staff_user, kind=QuestionKind.MULTIPLE_CHOICE, required=True,
        text="Nội dung muốn được tập huấn",
        choices=["Tổ chức sinh hoạt", "Vận động thanh niên", "Quản lý đoàn viên"],
    )  # fmt: skip
    add_question(survey, by=staff_user, kind=QuestionKind.NUMBER, text="Số đoàn viên")
    add_question(
        survey, by=staff_user, kind=QuestionKind.LONG_TEXT, text="Câu hỏi gửi báo cáo viên"
    )
    url = screens.url

    # The branch secretary finds the survey from the event, on the phone, and answers it.
    phone = screens.phone("bithu.p10.kp3")
    open_menu(phone, "Sự kiện")
    phone.get_by_role("link", name="Tập huấn Bí thư chi đoàn khu phố Phường 10").click()
    phone.get_by_role("link", name="Trả lời “Phiếu đăng ký tập huấn”").click()
    phone.wait_for_url(f"{url}/events/surveys/{survey.pk}/answer/{kp3.pk}/")
    phone.get_by_label("Từ 1 đến 3 năm").check()
    phone.get_by_label("Vận động thanh niên").check()
    phone.get_by_label("Quản lý đoàn viên").check()
    phone.get_by_label("Số đoàn viên").fill("14")
    phone.get_by_label("Câu hỏi gửi báo cáo viên").fill("Làm sao giữ chân đoàn viên đi làm xa?")
    shot(phone, "journey-rounds-survey-answer")
    assert overflow(phone) == 0
    phone.get_by_role("button", name="Gửi câu trả lời").click()
    phone.wait_for_url(f"{url}/events/surveys/{survey.pk}/answer/{kp3.pk}/")
    assert "Cảm ơn" in message(phone)
    response = Response.objects.get(survey=survey, unit=kp3)
    answers = {a.question.text: a for a in response.answers.select_related("question")}
    assert answers["Đồng chí làm Bí thư được bao lâu?"].choices == ["Từ 1 đến 3 năm"]
    assert sorted(answers["Nội dung muốn được tập huấn"].choices) == [
        "Quản lý đoàn viên",
        "Vận động thanh niên",
    ]
    assert answers["Số đoàn viên"].number == 14
    # Sent again, the form keeps the answers: the button now saves changes.
    assert phone.get_by_label("Từ 1 đến 3 năm").is_checked()
    assert phone.get_by_role("button", name="Lưu thay đổi").count() == 1

    # Staff open the results from the event page.
    staff = screens.desktop("quandoan")
    open_menu(staff, "Sự kiện")
    staff.get_by_role("link", name="Tập huấn Bí thư chi đoàn khu phố Phường 10").click()
    staff.get_by_role("link", name="Kết quả", exact=True).click()
    staff.wait_for_url(f"{url}/events/surveys/{survey.pk}/results/")
    main = staff.locator("main").inner_text()
    assert "1 đơn vị đã trả lời." in main
    assert "Thấp nhất 14, cao nhất 14, trung bình 14" in main
    assert "Chi đoàn Khu phố 3" in main and "Làm sao giữ chân đoàn viên đi làm xa?" in main

    # The charts' data, as the page carries it, and as Chart.js drew it.
    charts = json.loads(staff.locator("#event-charts").text_content())
    first = charts[f"chart-{how_long.pk}"]
    assert dict(zip(first["labels"], first["counts"], strict=True)) == {
        "Dưới 1 năm": 0,
        "Từ 1 đến 3 năm": 1,
        "Trên 3 năm": 0,
    }
    second = charts[f"chart-{topics.pk}"]
    assert dict(zip(second["labels"], second["counts"], strict=True)) == {
        "Tổ chức sinh hoạt": 0,
        "Vận động thanh niên": 1,
        "Quản lý đoàn viên": 1,
    }
    drawn = staff.evaluate(
        """(key) => {
          const chart = Chart.getChart(document.querySelector(`canvas[data-chart="${key}"]`));
          return chart ? chart.data.datasets[0].data : null;
        }""",
        f"chart-{how_long.pk}",
    )
    assert drawn == [0, 1, 0]
    shot(staff, "journey-rounds-survey-results")
    assert overflow(staff) == 0
    assert screens.errors == []
