"""Survey results kept between visits: counted again as soon as a response or a question changes,
read from the cache while nothing has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.services import submit_response, update_question
from tests.events.conftest import good_answers
from tests.events.test_results import _branches

pytestmark = pytest.mark.django_db


def _results(client, survey):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("events:survey_results", kwargs={"pk": survey.pk}))
    assert response.status_code == 200
    by = {r.question.pk: r for r in response.context["results"]}
    return by, response.context["response_count"], len(queries)


def test_a_new_or_changed_response_shows_at_once_and_nothing_is_counted_twice(
    district_client, district_staff, survey, tree
):
    first, second = _branches(tree, 2)
    venue = survey.q.venue.pk
    submit_response(survey, by=district_staff, unit=first, answers=good_answers(survey, venue="Có"))
    by, responded, counted = _results(district_client, survey)
    assert responded == 1 and by[venue].rows == [("Có", 1), ("Không", 0)]
    _by, _responded, kept = _results(district_client, survey)
    assert kept <= counted - 4  # the six counting queries were not run again
    submit_response(
        survey, by=district_staff, unit=second, answers=good_answers(survey, venue="Có")
    )
    by, responded, _n = _results(district_client, survey)
    assert responded == 2 and by[venue].rows == [("Có", 2), ("Không", 0)]
    submit_response(
        survey, by=district_staff, unit=second, answers=good_answers(survey, venue="Không"),
        base_version=1,
    )  # fmt: skip
    by, responded, _n = _results(district_client, survey)
    assert responded == 2 and by[venue].rows == [("Có", 1), ("Không", 1)]


def test_an_edited_question_shows_at_once(district_client, district_staff, survey, tree):
    (unit,) = _branches(tree, 1)
    submit_response(survey, by=district_staff, unit=unit, answers=good_answers(survey))
    _results(district_client, survey)
    question = survey.q.venue
    update_question(question, by=district_staff, choices=["Có", "Không", "Chưa rõ"])
    by, _responded, _n = _results(district_client, survey)
    assert [label for label, _count in by[question.pk].rows] == ["Có", "Không", "Chưa rõ"]


def test_the_response_rate_is_kept_until_an_answer_or_an_invitation_comes(
    district_client, district_staff, survey, tree
):
    from events.services import invite_units

    url = reverse("events:survey_rate", kwargs={"pk": survey.pk})
    before = district_client.get(url).context["rate"]
    (unit,) = _branches(tree, 1)
    invite_units(survey.event, by=district_staff, units=[unit])
    invited = district_client.get(url).context["rate"]
    assert invited.invited == before.invited + 1
    submit_response(survey, by=district_staff, unit=unit, answers=good_answers(survey))
    answered = district_client.get(url).context["rate"]
    assert answered.answered == before.answered + 1
