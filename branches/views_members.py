"""Pages of a unit's register, committee, and meetings and activities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from branches.exports import member_data_rows, member_header, member_rows, member_widths
from branches.forms_records import (
    ActivityForm,
    MeetingForm,
    MemberFilterForm,
    MemberForm,
    PositionForm,
    StatusForm,
    TransferForm,
)
from branches.models import Activity, Meeting, Member, Position, PositionRole
from branches.permissions import ancestors_for, get_unit_for
from branches.permissions_records import (
    can_edit_records,
    can_handle_personal_data,
    get_activity_for,
    get_meeting_for,
    get_member_for,
    get_position_for,
    transfer_targets,
)
from branches.services_members import (
    anonymise_member,
    change_member_status,
    create_member,
    create_position,
    log_activity,
    log_meeting,
    transfer_member,
    update_activity,
    update_meeting,
    update_member,
    update_position,
)
from branches.views import _flags
from unionhub.core.exportlog import log_export
from unionhub.core.forms import add_service_errors
from unionhub.core.xlsx import Sheet, workbook_bytes, xlsx_response

PAGE_SIZE = 50


def unit_context(request: HttpRequest, unit, tab: str, **extra) -> dict:
    """What the unit header and tabs need, with the permission flags of the records pages."""
    return {
        "unit": unit,
        "ancestors": ancestors_for(request.user, unit),
        "tab": tab,
        **_flags(request.user, unit),
        "can_edit_records": can_edit_records(request.user, unit),
        **extra,
    }


def _year(value: str | None) -> int:
    try:
        return max(1900, min(2100, int(value or "")))
    except ValueError:
        return timezone.localdate().year


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- members ----------------------------------------------------------------------------------


@login_required
@require_safe
def member_list(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk)
    filter_form = MemberFilterForm(request.GET)
    members = filter_form.filter(Member.objects.filter(unit__path__startswith=unit.path))
    page = Paginator(members.select_related("unit").sorted(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = unit_context(
        request,
        unit,
        "members",
        filter_form=filter_form,
        page=page,
        filter_query=_query_without_page(request),
        has_units_below=unit.children.exists(),
        selected_status=request.GET.get("status", "active"),
    )
    return render(request, "branches/member_list.html", context)


@login_required
@require_safe
def member_export(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk)
    members = MemberFilterForm(request.GET).filter(
        Member.objects.filter(unit__path__startswith=unit.path)
    )
    count = members.count()
    sheet = Sheet(
        title=unit.short_name or unit.name,
        header=member_header(),
        rows=member_rows(members.sorted()),
        widths=member_widths(),
    )
    content = workbook_bytes([sheet])
    log_export(by=request.user, kind="member list", unit=unit, row_count=count)
    return xlsx_response(content, f"Danh sách đoàn viên – {unit.name}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk, allow=can_edit_records)
    form = MemberForm(request.POST or None)
    if form.is_valid():
        try:
            member = create_member(unit, by=request.user, **form.member_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": member.full_name})
            return redirect("records:member_list", unit_pk=unit.pk)
    context = unit_context(request, unit, "members", form=form, member=None)
    return render(request, "branches/member_form.html", context)


@login_required
@require_safe
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk)
    context = unit_context(
        request,
        member.unit,
        "members",
        member=member,
        transfers=member.transfers.select_related("from_unit", "to_unit", "by"),
        positions=member.positions.select_related("unit"),
        can_handle_personal_data=can_handle_personal_data(request.user, member.unit),
    )
    return render(request, "branches/member_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, allow=can_edit_records)
    form = MemberForm(request.POST or None, instance=member)
    if form.is_valid():
        try:
            update_member(
                member, by=request.user, base_version=form.base_version, **form.member_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(member)
    context = unit_context(request, member.unit, "members", form=form, member=member)
    return render(request, "branches/member_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, allow=can_edit_records)
    targets = transfer_targets(request.user, member)
    form = TransferForm(request.POST or None, member=member, targets=targets)
    if form.is_valid():
        data = form.cleaned_data
        try:
            transfer_member(
                member,
                by=request.user,
                to_unit=data["to_unit"],
                transferred_on=data["transferred_on"],
                note=data["note"],
                base_version=form.base_version,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now on the register of %(unit)s.")
                % {"name": member.full_name, "unit": data["to_unit"]},
            )
            return redirect("records:member_list", unit_pk=data["to_unit"].pk)
    context = unit_context(request, member.unit, "members", form=form, member=member)
    return render(request, "branches/member_action.html", {**context, "action": "transfer"})


@login_required
@require_http_methods(["GET", "POST"])
def member_status(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, allow=can_edit_records)
    form = StatusForm(request.POST or None, member=member)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change_member_status(
                member,
                by=request.user,
                to=data["to"],
                on=data["on"],
                note=data["note"],
                base_version=form.base_version,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect(member)
    context = unit_context(request, member.unit, "members", form=form, member=member)
    return render(request, "branches/member_action.html", {**context, "action": "status"})


@login_required
@require_safe
def member_data_export(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, allow=can_handle_personal_data)
    rows = list(member_data_rows(member))
    sheet = Sheet(
        title=_("Personal data"), header=[_("What"), _("Value")], rows=rows, widths=[28, 70]
    )
    content = workbook_bytes([sheet])
    log_export(
        by=request.user,
        kind="personal data of a member",
        unit=member.unit,
        row_count=1,
        detail=f"member #{member.pk}",
    )
    return xlsx_response(content, f"Dữ liệu cá nhân – {member.full_name}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def member_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, allow=can_handle_personal_data)
    if request.method == "POST":
        try:
            anonymise_member(member, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The member's personal data has been erased."))
        return redirect("records:member", pk=member.pk)
    context = unit_context(request, member.unit, "members", member=member)
    return render(request, "branches/member_action.html", {**context, "action": "anonymise"})


# --- committee --------------------------------------------------------------------------------


@login_required
@require_safe
def committee(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk)
    positions = Position.objects.filter(unit=unit).select_related("member")
    current = sorted(
        (p for p in positions if p.is_current),
        key=lambda p: (list(PositionRole).index(p.role), p.started_on),
    )
    past = sorted(
        (p for p in positions if not p.is_current), key=lambda p: p.ended_on, reverse=True
    )
    context = unit_context(request, unit, "committee", current=current, past=past)
    return render(request, "branches/committee.html", context)


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
            return redirect("records:committee", unit_pk=unit.pk)
    context = unit_context(request, unit, "committee", form=form, kind="position")
    return render(request, "branches/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_position_for(request.user, pk)
    form = PositionForm(request.POST or None, instance=position, unit=position.unit)
    if form.is_valid():
        try:
            update_position(position, by=request.user, **form.position_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("records:committee", unit_pk=position.unit_id)
    context = unit_context(request, position.unit, "committee", form=form, kind="position")
    return render(request, "branches/record_form.html", {**context, "object": position})


# --- meetings and activities ------------------------------------------------------------------


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
    return render(request, "branches/logs.html", context)


def _log_form(request: HttpRequest, unit, form, *, kind: str, create, obj=None) -> HttpResponse:
    if form.is_valid():
        try:
            create(**form.log_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("records:logs", unit_pk=unit.pk)
    context = unit_context(request, unit, "logs", form=form, kind=kind, object=obj)
    return render(request, "branches/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk, allow=can_edit_records)
    form = MeetingForm(request.POST or None)
    return _log_form(
        request, unit, form, kind="meeting",
        create=lambda **f: log_meeting(unit, by=request.user, **f),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    return _log_form(
        request, meeting.unit, form, kind="meeting", obj=meeting,
        create=lambda **f: update_meeting(meeting, by=request.user, **f),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk, allow=can_edit_records)
    form = ActivityForm(request.POST or None)
    return _log_form(
        request, unit, form, kind="activity",
        create=lambda **f: log_activity(unit, by=request.user, **f),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for(request.user, pk)
    form = ActivityForm(request.POST or None, instance=activity)
    return _log_form(
        request, activity.unit, form, kind="activity", obj=activity,
        create=lambda **f: update_activity(activity, by=request.user, **f),
    )  # fmt: skip
