"""Invitations and check-in: the scan, the invitee's own code, the accent-insensitive search."""

import pytest

from events.models import (
    Invitation,
)
from tests.events.pages import page_url as _url

pytestmark = pytest.mark.django_db


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


def test_a_ward_secretary_sees_one_line_per_survey_and_invitation_not_one_per_branch(
    ward_client, branch_secretary, survey, tree
):
    from django.urls import reverse
    from django.utils import translation

    from events.services import submit_response
    from tests.events.conftest import good_answers

    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    body = ward_client.get(reverse("home")).content.decode()
    with translation.override("vi"):
        from django.utils.translation import gettext

        line = gettext("Survey “%(s)s”: %(a)s/%(t)s units answered") % {
            "s": survey.title,
            "a": 1,
            "t": 2,
        }
    assert line in body
    # Only the branch still to answer is offered, once.
    respond = reverse("events:respond", args=[survey.pk, tree.a2.pk])
    assert body.count(respond) == 1
    assert reverse("events:respond", args=[survey.pk, tree.a1.pk]) not in body


def test_the_invitation_list_is_paged_searched_and_filtered_by_reply(
    district_client, event, guest, tree, monkeypatch
):
    from django.urls import reverse

    from events.models import Invitation, Reply
    from events.views import invitations as views

    Invitation.objects.filter(event=event, unit=tree.a1).update(reply=Reply.YES)
    url = reverse("events:invitation_list", args=[event.pk])

    def names(**params):
        page = district_client.get(url, params).context["page"]
        return [inv.invitee_name for inv in page.object_list], page.paginator.count

    assert names(q="phuong 10")[1] == 2  # Khu phố 3 and 4, typed without accents
    assert names(reply="yes") == (["Chi đoàn Khu phố 3"], 1)
    assert names(q="khach")[0] == ["Nguyễn Văn Khách"]
    monkeypatch.setattr(views, "INVITATIONS_PER_PAGE", 2)
    assert len(names()[0]) == 2 and names()[1] == 4
    assert len(names(page=2)[0]) == 2
