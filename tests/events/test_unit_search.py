"""Units found as one types: the opinion entry form suggests invited units by name, the opinion
edit form's and the new event's unit choices search; none lists every unit."""

import pytest
from django.urls import reverse

from branches.models import UnitArea, UnitLevel
from events.models import Opinion
from events.services import invite_units
from tests.events.pages import page_url as _url
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _invite_many(ward_event, ward_secretary, tree, n=40):
    units = [
        make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn Tổ dân phố {i}", area=UnitArea.NEIGHBOURHOOD)
        for i in range(n)
    ]
    invite_units(ward_event["event"], by=ward_secretary, units=units)
    return units


def test_the_entry_page_sends_no_list_of_units_and_suggests_the_invited_ones_typed(
    ward_client, ward_secretary, ward_event, tree
):
    _invite_many(ward_event, ward_secretary, tree)
    url = _url("opinion_create", ward_event)
    page = ward_client.get(url).content.decode()
    assert '<datalist id="invited-units"></datalist>' in page
    assert "Tổ dân phố 7" not in page
    found = ward_client.get(url, {"unit_suggestions": "1", "raised_by_unit": "to dan pho 7"})
    assert found.status_code == 200
    assert found.content.decode().split("</option>")[:-1] == [
        f'<option value="Chi đoàn Tổ dân phố {n} – Đoàn Phường 10">' for n in (7, 17, 27, 37)
    ]
    label = "Chi đoàn Tổ dân phố 12 – Đoàn Phường 10"  # a suggestion picked, typed on
    again = ward_client.get(url, {"unit_suggestions": "1", "raised_by_unit": label})
    assert again.content.decode() == f'<option value="{label}"></option>'
    many = ward_client.get(url, {"unit_suggestions": "1", "raised_by_unit": "to dan"})
    assert many.content.decode().count("<option") == 20
    # Đoàn Phường 11's branch is not invited: never suggested.
    assert (
        ward_client.get(url, {"unit_suggestions": "1", "raised_by_unit": "khu pho 1"})
        .content.decode()
        .count("Phường 11")
        == 0
    )


def test_a_suggested_label_typed_in_full_records_that_unit(
    ward_client, ward_secretary, ward_event, tree
):
    units = _invite_many(ward_event, ward_secretary, tree)
    data = {"raised_by_unit": "Chi đoàn Tổ dân phố 12 – Đoàn Phường 10", "theme": ward_event["theme"].pk,
            "content": "Đề nghị sân chơi", "source": "spoken"}  # fmt: skip
    assert ward_client.post(_url("opinion_create", ward_event), data).status_code == 302
    assert Opinion.objects.get(content="Đề nghị sân chơi").raised_by_unit == units[12]


def test_the_outsider_gets_404_on_the_suggestions(outsider_client, ward_event):
    url = _url("opinion_create", ward_event)
    response = outsider_client.get(url, {"unit_suggestions": "1", "raised_by_unit": "khu"})
    assert response.status_code == 404


def test_the_edit_form_lists_the_chosen_unit_and_the_first_matches_only(
    ward_client, ward_secretary, ward_event, tree
):
    _invite_many(ward_event, ward_secretary, tree)
    url = _url("opinion_edit", ward_event)
    page = ward_client.get(url).content.decode()
    select = page[
        page.index('name="raised_by_unit"') : page.index(
            "</select>", page.index('name="raised_by_unit"')
        )
    ]
    assert select.count("<option") <= 22
    assert "Chi đoàn Khu phố 3" in select  # the opinion's own unit stays chosen
    found = ward_client.get(url, {"unit_search": "raised_by_unit", "q": "to dan pho 33"})
    assert "Chi đoàn Tổ dân phố 33" in found.content.decode()


def test_the_new_event_form_lists_the_first_organisers_and_finds_the_others(district_client, tree):
    for i in range(30):
        make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn Tổ dân phố {i}", area=UnitArea.NEIGHBOURHOOD)
    url = reverse("events:event_create")
    page = district_client.get(url).content.decode()
    start = page.index('name="organiser"')
    assert page[start : page.index("</select>", start)].count("<option") <= 22
    found = district_client.get(url, {"unit_search": "organiser", "q": "to dan pho 29"})
    assert "Chi đoàn Tổ dân phố 29" in found.content.decode()
