"""Pages of a unit's member register: the list, a member, their forms and their data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from branches.exports import MemberDataExporter, MemberListExporter
from branches.forms.members import MemberFilterForm, MemberForm, StatusForm, TransferForm
from branches.forms.widgets import unit_search_response
from branches.models import Member
from branches.permissions import (
    can_edit_records,
    can_handle_personal_data,
    get_member_for,
    get_unit_for,
    transfer_targets,
)
from branches.services.members import (
    anonymise_member,
    change_member_status,
    create_member,
    transfer_member,
    update_member,
)
from branches.views.units import unit_context
from unionhub.core.exports import export_response
from unionhub.core.forms import add_service_errors
from unionhub.core.jobs import export_or_start_job
from unionhub.core.pages import CappedPaginator
from unionhub.core.text import search_terms

PAGE_SIZE = 50
# Members counted for a list at most: past it the list says "more than 10.000" (see pages.py).
# A search counts fewer: every word matched is read from the table, and a search that finds more
# than a thousand people is one to narrow, not to count.
COUNTED, COUNTED_FOUND = 10_000, 1_000


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_safe
def member_list(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk)
    filter_form = MemberFilterForm(request.GET, unit=unit)
    if options := unit_search_response(request, filter_form):
        return options
    members = filter_form.filter(Member.objects.below(unit))
    cap = COUNTED_FOUND if search_terms(request.GET.get("q")) else COUNTED
    page = CappedPaginator(members.select_related("unit").sorted(), PAGE_SIZE, cap=cap)
    page = page.get_page(request.GET.get("page"))
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
    exporter = MemberListExporter(user=request.user, unit=unit_pk, filters=request.GET.dict())
    return export_or_start_job(request, exporter)


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
            return redirect("branches:member_list", unit_pk=unit.pk)
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
    if options := unit_search_response(request, form):
        return options
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
            return redirect("branches:member_list", unit_pk=data["to_unit"].pk)
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
    return export_response(MemberDataExporter(user=request.user, member=pk))


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
        return redirect("branches:member", pk=member.pk)
    context = unit_context(request, member.unit, "members", member=member)
    return render(request, "branches/member_action.html", {**context, "action": "anonymise"})
