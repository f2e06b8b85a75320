"""Pages of a unit's committee: who holds which seat, and the forms to record and correct one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from branches.forms.positions import PositionForm
from branches.models import POSITION_ORDER, Position
from branches.permissions import can_edit_records, get_position_for, get_unit_for
from branches.services.positions import create_position, update_position
from branches.views.units import unit_context
from unionhub.core.forms import add_service_errors


@login_required
@require_safe
def committee(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk)
    positions = Position.objects.filter(unit=unit).select_related("member")
    current = sorted(
        (p for p in positions if p.is_current),
        key=lambda p: (POSITION_ORDER[p.role], p.started_on),
    )
    past = sorted(
        (p for p in positions if not p.is_current), key=lambda p: p.ended_on, reverse=True
    )
    context = unit_context(request, unit, "committee", current=current, past=past)
    return render(request, "branches/position_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def position_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk, allow=can_edit_records)
    form = PositionForm(request.POST or None, unit=unit)
    if form.is_valid():
        try:
            create_position(unit, by=request.user, **form.position_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Committee position added."))
            return redirect("branches:committee", unit_pk=unit.pk)
    context = unit_context(request, unit, "committee", form=form, object=None)
    return render(request, "branches/position_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_position_for(request.user, pk)
    form = PositionForm(request.POST or None, instance=position, unit=position.unit)
    if form.is_valid():
        try:
            update_position(
                position,
                by=request.user,
                base_version=form.base_version,
                **form.position_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("branches:committee", unit_pk=position.unit_id)
    context = unit_context(request, position.unit, "committee", form=form, object=position)
    return render(request, "branches/position_form.html", context)
