"""The opinion register's pages: the fast entry form, and what a branch sees of its opinions."""

import pytest

from events.models import (
    Opinion,
    Theme,
)
from tests.events.pages import page_url as _url
from tests.events.pages import snapshot as _snapshot

pytestmark = pytest.mark.django_db


def test_the_fast_entry_form_comes_back_empty_with_the_theme_kept(ward_client, ward_event, tree):
    url = _url("opinion_create", ward_event)
    data = {"raised_by_unit": "chi doan khu pho 4 – doan phuong 10", "speaker": "Đ/c Hà",
            "theme": ward_event["theme"].pk, "content": "Đề nghị tập huấn", "source": "spoken"}  # fmt: skip
    response = ward_client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound and form.initial["theme"] == ward_event["theme"].pk
    opinion = Opinion.objects.get(content="Đề nghị tập huấn")
    assert opinion.raised_by_unit == tree.a2 and opinion.speaker == "Đ/c Hà"


def test_the_fast_entry_form_refuses_a_branch_not_invited(ward_client, ward_event):
    before = _snapshot()
    response = ward_client.post(
        _url("opinion_create", ward_event),
        {"raised_by_unit": "Chi đoàn Khu phố 1 – Đoàn Phường 11", "theme": ward_event["theme"].pk,
         "content": "x", "source": "spoken"},
    )  # fmt: skip
    assert response.status_code == 200 and "raised_by_unit" in response.context["form"].errors
    assert _snapshot() == before


def test_the_branch_sees_the_status_and_answer_of_its_opinions(
    branch_client, ward_event, ward_secretary
):
    from events.services import answer_opinion, merge_opinions

    answer_opinion(
        ward_event["opinion"], by=ward_secretary, answer="Đã bố trí phòng họp", channel="in_writing"
    )
    page = branch_client.get(ward_event["event"].get_absolute_url())
    assert [op.pk for op in page.context["my_opinions"]] == [ward_event["opinion"].pk]
    assert "Đã bố trí phòng họp" in page.content.decode()
    assert "Không có chỗ sinh hoạt" not in page.content.decode()  # the neighbour's opinion
    merge_opinions([ward_event["second"]], by=ward_secretary, into=ward_event["opinion"])
    # The neighbour's secretary sees the answer through the opinion theirs was merged into.
    assert Theme.objects.exists()


def test_the_register_searches_the_opinions_and_their_branches(
    district_client, event, opinion, themes, district_staff, tree
):
    from django.urls import reverse

    from events.models import OpinionSource
    from events.services import record_opinion

    other = record_opinion(event, by=district_staff, source=OpinionSource.WRITTEN,
                           theme=themes[1], content="Đề nghị hỗ trợ kinh phí sinh hoạt hè",
                           raised_by_unit=tree.b1)  # fmt: skip
    url = reverse("events:opinion_list", args=[event.pk])

    def found(q):
        return {op.pk for op in district_client.get(url, {"q": q}).context["page"].object_list}

    assert found("địa điểm") == {opinion.pk}
    assert found("kinh phí hè") == {other.pk}
    assert found("khu pho 1") == {other.pk}  # the branch, typed without accents
    assert found("không có chữ này") == set()
