"""The survey's history page: deleting a question leaves who deleted it, when, and what it asked."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from events.services import update_question, update_survey

pytestmark = pytest.mark.django_db


def test_a_deleted_question_stays_in_the_survey_history_with_who_and_when(
    district_client, survey, district_staff
):
    question = survey.q.proposal
    delete = reverse("events:question_delete", kwargs={"pk": question.pk})
    assert district_client.post(delete, {"version": question.version}).status_code == 302
    assert not survey.questions.filter(pk=question.pk).exists()

    page = district_client.get(reverse("events:survey_history", kwargs={"pk": survey.pk}))

    assert page.status_code == 200
    latest = page.context["entries"][0]
    assert (latest.what, latest.subject, latest.by) == (
        _("Question deleted"),
        "Kiến nghị, đề xuất",
        district_staff.display_name,
    )
    assert "Kiến nghị, đề xuất" in page.content.decode()


def test_the_history_shows_what_changed_in_the_survey_and_its_questions(
    district_client, survey, district_staff
):
    update_survey(survey, by=district_staff, title="Phiếu khảo sát đã đổi tên")
    update_question(survey.q.members, by=district_staff, text="Số đoàn viên nữ")
    page = district_client.get(reverse("events:survey_history", kwargs={"pk": survey.pk}))
    entries = page.context["entries"]
    changes = [change for entry in entries for change in entry.changes]
    assert any("Số đoàn viên → Số đoàn viên nữ" in change for change in changes), changes
    assert any("Phiếu khảo sát thử → Phiếu khảo sát đã đổi tên" in c for c in changes), changes
    assert {entry.what for entry in entries} >= {
        _("Survey created"),
        _("Survey changed"),
        _("Question added"),
        _("Question changed"),
    }


def test_a_stale_delete_button_is_refused(district_client, survey, district_staff):
    question = survey.q.proposal
    stale = question.version
    update_question(question, by=district_staff, help_text="Ghi rõ đề xuất")
    delete = reverse("events:question_delete", kwargs={"pk": question.pk})
    response = district_client.post(delete, {"version": stale}, follow=True)
    assert survey.questions.filter(pk=question.pk).exists()
    assert any("Ghi rõ đề xuất" in str(m) for m in response.context["messages"])
