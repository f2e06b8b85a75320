"""A nomination: its page, the scorecard, evidence files, submitting it; a unit's nominations tab."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from branches.permissions import ancestors_for, can_edit_unit, get_unit_for
from commendations.figures import figures_beside_criteria
from commendations.forms.nominations import EvidenceFileForm, NoteForm, ScorecardForm
from commendations.models import Assessment, EvidenceFile, Nomination, NominationStatus
from commendations.permissions.nominations import (
    can_edit_nomination,
    can_endorse_nomination,
    can_review_nomination,
    can_submit_nomination,
    get_nomination_for,
)
from commendations.services.nominations import (
    add_evidence_file,
    remove_evidence_file,
    save_scorecard,
    submit_nomination,
)
from commendations.uploads import private_file_response
from unionhub.core.forms import add_service_errors
from unionhub.core.pages import page_of

UNIT_NOMINATIONS_PAGE = 50

# What the user may do with the nomination now: the right (permissions) and the state (model).


def open_to_edit(user, nomination: Nomination) -> bool:
    return can_edit_nomination(user, nomination) and nomination.accepts_changes


def open_to_submit(user, nomination: Nomination) -> bool:
    return can_submit_nomination(user, nomination) and nomination.accepts_changes


def open_to_endorse(user, nomination: Nomination) -> bool:
    return can_endorse_nomination(user, nomination) and nomination.awaits_endorsement


def open_to_review(user, nomination: Nomination) -> bool:
    return can_review_nomination(user, nomination) and nomination.awaits_review


def open_to_return(user, nomination: Nomination) -> bool:
    return open_to_endorse(user, nomination) or open_to_review(user, nomination)


def assessments_of(nomination: Nomination) -> list[Assessment]:
    """The scorecard with its criteria and files (current and removed) in three queries."""
    files = EvidenceFile.objects.select_related("removed_by").order_by("uploaded_at", "pk")
    return list(
        nomination.assessments.select_related("criterion").prefetch_related(
            Prefetch("files", queryset=files)
        )
    )


@login_required
@require_safe
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk)
    user = request.user
    context = {
        "nomination": nomination,
        "assessments": assessments_of(nomination),
        "figures": figures_beside_criteria(nomination),
        "transitions": nomination.transitions.select_related("by"),
        "awards": nomination.awards.select_related("decision", "decision__issuer"),
        "note_form": NoteForm(nomination=nomination),
        "can_edit": open_to_edit(user, nomination),
        "can_submit": open_to_submit(user, nomination),
        "can_endorse": open_to_endorse(user, nomination),
        "can_review": open_to_review(user, nomination),
    }
    return render(request, "commendations/nomination_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk, allow=open_to_edit)
    assessments = assessments_of(nomination)
    form = ScorecardForm(request.POST or None, nomination=nomination, assessments=assessments)
    if form.is_valid():
        try:
            save_scorecard(
                nomination,
                by=request.user,
                items=form.items(),
                summary=form.cleaned_data["summary"],
                base_version=form.base_version,
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
    nomination = get_nomination_for(request.user, pk, allow=open_to_edit)
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
    return private_file_response(
        evidence.file, content_type=evidence.content_type, filename=evidence.original_name
    )


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk, allow=open_to_edit)
    try:
        remove_evidence_file(_evidence_of(nomination, file_pk), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("File removed; the nomination's history keeps it."))
    return redirect("commendations:nomination_edit", pk=nomination.pk)


def move_view(
    request: HttpRequest, pk: int, allow: Callable, service: Callable, success: str
) -> HttpResponse:
    """Submit, endorse or return: one note, the page's version, a message, back to the page."""
    nomination = get_nomination_for(request.user, pk, allow=allow)
    form = NoteForm(request.POST, nomination=nomination)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(nomination)
    try:
        service(
            nomination,
            by=request.user,
            note=form.cleaned_data["note"],
            base_version=form.base_version,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(nomination)


@login_required
@require_POST
def nomination_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return move_view(request, pk, open_to_submit, submit_nomination, _("Nomination submitted."))


@login_required
@require_safe
def unit_nominations(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk)
    nominations = (
        Nomination.objects.filter(unit__path__startswith=unit.path)
        .select_related("round", "honour", "unit")
        .order_by("-round__year", "round_id", "unit__path", "pk")
    )
    page = page_of(nominations, request.GET.get("page"), UNIT_NOMINATIONS_PAGE)
    context = {
        "unit": unit,
        "ancestors": ancestors_for(request.user, unit),
        "nominations": page.object_list,
        "page": page,
        "tab": "nominations",
        "can_edit": can_edit_unit(request.user, unit),
        "statuses": NominationStatus,
    }
    return render(request, "commendations/unit_nominations.html", context)
