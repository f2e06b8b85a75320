"""Survey responses: every kind of answer, bad input, one response per unit, stale edits."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from branches.services import close_unit
from events.models import Response
from events.services import submit_response
from tests.events.conftest import good_answers

pytestmark = pytest.mark.django_db


def test_a_response_stores_each_kind_of_answer(survey, tree, branch_secretary):
    response, created = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    assert created
    answers = {a.question_id: a for a in response.answers.all()}
    q = survey.q
    assert answers[q.members.pk].number == Decimal("25")
    assert answers[q.venue.pk].choices == ["Có"]
    assert answers[q.needs.pk].choices == ["Kinh phí", "Tập huấn"]
    assert answers[q.rating.pk].number == 4
    assert answers[q.proposal.pk].text == "Đề nghị hỗ trợ kinh phí sinh hoạt hè"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"members": ""}, "members"),
        ({"members": "hai mươi"}, "members"),
        ({"rating": "6"}, "rating"),
        ({"rating": "0"}, "rating"),
        ({"rating": "2.5"}, "rating"),
        ({"venue": "Có lẽ"}, "venue"),
        ({"venue": ""}, "venue"),
        ({"needs": ["Kinh phí", "Xe buýt"]}, "needs"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(
    survey, tree, branch_secretary, change, field
):
    with pytest.raises(ValidationError) as error:
        submit_response(
            survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey, **change)
        )
    assert f"q{getattr(survey.q, field).pk}" in error.value.message_dict
    assert not Response.objects.exists()


def test_the_same_response_submitted_twice_makes_one_response(survey, tree, branch_secretary):
    first, created = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    again, created_again = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    assert created and not created_again and first.pk == again.pk
    assert Response.objects.filter(survey=survey, unit=tree.a1).count() == 1


def test_an_edit_over_a_version_it_saw_is_saved(survey, tree, branch_secretary):
    response, _ = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    submit_response(
        survey,
        by=branch_secretary,
        unit=tree.a1,
        answers=good_answers(survey, members="30"),
        base_version=response.version,
    )
    assert response.answers.get(question=survey.q.members).number == 30
    assert Response.objects.count() == 1
    assert response.history.count() == 2


def test_an_edit_over_a_version_it_did_not_see_is_refused(
    survey, tree, branch_secretary, ward_secretary
):
    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    with pytest.raises(ValidationError):
        submit_response(
            survey,
            by=ward_secretary,
            unit=tree.a1,
            answers=good_answers(survey, members="99"),
            base_version=0,
        )
    assert Response.objects.get().answers.get(question=survey.q.members).number == 25


def test_a_closed_survey_takes_no_answers(survey, tree, branch_secretary):
    survey.closes_at = timezone.now() - timedelta(seconds=1)
    survey.opens_at = survey.closes_at - timedelta(days=1)
    survey.save()
    with pytest.raises(ValidationError):
        submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    assert not Response.objects.exists()


def test_a_unit_not_invited_cannot_answer(survey, tree, district_staff):
    with pytest.raises(ValidationError):
        submit_response(survey, by=district_staff, unit=tree.g, answers=good_answers(survey))


@pytest.mark.parametrize("who", ["outsider", "branch_secretary", None])
def test_only_the_units_secretary_answers_for_it(request, survey, tree, who):
    user = request.getfixturevalue(who) if who else None
    with pytest.raises(PermissionDenied):  # the branch secretary of A1 is not A2's
        submit_response(survey, by=user, unit=tree.a2, answers=good_answers(survey))
    assert not Response.objects.exists()


def test_a_closed_unit_no_longer_answers(survey, tree, ward_secretary, district_staff):
    closed = close_unit(tree.a2, by=district_staff, closed_on=timezone.localdate())
    with pytest.raises(ValidationError):
        submit_response(survey, by=ward_secretary, unit=closed, answers=good_answers(survey))
    assert not Response.objects.exists()


def test_a_stale_edit_is_refused_naming_the_answers_that_changed(
    survey, tree, branch_secretary, ward_secretary
):
    response, _ = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    submit_response(
        survey, by=branch_secretary, unit=tree.a1, base_version=1,
        answers=good_answers(survey, members="30", needs=["Địa điểm"]),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        submit_response(
            survey, by=ward_secretary, unit=tree.a1, base_version=1,
            answers=good_answers(survey, members="99"),
        )  # fmt: skip
    message = refused.value.messages[0]
    assert refused.value.code == "conflict" and "Phạm Thị Khu" in message
    assert "Số đoàn viên: 25 → 30" in message
    assert "Chi đoàn cần hỗ trợ gì?: Kinh phí; Tập huấn → Địa điểm" in message
    assert "Mức độ hài lòng" not in message  # unchanged answers are not listed
    response.refresh_from_db()
    assert response.version == 2
    assert response.answers.get(question=survey.q.members).number == 30


def test_a_multiple_choice_limit_is_enforced(survey, tree, branch_secretary, district_staff):
    from events.services import update_question, validate_answer

    needs = survey.q.needs
    update_question(needs, by=district_staff, base_version=needs.version, max_choices=2)
    needs.refresh_from_db()
    assert validate_answer(needs, needs.choices[:2])[2] == needs.choices[:2]
    with pytest.raises(ValidationError) as refused:
        validate_answer(needs, needs.choices[:3])
    assert refused.value.code == "max_choices"
    answers = good_answers(survey) | {needs.pk: needs.choices[:3]}
    with pytest.raises(ValidationError):
        submit_response(survey, by=branch_secretary, unit=tree.a1, answers=answers)
    assert not Response.objects.exists()


@pytest.mark.parametrize("limit", [0, 3, 9])
def test_a_limit_must_leave_a_choice(survey, district_staff, limit):
    from events.services import update_question

    needs = survey.q.needs  # three options
    with pytest.raises(ValidationError):
        update_question(needs, by=district_staff, base_version=needs.version, max_choices=limit)


def test_only_a_multiple_choice_question_has_a_limit(survey, district_staff):
    from events.services import update_question

    venue = survey.q.venue
    with pytest.raises(ValidationError):
        update_question(venue, by=district_staff, base_version=venue.version, max_choices=1)
