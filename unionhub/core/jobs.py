"""Background jobs: long exports, documents and imports run by the task worker, not the request.

A `Job` is what the user sees of a task: who asked, what, when, its state and progress, and the
finished file or the error. The file is private to the user who asked and expires after
JOB_FILE_DAYS days; `clean_expired_jobs` deletes what has expired and schedules itself again.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.tasks import TaskResultStatus, task
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhub.core.exports import EXPORTERS, Exporter, export_response, log_exporter
from unionhub.core.storage import private_storage

logger = logging.getLogger(__name__)

CLEAN_EVERY = timedelta(hours=1)


class JobState(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Waiting")
    RUNNING = "running", gettext_lazy("Running")
    DONE = "done", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Failed")


ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)


def _job_file_path(job: "Job", filename: str) -> str:
    return f"jobs/{job.user_id}/{job.pk}{Path(filename).suffix.lower()}"


class Job(models.Model):
    """One user's background task: what, when, state, progress, and the file it made."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("user"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    kind = models.CharField(gettext_lazy("kind of job"), max_length=80)
    title = models.CharField(gettext_lazy("what"), max_length=255)
    params = models.JSONField(gettext_lazy("parameters"), default=dict, blank=True)
    state = models.CharField(
        gettext_lazy("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("progress (%)"), default=0)
    created_at = models.DateTimeField(gettext_lazy("asked at"), default=timezone.now)
    started_at = models.DateTimeField(gettext_lazy("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(gettext_lazy("kept until"), null=True, blank=True)
    file = models.FileField(
        gettext_lazy("file"), storage=private_storage, upload_to=_job_file_path, blank=True
    )
    filename = models.CharField(gettext_lazy("file name"), max_length=255, blank=True)
    content_type = models.CharField(gettext_lazy("content type"), max_length=100, blank=True)
    row_count = models.PositiveIntegerField(gettext_lazy("records"), default=0)
    error = models.TextField(gettext_lazy("error"), blank=True)

    class Meta:
        app_label = "unionhub"
        verbose_name = gettext_lazy("background job")
        verbose_name_plural = gettext_lazy("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="job_user_recent")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:job_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def has_file(self) -> bool:
        return self.state == JobState.DONE and bool(self.file)


def jobs_of(user):
    """The user's own jobs: nobody sees another person's jobs or files."""
    return Job.objects.filter(user=user)


def _load_exporters() -> None:
    # Each app registers its exporters in `<app>/exports.py`; the worker imports them here.
    autodiscover_modules("exports")


def exporter_for(job: Job) -> Exporter:
    _load_exporters()
    return EXPORTERS[job.kind](user=job.user, **job.params)


@transaction.atomic
def start_export_job(exporter: Exporter) -> Job:
    """Queue the exporter as the user's job (or return the same one still waiting or running)."""
    params = exporter.params
    same = (
        Job.objects.filter(user=exporter.user, kind=exporter.identifier, state__in=ACTIVE_STATES)
        .filter(created_at__gte=timezone.now() - timedelta(minutes=10))
        .order_by("-created_at")
    )
    for job in same:
        if job.params == params:
            return job
    job = Job(
        user=exporter.user,
        kind=exporter.identifier,
        title=exporter.filename(),
        params=params,
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


def _set_progress(job_id, percent: int) -> None:
    Job.objects.filter(pk=job_id, progress__lt=percent).update(progress=min(99, percent))


def set_progress(job: Job, percent: int) -> None:
    """Tell the user how far the job is (0–99; a finished job shows 100)."""
    _set_progress(job.pk, percent)


def run_export(job: Job) -> None:
    """Render the job's exporter to a file; the file is saved only when it is complete."""
    exporter = exporter_for(job)
    total = exporter.count() or 0

    def progress(done: int) -> None:
        if total:
            _set_progress(job.pk, int(done * 100 / total))

    content, row_count = exporter.render(progress=progress)
    with transaction.atomic():
        job.file.save(exporter.filename(), ContentFile(content), save=False)
        job.filename = exporter.filename()
        job.content_type = exporter.content_type
        job.row_count = row_count
        log_exporter(exporter, row_count=row_count)
        _finish(job, JobState.DONE)


def _finish(job: Job, state: str, *, error: str = "") -> None:
    now = timezone.now()
    job.state = state
    job.progress = 100 if state == JobState.DONE else job.progress
    job.finished_at = now
    job.expires_at = now + timedelta(days=settings.JOB_FILE_DAYS)
    job.error = error
    job.save()


def finish_job(job: Job, *, row_count: int = 0) -> None:
    """A runner's job is done: 100%, and kept (with its link) like a finished file."""
    job.row_count = row_count
    _finish(job, JobState.DONE)


# What each kind of job does; apps add theirs (an import, say) with `job_runner`; a runner ends
# with `finish_job(job)`, or raises, and the job is marked failed.
RUNNERS: dict[str, Callable[[Job], None]] = {}


def job_runner(kind: str):
    """Decorator: `fn(job)` runs jobs of this kind instead of an exporter."""

    def register(fn):
        RUNNERS[kind] = fn
        return fn

    return register


@task()
def run_job(job_id: str) -> str:
    """The worker's entry point: run one job, and on failure say so in Vietnamese and log why."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now(), progress=F("progress")
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("user").get(pk=job_id)
    try:
        _load_exporters()
        RUNNERS.get(job.kind, run_export)(job)
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        if job.file:
            job.file.delete(save=False)
        job.file = ""
        _finish(
            job,
            JobState.FAILED,
            error=_(
                "The file could not be made. Nothing was half-written; try again, and tell "
                "the district union's staff if it fails again."
            ),
        )
        return "failed"
    return "done"


def delete_expired_jobs(*, now=None) -> int:
    """Delete finished jobs past their expiry, with their files; returns how many."""
    now = now or timezone.now()
    expired = list(Job.objects.filter(expires_at__lt=now).exclude(state__in=ACTIVE_STATES))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(expired)


@task()
def clean_expired_jobs() -> int:
    """The periodic clean-up: delete expired files, then run again in an hour."""
    removed = delete_expired_jobs()
    schedule_clean_up()
    return removed


def schedule_clean_up() -> None:
    """Make sure one clean-up is waiting to run (the worker calls this when it starts)."""
    backend = clean_expired_jobs.get_backend()
    if backend.__class__.__name__ == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=clean_expired_jobs.module_path
        )
        if waiting.exists():
            return
        clean_expired_jobs.using(run_after=timezone.now() + CLEAN_EVERY).enqueue()


def export_or_start_job(request: HttpRequest, exporter: Exporter) -> HttpResponse:
    """Small files download at once; above the exporter's threshold the file becomes a job."""
    estimate = exporter.count()
    if estimate is not None and estimate > getattr(settings, exporter.job_threshold_setting):
        job = start_export_job(exporter)
        return redirect(job)
    return export_response(exporter)
