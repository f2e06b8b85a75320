"""Background jobs: a large export becomes the user's job; its file is theirs alone and expires."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from unionhub.core.exports import EXPORTERS, XlsxExporter, register
from unionhub.core.jobs import (
    Job,
    JobState,
    delete_expired_jobs,
    export_or_start_job,
    run_job,
    start_export_job,
)
from unionhub.core.xlsx import Sheet
from unionhub.models import ExportLog

pytestmark = pytest.mark.django_db


class _Numbers(XlsxExporter):
    identifier = "tests.numbers"
    title = "Dãy số – thử"

    def count(self):
        return self.params.get("n", 0)

    def sheets(self):
        if self.params.get("fail"):
            raise RuntimeError("boom")
        yield Sheet("Số", ["Số"], ([i] for i in range(self.params["n"])))


if "tests.numbers" not in EXPORTERS:
    register(_Numbers)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JOB_EXPORT_THRESHOLD = 100


def _run_on_commit(django_capture_on_commit_callbacks, fn):
    with django_capture_on_commit_callbacks(execute=True):
        return fn()


def test_a_small_export_downloads_at_once(rf, district_staff):
    request = rf.get("/")
    request.user = district_staff
    response = export_or_start_job(request, _Numbers(user=district_staff, n=50))
    assert response.status_code == 200
    assert Job.objects.count() == 0
    assert ExportLog.objects.filter(kind="Dãy số – thử", row_count=50).count() == 1


def test_a_large_export_becomes_a_job_that_makes_the_file(
    rf, district_staff, district_client, django_capture_on_commit_callbacks
):
    request = rf.get("/")
    request.user = district_staff
    response = _run_on_commit(
        django_capture_on_commit_callbacks,
        lambda: export_or_start_job(request, _Numbers(user=district_staff, n=2500)),
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.state, job.progress, job.row_count) == (JobState.DONE, 100, 2500)
    assert ExportLog.objects.filter(kind="Dãy số – thử", row_count=2500).count() == 1

    page = district_client.get(job.get_absolute_url())
    assert reverse("jobs:job_file", args=[job.pk]) in page.content.decode()
    download = district_client.get(reverse("jobs:job_file", args=[job.pk]))
    assert download.status_code == 200
    assert "filename*=UTF-8''D%C3%A3y" in download["Content-Disposition"]
    ws = load_workbook(BytesIO(download.content)).active
    assert ws.max_row == 2501


def test_pressing_export_twice_makes_one_job(district_staff):
    first = start_export_job(_Numbers(user=district_staff, n=500))
    second = start_export_job(_Numbers(user=district_staff, n=500))
    other = start_export_job(_Numbers(user=district_staff, n=600))
    assert first.pk == second.pk != other.pk


def test_a_running_job_is_polled_until_it_is_done(district_staff, district_client):
    job = start_export_job(_Numbers(user=district_staff, n=500))
    fragment = district_client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in html and "<progress" in html
    assert "<html" not in html
    run_job.call(str(job.pk))
    html = district_client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in html
    assert reverse("jobs:job_file", args=[job.pk]) in html


def test_another_user_and_an_outsider_get_404_on_the_job_and_its_file(
    district_staff, ward_secretary, outsider, login
):
    job = start_export_job(_Numbers(user=district_staff, n=500))
    run_job.call(str(job.pk))
    for user in (ward_secretary, outsider):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for name in ("jobs:job_detail", "jobs:job_file"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert job.title not in client.get(reverse("jobs:job_list")).content.decode()
    anonymous = Client().get(reverse("jobs:job_file", args=[job.pk]))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_a_failing_job_shows_its_error_and_keeps_no_file(district_staff, district_client, caplog):
    job = start_export_job(_Numbers(user=district_staff, n=500, fail=True))
    assert run_job.call(str(job.pk)) == "failed"
    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.file
    assert "boom" in caplog.text
    html = district_client.get(job.get_absolute_url()).content.decode()
    assert escape(job.error) in html and 'role="alert"' in html
    assert district_client.get(reverse("jobs:job_file", args=[job.pk])).status_code == 404
    assert ExportLog.objects.count() == 0


def test_a_job_runs_once_even_if_the_task_comes_twice(district_staff):
    job = start_export_job(_Numbers(user=district_staff, n=10))
    assert run_job.call(str(job.pk)) == "done"
    assert run_job.call(str(job.pk)) == "skipped"
    assert ExportLog.objects.count() == 1


def test_the_clean_up_deletes_expired_files_and_keeps_the_others(district_staff, tmp_path):
    old = start_export_job(_Numbers(user=district_staff, n=10))
    fresh = start_export_job(_Numbers(user=district_staff, n=20))
    for job in (old, fresh):
        run_job.call(str(job.pk))
    old.refresh_from_db()
    fresh.refresh_from_db()
    old_path = old.file.path
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert delete_expired_jobs() == 1
    assert not Job.objects.filter(pk=old.pk).exists()
    assert not (tmp_path / old_path).exists()
    assert Job.objects.filter(pk=fresh.pk).exists()
    fresh.refresh_from_db()
    assert fresh.file.storage.exists(fresh.file.name)


def test_an_expired_file_is_not_served_before_the_clean_up(district_staff, district_client):
    job = start_export_job(_Numbers(user=district_staff, n=10))
    run_job.call(str(job.pk))
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert district_client.get(reverse("jobs:job_file", args=[job.pk])).status_code == 404


def test_files_are_kept_seven_days_by_default(settings, district_staff):
    assert settings.JOB_FILE_DAYS == 7
    job = start_export_job(_Numbers(user=district_staff, n=10))
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert timedelta(days=6, hours=23) < job.expires_at - job.finished_at <= timedelta(days=7)


def test_my_files_lists_the_users_jobs(district_staff, district_client):
    job = start_export_job(_Numbers(user=district_staff, n=10))
    job.file.save("x.xlsx", ContentFile(b"x"), save=True)
    html = district_client.get(reverse("jobs:job_list")).content.decode()
    assert job.title in html
