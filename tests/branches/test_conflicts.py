"""No lost updates: two people open the same record; the second save is refused."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from branches.models import Activity, Meeting, Member, Position, PositionRole, Unit, UnitReport
from branches.services import (
    create_position,
    log_activity,
    log_meeting,
    save_unit_report,
    start_unit_report,
    update_member,
)
from tests.branches.records_helpers import make_member, make_period
from tests.conftest import MODEL_BACKEND
from unionhub.core.versions import Versioned

pytestmark = pytest.mark.django_db


def _form_data(form) -> dict:
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def test_the_second_of_two_member_saves_is_refused_and_the_first_is_intact(
    login, branch_secretary, ward_secretary, tree
):
    member = make_member(tree.a1, "Trần Thị Mai", phone="0909000111")
    url = reverse("branches:member_edit", kwargs={"pk": member.pk})
    first, second = login(branch_secretary), None
    first_form = _form_data(first.get(url).context["form"])
    second = login(ward_secretary)
    second_form = _form_data(second.get(url).context["form"])

    first_form["phone"] = "0911111111"
    assert login(branch_secretary).post(url, first_form).status_code == 302
    second_form["address"] = "99 Đường Khác"
    response = login(ward_secretary).post(url, second_form)

    assert response.status_code == 200
    error = " ".join(response.context["form"].non_field_errors())
    assert "0909000111 → 0911111111" in error and "Phạm Thị Khu" in error
    member.refresh_from_db()
    assert (member.phone, member.address, member.version) == ("0911111111", "", 2)
    assert member.history.filter(history_type="~").count() == 1


def test_a_stale_version_is_refused_by_the_service(tree):
    member = make_member(tree.a1)
    update_member(member, by=None, base_version=1, phone="1")
    stale = Member.objects.get(pk=member.pk)
    with pytest.raises(ValidationError) as refused:
        update_member(stale, by=None, base_version=1, phone="2")
    assert refused.value.code == "conflict"
    assert Member.objects.get(pk=member.pk).phone == "1"


def test_the_second_of_two_report_saves_is_refused(tree, branch_secretary, ward_secretary):
    report = start_unit_report(make_period([tree.a1]), tree.a1, by=None)
    save_unit_report(report, by=branch_secretary, base_version=1, youth_in_area=100)
    with pytest.raises(ValidationError) as refused:
        save_unit_report(report, by=ward_secretary, base_version=1, youth_in_area=5)
    assert "100" in refused.value.messages[0]
    report.refresh_from_db()
    assert (report.youth_in_area, report.version) == (100, 2)


def test_the_guarded_update_lets_only_one_of_two_equal_versions_win(tree):
    from unionhub.core.versions import claim_version

    member = make_member(tree.a1)
    one, two = Member.objects.get(pk=member.pk), Member.objects.get(pk=member.pk)
    claim_version(one, base_version=1)
    with pytest.raises(ValidationError):
        claim_version(two, base_version=1)
    assert Member.objects.get(pk=member.pk).version == 2


# --- two people, two browsers, every record edited through a form ----------------------------


@pytest.fixture
def editable(tree):
    """One record of each kind edited through a form, all on branch A1."""
    member = make_member(tree.a1, "Trần Thị Mai", phone="0909000111")
    position = create_position(
        tree.a1, by=None, member=member, role=PositionRole.SECRETARY, started_on=date(2020, 1, 1)
    )
    meeting = log_meeting(tree.a1, by=None, held_on=date(2021, 2, 1), topic="Tháng 2", attendance=9)
    activity = log_activity(tree.a1, by=None, held_on=date(2021, 2, 2), topic="Tình nguyện")
    period = make_period([tree.a1])
    report = start_unit_report(period, tree.a1, by=None)
    return SimpleNamespace(
        unit=tree.a1, member=member, position=position, meeting=meeting, activity=activity,
        period=period, report=report,
    )  # fmt: skip


# model → (edit URL, record, the first person's change, the second person's change, shown change)
CONFLICTS = {
    Unit: (
        lambda e: reverse("branches:unit_edit", args=[e.unit.pk]),
        lambda e: e.unit,
        {"phone": "0911111111"},
        {"address": "99 Đường Khác"},
        "0283 111 222 → 0911111111",
    ),
    Member: (
        lambda e: reverse("branches:member_edit", args=[e.member.pk]),
        lambda e: e.member,
        {"phone": "0911111111"},
        {"address": "99 Đường Khác"},
        "0909000111 → 0911111111",
    ),
    Position: (
        lambda e: reverse("branches:position_edit", args=[e.position.pk]),
        lambda e: e.position,
        {"phone": "0911111111"},
        {"ended_on": "2021-12-31"},
        "— → 0911111111",
    ),
    Meeting: (
        lambda e: reverse("branches:meeting_edit", args=[e.meeting.pk]),
        lambda e: e.meeting,
        {"topic": "Sinh hoạt tháng hai"},
        {"attendance": "20"},
        "Tháng 2 → Sinh hoạt tháng hai",
    ),
    Activity: (
        lambda e: reverse("branches:activity_edit", args=[e.activity.pk]),
        lambda e: e.activity,
        {"topic": "Ngày Chủ nhật xanh"},
        {"attendance": "30"},
        "Tình nguyện → Ngày Chủ nhật xanh",
    ),
    UnitReport: (
        lambda e: reverse("branches:report_file", args=[e.unit.pk, e.period.pk]),
        lambda e: e.report,
        {"youth_in_area": "150"},
        {"children": "40"},
        "0 → 150",
    ),
}


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def test_every_model_edited_through_a_form_has_a_conflict_case():
    assert {model for model in apps.get_app_config("branches").get_models()
            if issubclass(model, Versioned)} == set(CONFLICTS)  # fmt: skip


@pytest.mark.parametrize("model", list(CONFLICTS), ids=lambda m: m.__name__)
def test_the_second_of_two_stale_forms_is_refused_and_the_first_save_is_intact(
    branch_secretary, ward_secretary, editable, model
):
    url_of, record_of, first_change, second_change, shown = CONFLICTS[model]
    url = url_of(editable)
    pk = record_of(editable).pk
    untouched = model.objects.values(*second_change, "version").get(pk=pk)
    first, second = _client_of(branch_secretary), _client_of(ward_secretary)
    first_form = _form_data(first.get(url).context["form"])
    second_form = _form_data(second.get(url).context["form"])

    assert first.post(url, {**first_form, **first_change}).status_code == 302
    response = second.post(url, {**second_form, **second_change})

    assert response.status_code == 200
    error = " ".join(response.context["form"].non_field_errors())
    assert "đã sửa hồ sơ này" in error and "Phạm Thị Khu" in error, error
    assert shown in error, error
    record = model.objects.get(pk=pk)
    for field, value in first_change.items():
        assert str(getattr(record, field)) == value
    for field in second_change:
        assert getattr(record, field) == untouched[field], field
    assert record.version == untouched["version"] + 1
