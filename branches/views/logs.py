"""Pages of a unit's meetings and activities: the year's logs and the forms to record them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from branches.forms.logs import ActivityForm, MeetingForm
from branches.models import Activity, Meeting
from branches.permissions import (
    can_edit_records,
    get_activity_for,
    get_meeting_for,
    get_unit_for,
)
from branches.services.logs import log_activity, log_meeting, update_activity, update_meeting
from branches.views.units import unit_context
from unionhub.core.forms import add_service_errors


def _year(value: str | None) -> int:
    try:
        return max(1900, min(2100, int(value or "")))
    except ValueError:
        return timezone.localdate().year


@login_required
@require_safe
def logs(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk)
    year = _year(request.GET.get("year"))
    context = unit_context(
        request,
        unit,
        "logs",
        year=year,
        meetings=Meeting.objects.filter(unit=unit, held_on__year=year),
        activities=Activity.objects.filter(unit=unit, held_on__year=year),
    )
    return render(request, "branches/log_list.html", context)


def _log_form(request: HttpRequest, unit, form, *, kind: str, save, obj=None) -> HttpResponse:
    if form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("branches:logs", unit_pk=unit.pk)
    context = unit_context(request, unit, "logs", form=form, object=obj)
    return render(request, f"branches/{kind}_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk, allow=can_edit_records)
    form = MeetingForm(request.POST or None)
    return _log_form(
        request, unit, form, kind="meeting",
        save=lambda f: log_meeting(unit, by=request.user, **f.log_fields()),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    return _log_form(
        request, meeting.unit, form, kind="meeting", obj=meeting,
        save=lambda f: update_meeting(
            meeting, by=request.user, base_version=f.base_version, **f.log_fields()
        ),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk, allow=can_edit_records)
    form = ActivityForm(request.POST or None)
    return _log_form(
        request, unit, form, kind="activity",
        save=lambda f: log_activity(unit, by=request.user, **f.log_fields()),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for(request.user, pk)
    form = ActivityForm(request.POST or None, instance=activity)
    return _log_form(
        request, activity.unit, form, kind="activity", obj=activity,
        save=lambda f: update_activity(
            activity, by=request.user, base_version=f.base_version, **f.log_fields()
        ),
    )  # fmt: skip
