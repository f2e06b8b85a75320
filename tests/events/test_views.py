"""Every events URL: anonymous → login, wrong method → 405, outsider → 404 (and no change), and the
people allowed get through with the same request."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import urls as event_urls
from events.models import (
    Answer,
    Event,
    EventKind,
    Invitation,
    Opinion,
    OpinionSource,
    Question,
    QuestionKind,
    Response,
    Survey,
    Theme,
)
from events.services import (
    add_question,
    create_event,
    create_survey,
    invite_guest,
    invite_neighbourhood_branches,
    record_opinion,
    submit_response,
)

pytestmark = pytest.mark.django_db

GET_ONLY = {
    "event_list", "event", "invitation_list", "checkin", "attendance_xlsx", "sign_in_sheet",
    "invitation", "scan", "survey", "survey_rate", "survey_results", "survey_results_xlsx",
    "survey_history", "opinion_list", "opinion_xlsx", "digest_pdf", "opinion",
}  # fmt: skip
POST_ONLY = {
    "invite_branches", "invitation_reply", "invitation_tick", "question_move", "question_delete",
    "opinion_merge", "opinion_assign", "opinion_answer", "opinion_forward", "opinion_status",
}  # fmt: skip
NO_ID = {"event_list", "event_create", "theme_list"}
DISTRICT_ONLY = {"theme_list", "theme_edit"}
ALL_NAMES = sorted(p.name for p in event_urls.urlpatterns)


def test_the_lists_below_cover_every_url():
    names = set(ALL_NAMES)
    assert names >= GET_ONLY | POST_ONLY
    assert len(names) == 40


@pytest.fixture
def ward_event(tree, ward_secretary, themes):
    """A training organised by Đoàn Phường 10, inviting its two neighbourhood branches."""
    event = create_event(
        by=ward_secretary, organiser=tree.a, kind=EventKind.TRAINING,
        title="Tập huấn Phường 10", starts_at=timezone.now() + timedelta(days=5),
    )  # fmt: skip
    invite_neighbourhood_branches(event, by=ward_secretary)
    guest = invite_guest(event, by=ward_secretary, name="Nguyễn Văn Khách")
    now = timezone.now()
    survey = create_survey(
        event, by=ward_secretary, title="Khảo sát P10",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=2),
    )  # fmt: skip
    text_q = add_question(survey, by=ward_secretary, kind=QuestionKind.LONG_TEXT, text="Đề xuất")
    spare_q = add_question(survey, by=ward_secretary, kind=QuestionKind.SHORT_TEXT, text="Ghi chú")
    response, _ = submit_response(
        survey, by=ward_secretary, unit=tree.a2, answers={text_q.pk: "Cần thêm kinh phí"}
    )
    first = record_opinion(
        event, by=ward_secretary, source=OpinionSource.SPOKEN, theme=themes[0],
        content="Thiếu địa điểm", raised_by_unit=tree.a1,
    )  # fmt: skip
    second = record_opinion(
        event, by=ward_secretary, source=OpinionSource.SPOKEN, theme=themes[0],
        content="Không có chỗ sinh hoạt", raised_by_unit=tree.a2,
    )  # fmt: skip
    return {
        "event": event,
        "invitation": Invitation.objects.get(event=event, unit=tree.a1),
        "guest": guest,
        "survey": survey,
        "question": spare_q,
        "text_q": text_q,
        "answer": Answer.objects.get(response=response, question=text_q),
        "opinion": first,
        "second": second,
        "unit": tree.a1,
        "theme": themes[1],
    }


def _url(name: str, objs: dict) -> str:
    kind = {
        "event_list": None,
        "event_create": None,
        "theme_list": None,
        "theme_edit": "theme",
        "invitation": "invitation",
        "invitation_reply": "invitation",
        "invitation_tick": "invitation",
        "scan": "code",
        "survey": "survey",
        "survey_edit": "survey",
        "survey_history": "survey",
        "question_create": "survey",
        "survey_rate": "survey",
        "survey_results": "survey",
        "survey_results_xlsx": "survey",
        "survey_answers": "survey",
        "respond": "respond",
        "question_edit": "question",
        "question_move": "question",
        "question_delete": "question",
        "opinion": "opinion",
        "opinion_edit": "opinion",
        "opinion_assign": "opinion",
        "opinion_answer": "opinion",
        "opinion_forward": "opinion",
        "opinion_status": "opinion",
    }.get(name, "event")
    if kind is None:
        return reverse(f"events:{name}")
    if kind == "code":
        return reverse("events:scan", kwargs={"code": objs["invitation"].code})
    if kind == "respond":
        return reverse(
            "events:respond", kwargs={"pk": objs["survey"].pk, "unit_pk": objs["unit"].pk}
        )
    return reverse(f"events:{name}", kwargs={"pk": objs[kind].pk})


def _payload(name: str, objs: dict, tree, runner) -> dict:
    now = timezone.localtime()
    opinion = objs["opinion"]
    version = Opinion.objects.get(pk=opinion.pk).version

    def current(key: str) -> int:
        record = objs[key]
        return type(record).objects.get(pk=record.pk).version

    return {
        "event_create": {"organiser": tree.a.pk, "kind": "meeting", "title": "Họp lén",
                         "starts_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
        "event_edit": {"kind": "training", "title": "Đã đổi tên",
                       "starts_at": (now + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
                       "version": current("event")},
        "theme_list": {"name": "Chủ đề lén", "order": 9, "active": "on"},
        "theme_edit": {"name": "Tên lén", "order": 1, "active": "on", "version": current("theme")},
        "guest_create": {"name": "Khách lén"},
        "invitation_reply": {"attending": "yes", "version": current("invitation")},
        "survey_create": {"title": "Khảo sát lén",
                          "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
                          "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
        "survey_edit": {"title": "Đổi tên khảo sát",
                        "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
                        "closes_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
                        "version": current("survey")},
        "question_create": {"kind": "short_text", "text": "Câu lén"},
        "question_edit": {"kind": "short_text", "text": "Câu đã sửa",
                          "version": current("question")},
        "question_move": {"direction": "up"},
        "respond": {f"q{objs['text_q'].pk}": "Trả lời lén", "version": ""},
        "survey_answers": {"answers": [objs["answer"].pk], "theme": objs["theme"].pk},
        "opinion_create": {"raised_by_unit": "Chi đoàn Khu phố 3 – Đoàn Phường 10",
                           "theme": objs["theme"].pk, "content": "Ý kiến lén", "source": "spoken"},
        "opinion_merge": {"originals": [objs["second"].pk], "into": opinion.pk},
        "opinion_edit": {"raised_by_unit": tree.a1.pk, "speaker": "", "theme": objs["theme"].pk,
                         "content": "Đã sửa", "addressee": "", "addressee_detail": "",
                         "version": version},
        "opinion_assign": {"assignee": runner.pk, "version": version},
        "opinion_answer": {"channel": "at_conference", "answer": "Trả lời", "version": version},
        "opinion_forward": {"forwarded_to": "UBND Phường 10", "version": version},
        "opinion_status": {"action": "close", "version": version},
    }.get(name, {})  # fmt: skip


def _snapshot() -> tuple:
    return tuple(
        list(model.objects.order_by("pk").values())
        for model in (Event, Invitation, Survey, Question, Response, Answer, Opinion, Theme)
    )


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_user_is_sent_to_login(client, ward_event, name, method):
    url = _url(name, ward_event)
    before = _snapshot()
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert _snapshot() == before


@pytest.mark.parametrize("name", ALL_NAMES)
def test_a_wrong_method_gets_405(ward_client, ward_event, name):
    url = _url(name, ward_event)
    before = _snapshot()
    if name in GET_ONLY:
        assert ward_client.post(url).status_code == 405
    elif name in POST_ONLY:
        assert ward_client.get(url).status_code == 405
    else:
        assert ward_client.put(url).status_code == 405
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(set(ALL_NAMES) - NO_ID))
def test_outsider_gets_404_on_every_url_of_another_unions_event(
    outsider_client, ward_event, tree, ward_secretary, name
):
    url = _url(name, ward_event)
    before = _snapshot()
    get = outsider_client.get(url)
    post = outsider_client.post(url, _payload(name, ward_event, tree, ward_secretary))
    assert get.status_code == (405 if name in POST_ONLY else 404)
    assert post.status_code == (405 if name in GET_ONLY else 404)
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(set(ALL_NAMES) - GET_ONLY - DISTRICT_ONLY))
def test_the_organiser_gets_through_with_the_same_post(
    ward_client, ward_event, tree, ward_secretary, name
):
    # The counterpart of the test above: the same POST changes something for the organiser,
    # so the 404s come from the permission check and not from a broken payload.
    url = _url(name, ward_event)
    before = _snapshot()
    response = ward_client.post(url, _payload(name, ward_event, tree, ward_secretary))
    assert response.status_code in (200, 302), response.content[:2000]
    if name not in ("invite_branches", "invitation_tick"):
        assert _snapshot() != before, name


@pytest.mark.parametrize("name", sorted(GET_ONLY))
def test_the_organiser_sees_every_page(ward_client, ward_event, name):
    assert ward_client.get(_url(name, ward_event)).status_code == 200


@pytest.mark.parametrize("name", sorted(DISTRICT_ONLY | {"event_create"}))
def test_district_staff_manage_themes_and_create_events(
    district_client, ward_event, tree, district_staff, name
):
    url = _url(name, ward_event)
    assert district_client.get(url).status_code == 200
    before = _snapshot()
    response = district_client.post(url, _payload(name, ward_event, tree, district_staff))
    assert response.status_code == 302
    assert _snapshot() != before


@pytest.mark.parametrize("name", ["theme_list", "theme_edit", "event_create"])
def test_a_branch_secretary_gets_404_on_staff_pages_without_an_id(branch_client, ward_event, name):
    assert branch_client.get(_url(name, ward_event)).status_code == 404


STAFF_PAGES = sorted(
    set(ALL_NAMES) - NO_ID - {"event", "invitation", "invitation_reply", "respond", "theme_edit"}
)


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_an_invited_secretary_gets_404_on_the_staff_pages_of_the_event(
    branch_client, ward_event, tree, ward_secretary, name
):
    url = _url(name, ward_event)
    before = _snapshot()
    get = branch_client.get(url)
    post = branch_client.post(url, _payload(name, ward_event, tree, ward_secretary))
    assert get.status_code in (404, 405)
    assert post.status_code in (404, 405)
    assert _snapshot() == before


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


def test_a_secretary_sees_the_event_their_invitation_and_their_form(
    branch_client, ward_event, tree
):
    event = ward_event["event"]
    page = branch_client.get(event.get_absolute_url())
    assert page.status_code == 200
    assert not page.context["can_run"]
    assert [i.unit for i in page.context["my_invitations"]] == [tree.a1]
    assert branch_client.get(ward_event["invitation"].get_absolute_url()).status_code == 200
    form = branch_client.get(_url("respond", ward_event))
    assert form.status_code == 200
    assert form.context["response"] is None  # the neighbour's response is not shown


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


def test_a_scan_checks_the_invitee_in_once(ward_client, ward_event, ward_secretary):
    url = _url("scan", ward_event)
    assert ward_client.get(url).context["done"] is True
    assert ward_client.get(url).context["done"] is False
    invitation = Invitation.objects.get(pk=ward_event["invitation"].pk)
    assert invitation.checked_in_by == ward_secretary


def test_the_invitee_opening_their_own_code_does_not_check_in(branch_client, ward_event):
    assert branch_client.get(_url("scan", ward_event)).status_code == 404
    assert Invitation.objects.get(pk=ward_event["invitation"].pk).checked_in_at is None


def test_check_in_search_is_accent_insensitive_and_the_tick_returns_a_row(ward_client, ward_event):
    url = _url("checkin", ward_event)
    page = ward_client.get(url, {"q": "khu pho 3"}, headers={"HX-Request": "true"})
    assert [i.unit.name for i in page.context["invitations"]] == ["Chi đoàn Khu phố 3"]
    assert ward_client.get(url, {"q": "nguyen van khach"}).context["invitations"][0].is_guest
    tick = ward_client.post(_url("invitation_tick", ward_event), headers={"HX-Request": "true"})
    assert tick.status_code == 200
    assert f'id="checkin-{ward_event["invitation"].pk}"' in tick.content.decode()
    assert Invitation.objects.get(pk=ward_event["invitation"].pk).checked_in_at is not None


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


def test_event_list_offers_themes_only_to_those_who_manage_them(
    login, ward_secretary, district_staff
):
    themes = reverse("events:theme_list")
    ward_page = login(ward_secretary).get(reverse("events:event_list")).content.decode()
    assert themes not in ward_page
    staff_page = login(district_staff).get(reverse("events:event_list")).content.decode()
    assert themes in staff_page
