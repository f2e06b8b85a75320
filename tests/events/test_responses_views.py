"""The response form: a secretary answers for their own unit only, once, with clear errors."""

import pytest
from django.urls import reverse

from events.models import (
    Answer,
    Invitation,
    QuestionKind,
    Response,
)
from events.services import add_question
from tests.events.pages import page_url as _url
from tests.events.pages import snapshot as _snapshot

pytestmark = pytest.mark.django_db


def test_a_secretary_cannot_answer_or_reply_for_the_neighbouring_branch(
    branch_client, ward_event, tree
):
    survey = ward_event["survey"]
    a2_invitation = Invitation.objects.get(event=ward_event["event"], unit=tree.a2)
    before = _snapshot()
    url = reverse("events:respond", kwargs={"pk": survey.pk, "unit_pk": tree.a2.pk})
    assert branch_client.get(url).status_code == 404
    assert branch_client.post(url, {f"q{ward_event['text_q'].pk}": "Lén"}).status_code == 404
    assert branch_client.get(a2_invitation.get_absolute_url()).status_code == 404
    reply = reverse("events:invitation_reply", kwargs={"pk": a2_invitation.pk})
    assert branch_client.post(reply, {"attending": "no"}).status_code == 404
    assert _snapshot() == before


def test_the_response_form_saves_once_when_posted_twice(branch_client, ward_event, tree):
    url = _url("respond", ward_event)
    data = {f"q{ward_event['text_q'].pk}": "Cần sân chơi", "version": ""}
    first = branch_client.post(url, data)
    second = branch_client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Response.objects.filter(survey=ward_event["survey"], unit=tree.a1).count() == 1
    answer = Answer.objects.get(response__unit=tree.a1, question=ward_event["text_q"])
    assert answer.text == "Cần sân chơi"


def test_bad_input_on_the_response_form_shows_the_error_and_saves_nothing(
    branch_client, ward_event, ward_secretary
):
    survey = ward_event["survey"]
    scale = add_question(
        survey, by=ward_secretary, kind=QuestionKind.SCALE, text="Điểm", required=True
    )
    before = _snapshot()
    response = branch_client.post(
        _url("respond", ward_event), {f"q{scale.pk}": "7", f"q{ward_event['text_q'].pk}": "x"}
    )
    assert response.status_code == 200
    assert f"q{scale.pk}" in response.context["form"].errors
    assert _snapshot() == before


def test_a_first_submission_reads_the_survey_and_its_questions_once(
    branch_client, ward_event, tree, django_assert_max_num_queries
):
    # A conference's 117 secretaries answer in the same few minutes: each submission reads the
    # session, the user, the survey, the invitation, the role and the questions once, and writes
    # the response and its answers with their history rows (no reading back of a response just
    # made, of its answers or of the questions a second time). 15 here: under a test the
    # service's transaction is a savepoint (two statements more than in production).
    url = _url("respond", ward_event)
    branch_client.get(url)  # the form as the secretary opens it (the CSRF cookie)
    data = {f"q{ward_event['text_q'].pk}": "Cần sân chơi", "version": "0"}
    with django_assert_max_num_queries(15):
        assert branch_client.post(url, data).status_code == 302
    assert Response.objects.filter(survey=ward_event["survey"], unit=tree.a1).count() == 1
