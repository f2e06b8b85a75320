"""Survey results counted by the database: options, scale, numbers and the latest free texts; and
the free-text answers page, paged and filtered."""

import pytest
from django.urls import reverse

from branches.models import UnitArea, UnitLevel
from events.results import LATEST_TEXTS, survey_results
from events.services import submit_response
from events.views.surveys import ANSWERS_PER_PAGE
from tests.events.conftest import good_answers
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _branches(tree, n):
    return [
        make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn Tổ {i}", area=UnitArea.NEIGHBOURHOOD)
        for i in range(n)
    ]


def test_the_results_count_each_option_number_and_text_of_a_known_fixture(
    survey, tree, district_staff
):
    units = _branches(tree, 4)
    answers = [
        good_answers(survey, members="10", venue="Có", needs=["Kinh phí"], rating="5"),
        good_answers(survey, members="20", venue="Không", needs=[], rating="3", proposal=""),
        good_answers(survey, members="35", venue="Có", needs=["Kinh phí", "Địa điểm"], rating=""),
        good_answers(
            survey,
            members="1",
            venue="Có",
            needs=["Tập huấn"],
            rating="5",
            proposal="Xin thêm sân chơi",
        ),  # fmt: skip
    ]
    for unit, given in zip(units, answers, strict=True):
        submit_response(survey, by=district_staff, unit=unit, answers=given)
    results, responded = survey_results(survey)
    by = {r.question.pk: r for r in results}
    q = survey.q
    assert responded == 4
    assert by[q.venue.pk].rows == [("Có", 3), ("Không", 1)]
    assert by[q.needs.pk].rows == [("Kinh phí", 2), ("Địa điểm", 1), ("Tập huấn", 1)]
    assert by[q.needs.pk].answered == 3  # nothing ticked is no answer
    assert by[q.rating.pk].counts == [0, 0, 1, 0, 2]
    assert (by[q.rating.pk].answered, by[q.rating.pk].average) == (3, "4.33")
    members = by[q.members.pk]
    assert (members.minimum, members.maximum, members.average) == ("1", "35", "16.5")
    proposal = by[q.proposal.pk]
    assert proposal.answered == 3
    assert sorted(text for _unit, text in proposal.texts) == [
        "Xin thêm sân chơi", "Đề nghị hỗ trợ kinh phí sinh hoạt hè",
        "Đề nghị hỗ trợ kinh phí sinh hoạt hè",
    ]  # fmt: skip
    assert not proposal.more_texts


def test_the_results_page_shows_the_latest_texts_and_links_to_every_answer(
    district_client, survey, tree, district_staff
):
    for i, unit in enumerate(_branches(tree, LATEST_TEXTS + 2)):
        submit_response(survey, by=district_staff, unit=unit,
                        answers=good_answers(survey, proposal=f"Kiến nghị số {i}"))  # fmt: skip
    page = district_client.get(reverse("events:survey_results", kwargs={"pk": survey.pk}))
    proposal = next(r for r in page.context["results"] if r.question == survey.q.proposal)
    assert len(proposal.texts) == LATEST_TEXTS and proposal.more_texts
    assert f"Kiến nghị số {LATEST_TEXTS + 1}" in {text for _unit, text in proposal.texts}
    answers = reverse("events:survey_answers", kwargs={"pk": survey.pk})
    assert f"{answers}?question={survey.q.proposal.pk}" in page.content.decode()


def test_the_answers_page_is_paged_and_filtered_by_words_and_unit(
    district_client, survey, tree, district_staff
):
    units = _branches(tree, ANSWERS_PER_PAGE + 5)
    for i, unit in enumerate(units):
        text = "Cần sân bóng đá mini" if i == 7 else f"Kiến nghị số {i}"
        submit_response(survey, by=district_staff, unit=unit,
                        answers=good_answers(survey, proposal=text))  # fmt: skip
    url = reverse("events:survey_answers", kwargs={"pk": survey.pk})
    first = district_client.get(url)
    assert first.context["page"].paginator.count == ANSWERS_PER_PAGE + 5
    assert len(first.context["page"].object_list) == ANSWERS_PER_PAGE
    assert len(district_client.get(url, {"page": 2}).context["page"].object_list) == 5
    words = district_client.get(url, {"q": "sân bóng"})
    assert [a.text for a in words.context["page"].object_list] == ["Cần sân bóng đá mini"]
    by_unit = district_client.get(url, {"q": "chi doan to 12"})
    assert [a.response.unit.name for a in by_unit.context["page"].object_list] == ["Chi đoàn Tổ 12"]
    none = district_client.get(url, {"q": "không có chữ này"})
    assert "Không có câu trả lời nào khớp." in none.content.decode()


def test_ticked_answers_go_to_the_register_and_the_filter_is_kept(
    district_client, survey, tree, district_staff, themes
):
    for i, unit in enumerate(_branches(tree, 3)):
        submit_response(survey, by=district_staff, unit=unit,
                        answers=good_answers(survey, proposal=f"Kiến nghị số {i}"))  # fmt: skip
    url = reverse("events:survey_answers", kwargs={"pk": survey.pk})
    answer = district_client.get(url, {"q": "số 2"}).context["page"].object_list[0]
    response = district_client.post(
        f"{url}?q=s%E1%BB%91+2", {"answers": [answer.pk], "theme": themes[0].pk}
    )
    assert response.status_code == 302 and response.url == f"{url}?q=s%E1%BB%91+2"
    assert answer.opinions.get().content == "Kiến nghị số 2"
