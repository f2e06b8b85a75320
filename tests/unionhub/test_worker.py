"""The real worker command, started as its own process, runs the jobs the site enqueues."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        user = db.get("USER") or "postgres"
        return f"postgres://{user}@{host}:{port}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def start_worker(media_root, *extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TASK_BACKEND": "database",
        "DEBUG": "true",
        "MEDIA_ROOT": str(media_root),
        "CONN_MAX_AGE": "0",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            *extra,
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(worker: subprocess.Popen) -> str:
    worker.terminate()
    try:
        out, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        out, _ = worker.communicate()
    return out


def wait_for(predicate, *, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.fixture
def database_tasks():
    # Django resets its task backends when TASKS changes.
    with override_settings(TASKS=DATABASE_TASKS):
        yield


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
    reason="several workers claim jobs with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL",
)
def test_two_workers_on_postgresql_never_run_the_same_job_twice(database_tasks, tmp_path):
    from tests.unionhub.worker_tasks import record_run

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE worker_test_runs (n integer, pid integer)")
    try:
        for n in range(50):
            record_run.enqueue(n)
        workers = [start_worker(tmp_path, "--batch"), start_worker(tmp_path, "--batch")]
        outputs = []
        for worker in workers:
            try:
                out, _ = worker.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                out = stop(worker)
            outputs.append(out)
        with connection.cursor() as cursor:
            cursor.execute("SELECT n, pid FROM worker_test_runs")
            runs = cursor.fetchall()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS worker_test_runs")
    numbers = sorted(n for n, _ in runs)
    assert numbers == list(range(50)), outputs
    assert len({pid for _, pid in runs}) == 2, "both workers took jobs"


@pytest.mark.django_db(transaction=True)
def test_an_export_enqueued_by_the_view_is_run_by_the_worker_and_downloads(
    database_tasks, tmp_path, settings, tree, district_staff, ward_secretary, outsider
):
    from io import BytesIO

    from django.test import Client
    from django.urls import reverse
    from openpyxl import load_workbook

    from tests.branches.records_helpers import make_member
    from unionhub.core.jobs import Job, JobState

    settings.MEDIA_ROOT = tmp_path
    settings.JOB_EXPORT_THRESHOLD = 10
    for i in range(25):
        make_member(tree.a1 if i % 2 else tree.a2, full_name=f"Nguyễn Văn Thử {i:02d}")
    client = Client()
    client.force_login(district_staff, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(reverse("branches:member_export", args=[tree.top.pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.state == JobState.QUEUED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page

    worker = start_worker(tmp_path)
    try:
        done = wait_for(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE)
    finally:
        output = stop(worker)
    assert done, output
    job.refresh_from_db()
    assert (job.progress, job.row_count) == (100, 25)

    download = client.get(reverse("jobs:job_file", args=[job.pk]))
    assert download.status_code == 200
    rows = list(load_workbook(BytesIO(download.content)).active.iter_rows(values_only=True))
    assert len(rows) == 26 and rows[1][2].startswith("Nguyễn Văn Thử")
    for other in (ward_secretary, outsider):
        stranger = Client()
        stranger.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
        for name in ("jobs:job_detail", "jobs:job_file"):
            assert stranger.get(reverse(name, args=[job.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
    reason="several workers claim jobs with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL",
)
def test_two_workers_run_fifty_export_jobs_each_exactly_once(
    database_tasks, tmp_path, settings, tree, district_staff
):
    from tests.branches.records_helpers import make_member
    from unionhub.core.exports import EXPORTERS
    from unionhub.core.jobs import Job, JobState, start_export_job
    from unionhub.models import ExportLog

    settings.MEDIA_ROOT = tmp_path
    make_member(tree.a1, full_name="Nguyễn Văn Một")
    exporter = EXPORTERS["branches.member_list"]
    for n in range(50):
        start_export_job(
            exporter(user=district_staff, unit=tree.a1.pk, filters={"q": "", "n": str(n)})
        )
    assert Job.objects.count() == 50
    workers = [start_worker(tmp_path, "--batch"), start_worker(tmp_path, "--batch")]
    outputs = []
    for worker in workers:
        try:
            out, _ = worker.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            out = stop(worker)
        outputs.append(out)
    assert Job.objects.filter(state=JobState.DONE).count() == 50, outputs
    assert ExportLog.objects.count() == 50
