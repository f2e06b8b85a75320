"""The back office shows branch records read-only, limited to the units the user may see."""

import pytest
from django.urls import reverse

from branches.models import Member, Unit
from tests.branches.records_helpers import make_member

RECORD_ADMINS = [
    "member",
    "membertransfer",
    "position",
    "meeting",
    "activity",
    "reportperiod",
    "unitreport",
    "reporttransition",
]


@pytest.fixture
def staff_client(login, district_staff):
    district_staff.is_staff = True
    district_staff.save()
    return login(district_staff)


@pytest.mark.parametrize("model", RECORD_ADMINS)
def test_district_staff_can_open_every_record_changelist(staff_client, model):
    response = staff_client.get(reverse(f"admin:branches_{model}_changelist"))
    assert response.status_code == 200


def test_member_changelist_is_for_district_staff_only_and_lists_their_members(
    login, ward_secretary, tree, district_staff
):
    make_member(tree.a1, "Nguyễn Thị Mai")
    make_member(tree.b1, "Trần Văn Bình")
    # A staff flag alone does not open the records: the district role does.
    ward_secretary.is_staff = True
    ward_secretary.save()
    client = login(ward_secretary)
    assert client.get(reverse("admin:branches_member_changelist")).status_code == 403

    district_staff.is_staff = True
    district_staff.save()
    client = login(district_staff)
    response = client.get(reverse("admin:branches_member_changelist"))
    names = {m.full_name for m in response.context["cl"].queryset}
    assert names == {"Nguyễn Thị Mai", "Trần Văn Bình"}


def test_records_cannot_be_changed_or_deleted_in_the_back_office(staff_client, tree):
    member = make_member(tree.a1, "Nguyễn Thị Mai")
    url = reverse("admin:branches_member_change", args=[member.pk])
    response = staff_client.post(url, {"full_name": "Đổi tên"})
    assert response.status_code == 403
    assert Member.objects.get(pk=member.pk).full_name == "Nguyễn Thị Mai"
    delete = reverse("admin:branches_member_delete", args=[member.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert Member.objects.filter(pk=member.pk).exists()


def test_a_unit_changed_in_the_back_office_refuses_a_form_opened_before_on_the_site(
    staff_client, login, ward_secretary, tree
):
    site_form_version = Unit.objects.get(pk=tree.a1.pk).version
    url = reverse("admin:branches_unit_change", args=[tree.a1.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["phone"] = "0911111111"
    assert staff_client.post(url, data).status_code == 302
    unit = Unit.objects.get(pk=tree.a1.pk)
    assert (unit.phone, unit.version) == ("0911111111", site_form_version + 1)

    site = login(ward_secretary)
    edit = reverse("branches:unit_edit", args=[tree.a1.pk])
    stale = {"name": unit.name, "code": unit.code, "area": unit.area, "phone": "",
             "version": site_form_version}  # fmt: skip
    response = site.post(edit, stale)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Unit.objects.get(pk=tree.a1.pk).phone == "0911111111"
