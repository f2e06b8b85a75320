"""A nomination: its page, the scorecard, evidence files, submit, endorse, return, review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from branches.permissions import ancestors_for, can_edit_unit, get_unit_for
from commendations.forms import EvidenceFileForm, NoteForm, ReviewForm, ScorecardForm
from commendations.models import Assessment, EvidenceFile, Nomination, NominationStatus
from commendations.permissions import (
    can_edit_nomination,
    can_endorse_nomination,
    can_review_nomination,
    can_submit_nomination,
    get_nomination_for,
)
from commendations.records import figures_beside_criteria
from commendations.services import (
    add_evidence_file,
    endorse_nomination,
    remove_evidence_file,
    return_nomination,
    review_nomination,
    save_scorecard,
    submit_nomination,
)
from unionhub.core.forms import add_service_errors


def _assessments(nomination: Nomination) -> list[Assessment]:
    return list(nomination.assessments.select_related("criterion").prefetch_related("files"))


def _flags(user, nomination: Nomination) -> dict:
    return {
        "can_edit": can_edit_nomination(user, nomination),
        "can_submit": can_submit_nomination(user, nomination),
        "can_endorse": can_endorse_nomination(user, nomination),
        "can_review": can_review_nomination(user, nomination),
    }


def _can_return(user, nomination: Nomination) -> bool:
    return can_endorse_nomination(user, nomination) or can_review_nomination(user, nomination)


@login_required
@require_safe
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk)
    context = {
        "nomination": nomination,
        "assessments": _assessments(nomination),
        "figures": figures_beside_criteria(nomination),
        "transitions": nomination.transitions.select_related("by"),
        "awards": nomination.awards.select_related("decision", "decision__issuer"),
        "note_form": NoteForm(),
        **_flags(request.user, nomination),
    }
    return render(request, "commendations/nomination_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk, allow=can_edit_nomination)
    assessments = _assessments(nomination)
    form = ScorecardForm(request.POST or None, nomination=nomination, assessments=assessments)
    if form.is_valid():
        try:
            save_scorecard(
                nomination,
                by=request.user,
                items=form.items(),
                summary=form.cleaned_data["summary"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Scorecard saved."))
            return redirect(nomination)
    context = {
        "nomination": nomination,
        "form": form,
        "figures": figures_beside_criteria(nomination),
        "file_form": EvidenceFileForm(),
    }
    return render(request, "commendations/nomination_form.html", context)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk, allow=can_edit_nomination)
    assessment = nomination.assessments.filter(pk=assessment_pk).first()
    if assessment is None:
        raise Http404
    form = EvidenceFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_evidence_file(assessment, by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("File attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("commendations:nomination_edit", pk=nomination.pk)


def _evidence_of(nomination: Nomination, file_pk: int) -> EvidenceFile:
    evidence = EvidenceFile.objects.filter(pk=file_pk, assessment__nomination=nomination).first()
    if evidence is None:
        raise Http404
    return evidence


@login_required
@require_safe
def evidence_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    nomination = get_nomination_for(request.user, pk)
    evidence = _evidence_of(nomination, file_pk)
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        filename=evidence.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk, allow=can_edit_nomination)
    remove_evidence_file(_evidence_of(nomination, file_pk), by=request.user)
    messages.success(request, _("File removed."))
    return redirect("commendations:nomination_edit", pk=nomination.pk)


def _move(request: HttpRequest, pk: int, allow, service, success: str) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk, allow=allow)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        service(nomination, by=request.user, note=form.cleaned_data.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(nomination)


@login_required
@require_POST
def nomination_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, can_submit_nomination, submit_nomination, _("Nomination submitted."))


@login_required
@require_POST
def nomination_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, can_endorse_nomination, endorse_nomination, _("Nomination endorsed."))


@login_required
@require_POST
def nomination_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, _can_return, return_nomination, _("Nomination returned to the unit."))


@login_required
@require_http_methods(["GET", "POST"])
def nomination_review(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk, allow=can_review_nomination)
    form = ReviewForm(request.POST or None, assessments=_assessments(nomination))
    if form.is_valid():
        try:
            review_nomination(
                nomination,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                verdicts=form.verdicts(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review saved."))
            return redirect(nomination)
    context = {
        "nomination": nomination,
        "form": form,
        "figures": figures_beside_criteria(nomination),
    }
    return render(request, "commendations/nomination_review.html", context)


@login_required
@require_safe
def unit_nominations(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk)
    nominations = (
        Nomination.objects.filter(unit__path__startswith=unit.path)
        .select_related("round", "honour", "unit")
        .order_by("-round__year", "round_id", "unit__path")
    )
    context = {
        "unit": unit,
        "ancestors": ancestors_for(request.user, unit),
        "nominations": nominations,
        "tab": "nominations",
        "can_edit": can_edit_unit(request.user, unit),
        "statuses": NominationStatus,
    }
    return render(request, "commendations/unit_nominations.html", context)
