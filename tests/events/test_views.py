"""Every events URL: anonymous → login, wrong method → 405, outsider → 404 (and no change), and the
people allowed get through with the same request."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import urls as event_urls
from events.models import Opinion
from tests.events.pages import page_url as _url
from tests.events.pages import snapshot as _snapshot

pytestmark = pytest.mark.django_db

GET_ONLY = {
    "event_list", "event", "invitation_list", "checkin", "attendance_xlsx", "sign_in_sheet",
    "invitation", "scan", "survey", "survey_rate", "survey_results", "survey_results_xlsx",
    "survey_history", "opinion_list", "opinion_xlsx", "digest_pdf", "opinion",
}  # fmt: skip
POST_ONLY = {
    "invite_branches", "invitation_reply", "invitation_tick", "question_move", "question_delete",
    "opinion_merge", "opinion_assign", "opinion_answer", "opinion_forward", "opinion_status",
    "invite_unit", "invitation_cancel",
}  # fmt: skip
NO_ID = {"event_list", "event_create", "theme_list"}
DISTRICT_ONLY = {"theme_list", "theme_edit"}
ALL_NAMES = sorted(p.name for p in event_urls.urlpatterns)


def test_the_lists_below_cover_every_url():
    names = set(ALL_NAMES)
    assert names >= GET_ONLY | POST_ONLY
    assert len(names) == 42


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
        "invite_unit": {"invite-unit": tree.a.code},
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
