"""A user's jobs: the list, one job's progress (polled by htmx), and its file."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from unionhub.core.exports import file_response
from unionhub.core.jobs import jobs_of


@login_required
@require_safe
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = jobs_of(request.user).exclude(expires_at__lt=timezone.now())
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page_obj": page, "jobs": page.object_list})


@login_required
@require_safe
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    template = (
        "jobs/_job_status.html" if request.headers.get("HX-Request") else "jobs/job_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_safe
def job_file(request: HttpRequest, pk) -> HttpResponse:
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    if not job.has_file or (job.expires_at and job.expires_at < timezone.now()):
        raise Http404
    with job.file.open("rb") as handle:
        content = handle.read()
    return file_response(content, filename=job.filename, content_type=job.content_type)
