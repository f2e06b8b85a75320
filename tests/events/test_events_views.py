"""The event pages: what a secretary sees, and who is offered the themes."""

import pytest
from django.urls import reverse

from tests.events.pages import page_url as _url

pytestmark = pytest.mark.django_db


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


def test_event_list_offers_themes_only_to_those_who_manage_them(
    login, ward_secretary, district_staff
):
    themes = reverse("events:theme_list")
    ward_page = login(ward_secretary).get(reverse("events:event_list")).content.decode()
    assert themes not in ward_page
    staff_page = login(district_staff).get(reverse("events:event_list")).content.decode()
    assert themes in staff_page


def test_the_event_list_searches_titles_and_venues(district_client, event):
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext

    url = reverse("events:event_list")
    assert event in district_client.get(url, {"q": event.title.split()[0]}).context["events"]
    response = district_client.get(url, {"q": "không có sự kiện này"})
    assert list(response.context["events"]) == []
    with translation.override("vi"):
        assert gettext("No event matches this search.") in response.content.decode()
