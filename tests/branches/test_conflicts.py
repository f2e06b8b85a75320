"""No lost updates: two people open the same record; the second save is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import Member
from branches.services import save_unit_report, start_unit_report, update_member
from tests.branches.records_helpers import make_member, make_period

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
