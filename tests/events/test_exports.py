"""Files out and read-only pages: the response rate, the results and their Excel, the register,
the digest PDF; and the same number of queries for 3 rows and for 300."""

import shutil
import subprocess
from io import BytesIO

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from branches.models import UnitArea, UnitLevel
from events.exports import TICK
from events.models import AnswerChannel, Invitation, OpinionSource
from events.results import response_rate
from events.services import (
    answer_opinion,
    check_in,
    forward_opinion,
    invite_neighbourhood_branches,
    invite_units,
    merge_opinions,
    record_opinion,
    submit_response,
)
from tests.events.conftest import good_answers
from tests.factories import make_unit
from unionhub.core.exportlog import ExportLog
from unionhub.core.exports import EXPORTERS

pytestmark = pytest.mark.django_db


def test_the_response_rate_and_the_not_answered_list_for_a_known_fixture(
    survey, tree, branch_secretary, outsider, district_staff
):
    invite_units(survey.event, by=district_staff, units=[tree.g])
    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    rate = response_rate(survey)
    assert (rate.invited, rate.answered, rate.missing, rate.percent) == (4, 1, 3, 25)
    groups = {g.parent: ([u.name for u in g.missing], g.answered, g.invited) for g in rate.groups}
    assert groups == {
        "Đoàn Phường 10": (["Chi đoàn Khu phố 4"], 1, 2),
        "Đoàn Phường 11": (["Chi đoàn Khu phố 1"], 0, 1),
        "Chi đoàn Công an Quận": (["Chi đoàn Công an Quận"], 0, 1),
    }
    assert "Chi đoàn Khu phố 4" in rate.reminder and "Chi đoàn Khu phố 3" not in rate.reminder
    assert survey.closes_at.astimezone().strftime("%d/%m/%Y") in rate.reminder


def test_the_rate_page_shows_the_missing_units(district_client, survey, tree, branch_secretary):
    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    page = district_client.get(reverse("events:survey_rate", kwargs={"pk": survey.pk}))
    rate = page.context["rate"]
    assert (rate.invited, rate.answered) == (3, 1)
    assert "Chi đoàn Khu phố 4" in page.content.decode()


def test_the_results_export_has_one_row_per_responding_unit(
    district_client, survey, tree, branch_secretary, outsider
):
    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    submit_response(
        survey, by=outsider, unit=tree.b1,
        answers=good_answers(survey, needs=["Địa điểm"], proposal="=HYPERLINK(\"x\")"),
    )  # fmt: skip
    response = district_client.get(reverse("events:survey_results_xlsx", kwargs={"pk": survey.pk}))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 2
    assert [row[1] for row in body] == ["Chi đoàn Khu phố 3", "Chi đoàn Khu phố 1"]
    needs = [f"Chi đoàn cần hỗ trợ gì?: {o}" for o in ("Kinh phí", "Địa điểm", "Tập huấn")]
    columns = [header.index(h) for h in needs]
    assert [body[0][c] for c in columns] == [TICK, None, TICK]
    assert [body[1][c] for c in columns] == [None, TICK, None]
    assert body[0][header.index("Số đoàn viên")] == 25
    assert body[1][header.index("Kiến nghị, đề xuất")] == '=HYPERLINK("x")'


def _many_opinions(event, themes, units, by, n):
    for i in range(n):
        op = record_opinion(
            event, by=by, source=OpinionSource.SPOKEN, theme=themes[i % 8],
            content=f"Ý kiến số {i}", raised_by_unit=units[i % len(units)],
        )  # fmt: skip
        if i % 3 == 0:
            answer_opinion(op, by=by, answer=f"Trả lời {i}", channel=AnswerChannel.AT_CONFERENCE)


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session also records the session's activity
    cache.clear()  # the results counted, not read from the cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_register_runs_the_same_queries_for_3_and_300_opinions(
    district_client, event, themes, tree, district_staff, django_assert_num_queries
):
    units = [tree.a1, tree.a2, tree.b1]
    url = reverse("events:opinion_list", kwargs={"pk": event.pk})
    _many_opinions(event, themes, units, district_staff, 3)
    few = _queries(district_client, url)
    _many_opinions(event, themes, units, district_staff, 297)
    with django_assert_num_queries(few):
        page = district_client.get(url, {"page": 1})
    assert page.context["page"].paginator.count == 300
    xlsx = reverse("events:opinion_xlsx", kwargs={"pk": event.pk})
    many_xlsx = _queries(district_client, xlsx)
    assert many_xlsx <= few + 5


def test_the_results_run_the_same_queries_for_3_and_300_responses(
    district_client, survey, tree, district_staff, django_assert_num_queries
):
    ward = tree.a
    units = [
        make_unit(ward, UnitLevel.BRANCH, f"Chi đoàn Tổ {i}", area=UnitArea.NEIGHBOURHOOD)
        for i in range(300)
    ]
    invite_neighbourhood_branches(survey.event, by=district_staff)
    results = reverse("events:survey_results", kwargs={"pk": survey.pk})
    export = reverse("events:survey_results_xlsx", kwargs={"pk": survey.pk})
    rate = reverse("events:survey_rate", kwargs={"pk": survey.pk})
    for unit in units[:3]:
        submit_response(survey, by=district_staff, unit=unit, answers=good_answers(survey))
    counts = [_queries(district_client, url) for url in (results, export, rate)]
    for unit in units[3:]:
        submit_response(survey, by=district_staff, unit=unit, answers=good_answers(survey))
    for url, few in zip((results, export, rate), counts, strict=True):
        with django_assert_num_queries(few):
            district_client.get(url)
    page = district_client.get(results)
    assert page.context["response_count"] == 300
    assert page.context["charts"][f"chart-{survey.q.needs.pk}"]["counts"] == [300, 0, 300]


def test_the_digest_holds_every_answered_opinion_under_its_theme(
    district_client, event, themes, tree, district_staff, tmp_path
):
    answered = []
    for theme, unit, content, reply in [
        (themes[0], tree.a1, "Khu phố chưa có điểm sinh hoạt thanh niên", "Quận Đoàn đề xuất UBND phường bố trí nhà văn hóa khu phố."),
        (themes[4], tree.b1, "Đề nghị xem xét phụ cấp cho Bí thư chi đoàn khu phố", "Ban Thường vụ ghi nhận, kiến nghị Quận ủy xem xét."),
        (themes[4], tree.a2, "Bí thư kiêm nhiệm nhiều việc, chưa có chế độ hỗ trợ", "Đã trả lời bằng văn bản số 12-CV/QĐTB."),
    ]:  # fmt: skip
        op = record_opinion(event, by=district_staff, source=OpinionSource.SPOKEN, theme=theme,
                            content=content, raised_by_unit=unit)  # fmt: skip
        answer_opinion(op, by=district_staff, answer=reply, channel=AnswerChannel.AT_CONFERENCE)
        answered.append((theme.name, content, reply))
    unanswered = record_opinion(event, by=district_staff, source=OpinionSource.WRITTEN,
                                theme=themes[1], content="Ý kiến chưa được trả lời")  # fmt: skip
    forwarded = record_opinion(event, by=district_staff, source=OpinionSource.WRITTEN,
                               theme=themes[7], content="Đề nghị sửa đèn đường hẻm 45")  # fmt: skip
    forward_opinion(forwarded, by=district_staff, forwarded_to="UBND Phường 10")
    dup = record_opinion(event, by=district_staff, source=OpinionSource.SPOKEN, theme=themes[0],
                         content="Trùng lặp", raised_by_unit=tree.a2)  # fmt: skip
    merge_opinions([dup], by=district_staff, into=unanswered)

    response = district_client.get(reverse("events:digest_pdf", kwargs={"pk": event.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "TỔNG HỢP Ý KIẾN VÀ TRẢ LỜI" in flat
    headings = {name: flat.index(name.upper()) for name, _c, _r in answered}
    for theme_name, content, reply in answered:
        start = headings[theme_name]
        later = [pos for pos in headings.values() if pos > start] + [len(flat)]
        section = flat[start : min(later)]
        assert content in section, content
        assert reply in section, reply
    assert "Ý kiến chưa được trả lời" not in flat
    assert "Đã chuyển đến: UBND Phường 10" in flat
    (tmp_path / "digest.pdf").write_bytes(response.content)


def test_the_digest_carries_its_number_the_event_date_and_the_signature_block(
    district_client, event, tree, district_staff
):
    from datetime import datetime

    from django.utils import timezone

    from branches.models import Unit
    from events.models import Event

    Unit.objects.filter(pk=tree.top.pk).update(issuer_code="QĐTB", place_name="Tân Bình")
    held = timezone.make_aware(datetime(2021, 4, 6, 8, 0))
    Event.objects.filter(pk=event.pk).update(
        starts_at=held, ends_at=held, digest_number=25, digest_signer_name="Trần Quốc Mẫu"
    )
    response = district_client.get(reverse("events:digest_pdf", kwargs={"pk": event.pk}))
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    for expected in ("Số: 25-BC/QĐTB", "Tân Bình, ngày 06 tháng 4 năm 2021", "TM. BAN THƯỜNG VỤ",
                     "BÍ THƯ", "Trần Quốc Mẫu"):  # fmt: skip
        assert expected in flat, expected


def test_the_sign_in_sheet_and_attendance_list(district_client, event, guest, district_staff):
    invitation = Invitation.objects.filter(event=event, unit__isnull=False).first()
    check_in(invitation, by=district_staff)
    pdf = district_client.get(reverse("events:sign_in_sheet", kwargs={"pk": event.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Ký tên" in text and "Nguyễn Văn Khách" in text and "Chi đoàn Khu phố 4" in text
    xlsx = district_client.get(reverse("events:attendance_xlsx", kwargs={"pk": event.pk}))
    rows = list(load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    assert rows[1][1] == "Nguyễn Văn Khách"
    assert sum(1 for row in rows[1:] if row[5] == TICK) == 1


# --- every exporter: one log row, an RFC 6266 header, 404 for outsiders --------------------

# identifier -> (URL name, the keyword the exporter takes, which object it is about)
EXPORT_CASES = {
    "events.attendance": ("attendance_xlsx", "event", "event"),
    "events.sign_in_sheet": ("sign_in_sheet", "event", "event"),
    "events.survey_results": ("survey_results_xlsx", "survey", "survey"),
    "events.opinion_register": ("opinion_xlsx", "event", "event"),
    "events.opinion_digest": ("digest_pdf", "event", "event"),
}


def test_every_events_exporter_has_a_case():
    assert {name for name in EXPORTERS if name.startswith("events.")} == set(EXPORT_CASES)


@pytest.fixture
def filled(survey, opinion, guest, tree, branch_secretary, district_staff):
    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    answer_opinion(opinion, by=district_staff, answer="Đã trả lời", channel="at_conference")
    return {"event": survey.event, "survey": survey}


@pytest.mark.parametrize("identifier", sorted(EXPORT_CASES))
def test_each_download_writes_one_export_log_row_and_names_the_file_in_ascii_and_utf8(
    district_client, district_staff, filled, identifier
):
    url_name, _param, key = EXPORT_CASES[identifier]
    exporter = EXPORTERS[identifier]
    before = ExportLog.objects.count()
    response = district_client.get(reverse(f"events:{url_name}", kwargs={"pk": filled[key].pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == exporter.content_type
    assert ExportLog.objects.count() == before + 1
    log = ExportLog.objects.order_by("-pk").first()
    assert (log.user, log.unit, log.file_format) == (
        district_staff,
        filled["event"].organiser,
        exporter.file_format,
    )
    assert log.row_count >= 1 and log.detail
    header = response["Content-Disposition"]
    assert header.isascii() and "filename*=UTF-8''" in header, header
    assert "%E2%80%93" in header  # the "–" of the file name, which Django used to MIME-encode


@pytest.mark.parametrize("identifier", sorted(EXPORT_CASES))
def test_an_outsider_gets_404_from_every_exporter_and_nothing_is_logged(
    outsider, branch_secretary, filled, identifier
):
    _url_name, param, key = EXPORT_CASES[identifier]
    for user in (outsider, branch_secretary):
        with pytest.raises(Http404):
            EXPORTERS[identifier](user=user, **{param: filled[key].pk})
    assert not ExportLog.objects.exists()


def test_the_rate_page_pages_its_groups_and_the_reminder_counts_when_too_many_to_name(
    district_client, survey, tree, branch_secretary, district_staff, monkeypatch
):
    from events import results

    invite_units(survey.event, by=district_staff, units=[tree.g])
    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    monkeypatch.setattr(results, "RATE_GROUPS_PER_PAGE", 2)
    url = reverse("events:survey_rate", kwargs={"pk": survey.pk})
    first = district_client.get(url).context["rate"]
    second = district_client.get(url, {"page": 2}).context["rate"]
    assert [g.parent for g in first.groups] == ["Chi đoàn Công an Quận", "Đoàn Phường 10"]
    assert [(g.parent, g.answered, g.invited) for g in second.groups] == [("Đoàn Phường 11", 0, 1)]
    assert (second.invited, second.answered) == (4, 1)  # the whole survey on every page
    assert [u.name for u in second.groups[0].missing] == ["Chi đoàn Khu phố 1"]
    monkeypatch.setattr(results, "REMINDER_NAMES", 2)
    cache.clear()  # the rate is kept for the same data: counted again under the new limits
    reminder = response_rate(survey).reminder
    assert "- Đoàn Phường 10: 1 đơn vị" in reminder and "Khu phố 4" not in reminder
    monkeypatch.setattr(results, "REMINDER_GROUPS", 1)
    cache.clear()
    reminder = response_rate(survey).reminder
    assert reminder.count("\n- ") == 2  # the union most behind, then the others summed
    assert "- và 2 đoàn cơ sở khác: 2 đơn vị" in reminder
