"""The import pages: upload, the files refused before any parser opens them, the preview, the
column mapping, the confirmation, the refused rows and the template as files, and the log."""

import io
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from branches.models import Import, ImportState, Member, RoleKind, Unit
from tests.branches.import_helpers import SMALL_LIST, fixture, upload
from tests.conftest import MODEL_BACKEND
from tests.factories import UserFactory, grant
from unionhub.core import spreadsheets
from unionhub.core.jobs import Job
from unionhub.models import ExportLog

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def _upload_url(unit) -> str:
    return reverse("branches:member_import", kwargs={"unit_pk": unit.pk})


def _file(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, fixture(name) if content is None else content)


def test_the_members_page_offers_the_import_to_its_editor_only(branch_secretary, tree):
    members = reverse("branches:member_list", kwargs={"unit_pk": tree.a1.pk})
    assert _upload_url(tree.a1) in _client(branch_secretary).get(members).content.decode()
    viewer = UserFactory(username="xem")
    grant(viewer, tree.a1, RoleKind.VIEWER)
    assert _upload_url(tree.a1) not in _client(viewer).get(members).content.decode()


def test_a_secretary_uploads_sees_the_preview_and_confirms(branch_client, branch_secretary, tree):
    page = branch_client.get(_upload_url(tree.a1))
    assert page.status_code == 200
    assert reverse("branches:member_import_template", args=[tree.a1.pk]) in page.content.decode()
    response = branch_client.post(_upload_url(tree.a1), {"file": _file("members_letterhead.xls")})
    record = Import.objects.get()
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    preview = branch_client.get(record.get_absolute_url())
    text = preview.content.decode()
    assert reverse("branches:import_confirm", args=[record.pk]) in text
    assert "Nguyễn Văn An" in text  # what confirming will change
    assert not Member.objects.exists()  # nothing written before the confirmation
    response = branch_client.post(reverse("branches:import_confirm", args=[record.pk]))
    assert response.url == reverse("branches:member_list", kwargs={"unit_pk": tree.a1.pk})
    assert Member.objects.filter(unit=tree.a1).count() == 6
    listed = branch_client.get(response.url)
    assert "Lê Hoàng Cường" in listed.content.decode()


def test_the_preview_of_the_bad_date_names_the_row_and_column_and_offers_no_confirm(
    branch_client, tree
):
    branch_client.post(_upload_url(tree.a1), {"file": _file("members_sixty_bad_date.ods")})
    record = Import.objects.get()
    text = branch_client.get(record.get_absolute_url()).content.decode()
    assert "47" in text and "Ngày sinh / Nam" in text and "31/02/1999" in text
    assert reverse("branches:import_confirm", args=[record.pk]) not in text
    assert reverse("branches:import_refused", args=[record.pk]) in text
    response = branch_client.post(reverse("branches:import_confirm", args=[record.pk]))
    assert response.status_code == 302 and not Member.objects.exists()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def _xlsm() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/vbaProject.bin", b"\x00" * 10)
    return buffer.getvalue()


@pytest.fixture
def parser_never_called(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("the parser was called")

    monkeypatch.setattr(spreadsheets.CalamineWorkbook, "from_filelike", boom)
    monkeypatch.setattr(spreadsheets, "_read_csv", boom)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.xlsx", _zip_bomb, "The file is compressed suspiciously well and was not opened."),
        ("ds.xlsm", lambda: fixture("members_letterhead.xlsx"),
         "Files with macros (.xlsm) are not accepted. Save the list as .xlsx first."),
        ("ds.xlsx", _xlsm,
         "Files with macros (.xlsm) are not accepted. Save the list as .xlsx first."),
        ("ds.xlsx", lambda: fixture("members_plain.csv"),
         "The file is named %(suffix)s but its content is not a %(suffix)s file. Open it in "
         "Excel or LibreOffice and save it again as .xlsx."),
    ],
)  # fmt: skip
def test_dangerous_or_disguised_files_are_refused_before_parsing_and_nothing_is_stored(
    branch_client, tree, settings, parser_never_called, name, content, message
):
    response = branch_client.post(_upload_url(tree.a1), {"file": _file(name, content())})
    assert response.status_code == 200
    expected = gettext(message)
    if "%(suffix)s" in message:
        expected = expected % {"suffix": ".xlsx"}
    assert response.context["form"].errors["file"] == [expected]
    assert not Import.objects.exists()
    assert not (settings.MEDIA_ROOT / "private").exists()


def test_an_oversized_file_is_refused_before_it_is_read(
    branch_client, tree, settings, parser_never_called
):
    settings.UPLOAD_MAX_FILE_SIZE = 1024
    response = branch_client.post(_upload_url(tree.a1), {"file": _file("big.csv", b"x" * 4096)})
    message = gettext("The file is too large (%(size)s); the limit is %(limit)s.")
    expected = message % {"size": filesizeformat(4096), "limit": filesizeformat(1024)}
    assert response.context["form"].errors["file"] == [expected]
    assert not Import.objects.exists()
    assert not (settings.MEDIA_ROOT / "private").exists()


def test_a_file_without_a_list_is_refused_on_the_form(branch_client, tree):
    content = b"Ten chi doan,Ghi chu\nKP3,\n"
    response = branch_client.post(_upload_url(tree.a1), {"file": _file("x.csv", content)})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not Import.objects.exists()


def test_the_mapping_step_shows_one_choice_per_column_and_checks_again(branch_client, tree):
    record = upload(tree.a1, "ds.csv", content=SMALL_LIST)
    page = branch_client.get(record.get_absolute_url())
    form = page.context["mapping_form"]
    assert [f.label for f in form] == ["Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ"]
    data = {name: form[name].value() for name in form.fields}
    data["column_3"] = ""  # the card number column: ignore it
    response = branch_client.post(reverse("branches:import_mapping", args=[record.pk]), data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.mapping["so the"] == ""
    branch_client.post(reverse("branches:import_confirm", args=[record.pk]))
    assert set(Member.objects.values_list("card_number", flat=True)) == {""}


def test_a_mapping_giving_two_columns_one_field_is_refused(branch_client, tree):
    record = upload(tree.a1, "ds.csv", content=SMALL_LIST)
    data = {"column_0": "full_name", "column_1": "gender", "column_2": "phone", "column_3": "phone"}
    response = branch_client.post(reverse("branches:import_mapping", args=[record.pk]), data)
    assert response.status_code == 200 and response.context["mapping_form"].non_field_errors()


def test_the_refused_rows_download_holds_the_rows_and_why_and_is_logged(
    branch_client, branch_secretary, tree
):
    record = upload(tree.a1, "members_sixty_bad_date.xlsx", by=branch_secretary)
    response = branch_client.get(reverse("branches:import_refused", args=[record.pk]))
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0:3] == (gettext("Sheet"), gettext("Row"), "Họ và tên")  # no STT: not read
    assert rows[0][-1] == gettext("Why it was refused")
    [refused] = rows[1:]
    assert refused[1] == 47 and "31/02/1999" in refused and "Ngày sinh / Nam" in refused[-1]
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.unit) == (
        branch_secretary,
        "refused rows of an import",
        tree.a1,
    )


def test_the_template_downloads_and_imports_back_as_its_example(branch_client, tree):
    response = branch_client.get(reverse("branches:member_import_template", args=[tree.a1.pk]))
    assert ExportLog.objects.get().kind == "member list template"
    record = upload(tree.a1, "mau.xlsx", content=response.content)
    assert (record.refused_count, record.created_count) == (0, 1), record.errors
    branch_client.post(reverse("branches:import_confirm", args=[record.pk]))
    member = Member.objects.get()
    assert (member.full_name, member.card_number, member.phone) == (
        "Nguyễn Văn An", "TB-0001", "0909123456"
    )  # fmt: skip


def test_the_units_template_imports_back_under_the_ward(ward_client, tree):
    response = ward_client.get(reverse("branches:unit_import_template", args=[tree.a.pk]))
    record = upload(tree.a, "mau.xlsx", content=response.content, kind="units")
    assert (record.refused_count, record.created_count) == (0, 1), record.errors


def test_the_import_is_on_the_units_history_tab(branch_client, tree):
    branch_client.post(_upload_url(tree.a1), {"file": _file("members_plain.csv")})
    record = Import.objects.get()
    branch_client.post(reverse("branches:import_confirm", args=[record.pk]))
    history = branch_client.get(reverse("branches:unit_history", args=[tree.a1.pk]))
    subjects = [entry.subject for entry in history.context["page"]]
    assert any("members_plain.csv" in subject for subject in subjects)
    assert sum("Nguyễn Văn An" in subject for subject in subjects) == 1


def test_a_ward_secretary_imports_units_from_the_unit_page(ward_client, tree):
    page = ward_client.get(reverse("branches:unit", args=[tree.a.pk]))
    url = reverse("branches:unit_import", kwargs={"unit_pk": tree.a.pk})
    assert url in page.content.decode()
    content = "Tên chi đoàn,Trực thuộc\nChi đoàn Khu phố 6,ĐOÀN PHƯỜNG 10\n".encode()
    response = ward_client.post(url, {"file": _file("dv.csv", content)})
    record = Import.objects.get()
    assert response.url == record.get_absolute_url()
    response = ward_client.post(reverse("branches:import_confirm", args=[record.pk]))
    unit = Unit.objects.get(name="Chi đoàn Khu phố 6")
    assert response.url == tree.a.get_absolute_url() and unit.parent == tree.a


def test_the_unit_list_offers_the_units_import_to_managers_only(
    district_staff, branch_secretary, tree
):
    url = reverse("branches:unit_import", kwargs={"unit_pk": tree.top.pk})
    assert url in _client(district_staff).get(reverse("branches:unit_list")).content.decode()
    page = _client(branch_secretary).get(reverse("branches:unit_list")).content.decode()
    assert "/import/" not in page


def test_a_branch_secretary_cannot_import_units(branch_client, tree):
    url = reverse("branches:unit_import", kwargs={"unit_pk": tree.a1.pk})
    assert branch_client.get(url).status_code == 404


def test_a_long_list_shows_its_progress_and_the_job_links_back(
    branch_client, branch_secretary, tree, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_THRESHOLD = 10
    record = upload(tree.a1, "members_sixty.xlsx", by=branch_secretary)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = branch_client.post(reverse("branches:import_confirm", args=[record.pk]))
    assert response.url == record.get_absolute_url()
    polled = branch_client.get(record.get_absolute_url(), headers={"HX-Request": "true"})
    assert "hx-trigger" in polled.content.decode() and "<progress" in polled.content.decode()
    for callback in callbacks:
        callback()
    done = branch_client.get(record.get_absolute_url(), headers={"HX-Request": "true"})
    assert "hx-trigger" not in done.content.decode()
    job = Job.objects.get()
    files = branch_client.get(reverse("jobs:job_list")).content.decode()
    assert record.get_absolute_url() in files and job.title in files
    assert Import.objects.get().state == ImportState.APPLIED


# --- a member known by the year alone ------------------------------------------------------


def test_the_member_form_takes_a_year_alone(branch_client, tree):
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    data = {"full_name": "Lê Hoàng Cường", "gender": "male", "birth_date": "", "birth_year": "2001",
            "joined_on": "", "joined_year": "2016"}  # fmt: skip
    assert branch_client.post(url, data).status_code == 302
    member = Member.objects.get()
    assert (member.birth_date, member.birth_year, member.joined_year) == (None, 2001, 2016)
    page = branch_client.get(member.get_absolute_url()).content.decode()
    assert gettext("Year of birth") in page and "2001" in page


def test_the_member_form_refuses_a_year_that_is_not_the_dates(branch_client, tree):
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    data = {"full_name": "Lê Hoàng Cường", "gender": "male", "birth_date": "2001-05-04",
            "birth_year": "2002"}  # fmt: skip
    response = branch_client.post(url, data)
    assert "birth_year" in response.context["form"].errors
    assert not Member.objects.exists()


def test_a_known_date_sets_the_year_too(branch_client, tree):
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    data = {"full_name": "Lê Hoàng Cường", "gender": "male", "birth_date": "2001-05-04"}
    branch_client.post(url, data)
    assert Member.objects.get().birth_year == 2001
