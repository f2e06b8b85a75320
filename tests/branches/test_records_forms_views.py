"""The records pages used as a secretary uses them: members added, searched and moved, the committee,
reports filed and returned, with posts that name other units' records refused."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from branches.models import (
    Member,
    MemberTransfer,
    Position,
    ReportPeriod,
    UnitReport,
)
from tests.branches.records_helpers import make_member, make_period, records_snapshot
from unionhub.models import ExportLog

pytestmark = pytest.mark.django_db


# --- happy paths and posts with other units' ids ---------------------------------------------


def _member_data(member=None, **changes) -> dict:
    data = {"full_name": "Phạm Thị Lan", "gender": "female", "birth_date": "2001-05-04",
            "joined_on": "2017-03-26", "card_number": "079201000123", "phone": "0909 123 456",
            "email": "", "address": "", "party_referred_on": "", "party_admitted_on": "",
            "notes": ""}  # fmt: skip
    if member is not None:
        data["version"] = member.version
    data.update(changes)
    return data


def test_a_secretary_adds_a_member(branch_client, tree, rec):
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    response = branch_client.post(url, _member_data())
    assert response.status_code == 302
    member = Member.objects.get(full_name="Phạm Thị Lan")
    assert (member.unit, member.card_number) == (tree.a1, "079201000123")


def test_bad_member_input_is_refused_and_changes_nothing(branch_client, tree, rec):
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    before = records_snapshot()
    response = branch_client.post(url, _member_data(full_name="Lan", birth_date="31/31/2001"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"full_name", "birth_date"}
    assert records_snapshot() == before


def test_the_member_list_searches_without_accents(branch_client, tree, rec):
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a1.pk})
    names = [m.full_name for m in branch_client.get(url, {"q": "tran thi"}).context["page"]]
    assert names == ["Trần Thị Mai"]


def test_the_ward_secretary_sees_the_members_of_every_branch_below(ward_client, tree, rec):
    make_member(tree.a2, "Ngô Văn Hai")
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    names = {m.full_name for m in ward_client.get(url).context["page"]}
    assert names == {"Trần Thị Mai", "Ngô Văn Hai"}


def test_a_position_cannot_name_a_member_of_another_unit(branch_client, tree, rec):
    url = reverse("branches:position_create", kwargs={"unit_pk": tree.a1.pk})
    data = {"role": "deputy_secretary", "member": rec.other.pk, "started_on": "2021-01-01"}
    response = branch_client.post(url, data)
    assert response.status_code == 200
    assert "member" in response.context["form"].errors
    assert Position.objects.count() == 1


def test_a_transfer_to_a_unit_the_user_may_not_choose_changes_nothing(ward_client, tree, rec):
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    data = {"to_unit": tree.b1.pk, "transferred_on": "2021-05-01", "version": rec.member.version}
    response = ward_client.post(url, data)
    assert response.status_code == 200
    assert "to_unit" in response.context["form"].errors
    rec.member.refresh_from_db()
    assert rec.member.unit == tree.a1 and not MemberTransfer.objects.exists()


def test_transfer_from_phuong_10_to_phuong_11_moves_the_member_to_the_new_unit(
    login, district_staff, branch_secretary, outsider, tree, rec
):
    client = login(district_staff)
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    data = {"to_unit": tree.b1.pk, "transferred_on": "2021-05-01", "version": rec.member.version}
    assert client.post(url, data).status_code == 302
    assert Member.objects.filter(full_name="Trần Thị Mai").count() == 1
    member_url = reverse("branches:member", kwargs={"pk": rec.member.pk})
    assert login(outsider).get(member_url).status_code == 200
    b1_list = reverse("branches:member_list", kwargs={"unit_pk": tree.b1.pk})
    assert "Trần Thị Mai" in [m.full_name for m in login(outsider).get(b1_list).context["page"]]
    assert login(branch_secretary).get(member_url).status_code == 404
    a1_list = reverse("branches:member_list", kwargs={"unit_pk": tree.a1.pk})
    a1_names = [m.full_name for m in login(branch_secretary).get(a1_list).context["page"]]
    assert "Trần Thị Mai" not in a1_names
    for unit in (tree.a1, tree.b1):
        history = login(district_staff).get(reverse("branches:unit_history", args=[unit.pk]))
        subjects = " ".join(e.subject for e in history.context["page"])
        assert "Trần Thị Mai" in subjects, unit


def test_the_secretary_files_a_prefilled_report(branch_client, tree, rec):
    period = make_period([tree.a1], title="Quý II/2021", starts_on=date(2021, 4, 1),
                         ends_on=date(2021, 6, 30), due_on=date(2021, 7, 10))  # fmt: skip
    url = reverse("branches:report_file", kwargs={"unit_pk": tree.a1.pk, "period_pk": period.pk})
    form = branch_client.get(url).context["form"]
    assert not UnitReport.objects.filter(period=period).exists()  # a GET changes nothing
    data = {name: form[name].value() for name in form.fields}
    data.update(youth_in_area=150, youth_gathered=60, difficulties="Thiếu sân chơi", submit="1")
    response = branch_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    report = UnitReport.objects.get(period=period)
    assert (report.status, report.youth_gathered, report.members_total) == ("submitted", 60, 1)


def test_the_ward_secretary_returns_a_report_with_a_comment(ward_client, tree, rec):
    url = reverse("branches:report_return", kwargs={"pk": rec.report.pk})
    ward_client.post(url, {"comment": "Bổ sung số thiếu nhi", "version": rec.report.version})
    rec.report.refresh_from_db()
    assert (rec.report.status, rec.report.return_comment) == ("returned", "Bổ sung số thiếu nhi")


def test_the_secretary_recalls_a_sent_report_after_confirming_and_sends_it_again(
    branch_client, tree
):
    from django.utils import timezone

    period = make_period([tree.a1], due_on=timezone.localdate())
    file_url = reverse(
        "branches:report_file", kwargs={"unit_pk": tree.a1.pk, "period_pk": period.pk}
    )
    form = branch_client.get(file_url).context["form"]
    data = {name: form[name].value() for name in form.fields} | {"submit": "1"}
    branch_client.post(file_url, data)
    report = UnitReport.objects.get(period=period)
    page = branch_client.get(report.get_absolute_url()).content.decode()
    recall_url = reverse("branches:report_recall", kwargs={"pk": report.pk})
    assert f'action="{recall_url}"' in page and "data-confirm=" in page
    response = branch_client.post(recall_url, {"version": report.version})
    assert response.url == file_url
    report.refresh_from_db()
    assert report.status == "draft"
    form = branch_client.get(file_url).context["form"]
    data = {name: form[name].value() for name in form.fields} | {"submit": "1"}
    assert branch_client.post(file_url, data).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    # Past the due date the button is gone and a forged post changes nothing.
    ReportPeriod.objects.filter(pk=period.pk).update(due_on=date(2021, 4, 10))
    assert recall_url not in branch_client.get(report.get_absolute_url()).content.decode()
    branch_client.post(recall_url, {"version": report.version})
    report.refresh_from_db()
    assert report.status == "submitted"


def test_district_staff_add_and_remove_a_unit_of_a_period_by_its_name(district_client, tree):
    period = make_period([tree.a1])
    url = reverse("branches:period_units", kwargs={"pk": period.pk})
    assert (
        "Chi đoàn Khu phố 1" not in district_client.get(period.get_absolute_url()).content.decode()
    )
    response = district_client.post(url, {"unit": "chi doan khu pho 1 ", "action": "add"})
    assert response.url == period.get_absolute_url()
    assert set(period.units.all()) == {tree.a1, tree.b1}
    response = district_client.post(
        url, {"unit": "Chi đoàn Khu phố 99", "action": "add"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]][-1] == gettext(
        "No open unit has this code or name."
    )
    district_client.post(url, {"unit": tree.b1.code, "action": "remove"})
    assert set(period.units.all()) == {tree.a1}


def test_district_staff_open_a_period_for_all_neighbourhood_branches(district_client, tree):
    data = {"title": "Quý III/2021", "starts_on": "2021-07-01", "ends_on": "2021-09-30",
            "due_on": "2021-10-10", "level": "branch", "area": "neighbourhood", "under": ""}  # fmt: skip
    assert district_client.post(reverse("branches:period_create"), data).status_code == 302
    period = ReportPeriod.objects.get(title="Quý III/2021")
    assert set(period.units.all()) == {tree.a1, tree.a2, tree.b1}


def test_anonymising_is_logged_and_erases_the_name(district_client, tree, rec):
    url = reverse("branches:member_anonymise", kwargs={"pk": rec.left.pk})
    assert district_client.post(url).status_code == 302
    rec.left.refresh_from_db()
    assert rec.left.full_name == "L. V. Đ. Đ."
    assert ExportLog.objects.filter(kind="anonymisation of a member", unit=tree.a1).count() == 1


def test_the_unit_page_shows_the_current_secretary_with_the_phone(branch_client, tree, rec):
    response = branch_client.get(reverse("branches:unit", args=[tree.a1.pk]))
    assert [p.holder_name for p in response.context["committee"]] == ["Trần Thị Mai"]
    assert "0909000111" in response.content.decode()


def test_the_home_page_shows_the_secretary_what_is_due(branch_client, tree, rec):
    make_period([tree.a1], title="Quý II/2021", starts_on=date(2021, 4, 1),
                ends_on=date(2021, 6, 30), due_on=date(2021, 7, 10))  # fmt: skip
    response = branch_client.get(reverse("home"))
    panel = next(p for p in response.context["panels"] if p.template == "branches/_panel_due.html")
    assert [d.period.title for d in panel.context["due"]] == ["Quý II/2021"]
    assert panel.context["incomplete"] == [(tree.a1, 1)]


def test_a_name_typed_decomposed_is_stored_composed_and_is_one_name(branch_client, tree, rec):
    import unicodedata

    typed = unicodedata.normalize("NFD", "Lê Thị Hằng")
    assert typed != "Lê Thị Hằng"
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    data = _member_data(full_name=typed, address=unicodedata.normalize("NFD", "12 Âu Cơ"))
    assert branch_client.post(url, data).status_code == 302
    member = Member.objects.get(full_name="Lê Thị Hằng")
    assert unicodedata.is_normalized("NFC", member.full_name)
    assert member.address == "12 Âu Cơ"
    list_url = reverse("branches:member_list", kwargs={"unit_pk": tree.a1.pk})
    found = branch_client.get(list_url, {"q": unicodedata.normalize("NFD", "Hằng")}).context["page"]
    assert [m.full_name for m in found] == ["Lê Thị Hằng"]


def test_figures_show_thousands_the_vietnamese_way_and_ids_stay_plain(branch_client, rec):
    UnitReport.objects.filter(pk=rec.report.pk).update(dues_collected=138000)
    body = branch_client.get(rec.report.get_absolute_url()).content.decode()
    assert ">138.000<" in body
    assert "138000" not in body and "138,000" not in body


def test_a_report_prints_on_one_page_with_its_figures_and_the_signature_block(branch_client, rec):
    from io import BytesIO

    from pypdf import PdfReader

    UnitReport.objects.filter(pk=rec.report.pk).update(
        dues_collected=138000, difficulties="Thiếu sân chơi " * 40
    )
    response = branch_client.get(reverse("branches:report_pdf", args=[rec.report.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o" in response["Content-Disposition"]
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("BCH CHI ĐOÀN KHU PHỐ 3", "QUÝ I/2021", "138.000", "TM. BAN CHẤP HÀNH"):
        assert expected in text, expected
    assert ExportLog.objects.filter(unit=rec.report.unit, file_format="pdf").count() == 1


def test_the_ward_member_list_filters_by_branch_and_another_wards_branch_shows_nothing(
    ward_client, ward_secretary, tree, rec
):
    make_member(tree.a2, "Hồ Thị Bốn")
    url = reverse("branches:member_list", args=[tree.a.pk])
    everyone = ward_client.get(url).context["page"].paginator.count
    page = ward_client.get(url, {"branch": tree.a2.pk}).context["page"]
    assert [m.full_name for m in page.object_list] == ["Hồ Thị Bốn"]
    assert everyone > page.paginator.count
    assert ward_client.get(url, {"branch": tree.b1.pk}).context["page"].paginator.count == 0
    body = ward_client.get(url).content.decode()
    assert f'<option value="{tree.a2.pk}">Chi đoàn Khu phố 4</option>' in body
    # The Excel of the filtered list holds the same members.
    from branches.exports import MemberListExporter

    exporter = MemberListExporter(
        user=ward_secretary, unit=tree.a.pk, filters={"branch": str(tree.a2.pk)}
    )
    assert exporter.count() == 1
