"""Survey questions: order, options, what an answered question keeps, and deletion."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events.models import Question, QuestionKind
from events.services import (
    add_question,
    delete_question,
    move_question,
    submit_response,
    update_question,
)
from tests.events.conftest import good_answers

pytestmark = pytest.mark.django_db


def test_questions_move_up_and_down(survey, district_staff):
    q = survey.q
    move_question(q.venue, by=district_staff, up=True)
    assert list(survey.questions.values_list("pk", flat=True)[:2]) == [q.venue.pk, q.members.pk]
    move_question(q.venue, by=district_staff, up=True)  # already first: nothing moves
    move_question(q.venue, by=district_staff, up=False)
    assert list(survey.questions.values_list("pk", flat=True)[:2]) == [q.members.pk, q.venue.pk]


def test_a_choice_question_needs_two_options(survey, district_staff):
    with pytest.raises(ValidationError):
        update_question(survey.q.venue, by=district_staff, choices=["Có"])


def test_an_answered_question_cannot_be_deleted_or_lose_a_chosen_option(
    survey, tree, branch_secretary, district_staff
):
    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    with pytest.raises(ValidationError) as refused:
        delete_question(survey.q.needs, by=district_staff)
    assert refused.value.code != "conflict"
    with pytest.raises(ValidationError) as refused:
        update_question(survey.q.needs, by=district_staff, choices=["Địa điểm", "Khác"])
    assert "choices" in refused.value.message_dict
    update_question(survey.q.needs, by=district_staff, choices=["Kinh phí", "Tập huấn", "Khác"])
    assert Question.objects.get(pk=survey.q.needs.pk).choices == ["Kinh phí", "Tập huấn", "Khác"]


@pytest.mark.parametrize("who", ["branch_secretary", "ward_secretary", "outsider", None])
def test_only_those_who_run_the_survey_change_its_questions(request, survey, who):
    user = request.getfixturevalue(who) if who else None
    before = list(Question.objects.order_by("pk").values())
    for call in (
        lambda: add_question(survey, by=user, kind=QuestionKind.SHORT_TEXT, text="Lén"),
        lambda: update_question(survey.q.members, by=user, text="Sửa lén"),
        lambda: move_question(survey.q.venue, by=user, up=True),
        lambda: delete_question(survey.q.proposal, by=user),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert list(Question.objects.order_by("pk").values()) == before


def test_a_deleted_question_leaves_who_deleted_it_and_what_it_asked(survey, district_staff):
    pk = survey.q.proposal.pk
    delete_question(Question.objects.get(pk=pk), by=district_staff)  # as a page loads it
    assert not Question.objects.filter(pk=pk).exists()
    deleted = Question.history.get(id=pk, history_type="-")
    assert (deleted.text, deleted.survey_id, deleted.history_user) == (
        "Kiến nghị, đề xuất",
        survey.pk,
        district_staff,
    )


def test_a_stale_question_edit_is_refused(survey, district_staff):
    update_question(survey.q.members, by=district_staff, base_version=1, help_text="Tính đến nay")
    with pytest.raises(ValidationError) as refused:
        update_question(survey.q.members, by=district_staff, base_version=1, text="Số khác")
    assert refused.value.code == "conflict"
    assert Question.objects.get(pk=survey.q.members.pk).text == "Số đoàn viên"
