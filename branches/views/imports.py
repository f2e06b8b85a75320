"""Pages of an import: upload a list, see what it would change, correct the columns, confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from branches.exports import (
    MemberImportTemplateExporter,
    RefusedRowsExporter,
    UnitImportTemplateExporter,
)
from branches.forms.imports import ImportMappingForm, ImportUploadForm
from branches.models import Import, ImportKind, ImportState
from branches.permissions import can_import_members, can_import_units, get_import_for, get_unit_for
from branches.services.imports import confirm_import, remap_import, start_import
from branches.views.units import unit_context
from unionhub.core.exports import export_response
from unionhub.core.forms import add_service_errors

ERRORS_PER_PAGE = 100
RECENT = 10


def _upload(request: HttpRequest, unit, kind: str) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = start_import(
                unit, by=request.user, kind=kind, file_name=upload.name, content=form.content
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(record)
    recent = (
        Import.objects.filter(unit=unit, kind=kind)
        .select_related("created_by")
        .defer("planned", "errors", "changes", "columns")[:RECENT]
    )
    tab = "members" if kind == ImportKind.MEMBERS else "overview"
    context = unit_context(request, unit, tab, form=form, kind=kind, recent=recent)
    return render(request, "branches/import_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk, allow=can_import_members)
    return _upload(request, unit, ImportKind.MEMBERS)


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk, allow=can_import_units)
    return _upload(request, unit, ImportKind.UNITS)


@login_required
@require_safe
def member_import_template(request: HttpRequest, unit_pk: int) -> HttpResponse:
    return export_response(MemberImportTemplateExporter(user=request.user, unit=unit_pk))


@login_required
@require_safe
def unit_import_template(request: HttpRequest, unit_pk: int) -> HttpResponse:
    return export_response(UnitImportTemplateExporter(user=request.user, unit=unit_pk))


def _detail_context(request: HttpRequest, record: Import, form=None) -> dict:
    errors = Paginator(record.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    tab = "members" if record.is_members else "overview"
    return unit_context(
        request,
        record.unit,
        tab,
        record=record,
        errors=errors,
        mapping_form=form or ImportMappingForm(record=record),
    )


@login_required
@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_import_for(request.user, pk)
    if request.headers.get("HX-Request"):
        return render(request, "branches/_import_status.html", {"record": record})
    return render(request, "branches/import_detail.html", _detail_context(request, record))


@login_required
@require_POST
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_import_for(request.user, pk)
    form = ImportMappingForm(request.POST, record=record)
    if form.is_valid():
        try:
            record = remap_import(record, by=request.user, mapping=form.mapping())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The list was checked again with your columns."))
            return redirect(record)
    context = _detail_context(request, record, form)
    return render(request, "branches/import_detail.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_import_for(request.user, pk)
    try:
        record = confirm_import(record, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(record)
    if record.state == ImportState.APPLIED:
        messages.success(
            request,
            _("Written: %(created)s new, %(updated)s corrected, %(unchanged)s unchanged.")
            % {
                "created": record.created_count,
                "updated": record.updated_count,
                "unchanged": record.unchanged_count,
            },
        )
        if record.is_members:
            return redirect("branches:member_list", unit_pk=record.unit_id)
        return redirect(record.unit)
    if record.state == ImportState.REFUSED:
        messages.error(request, _("The records changed since the check: rows are now refused."))
    return redirect(record)


@login_required
@require_safe
def import_refused(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(RefusedRowsExporter(user=request.user, record=pk))
