"""Pages of the organisation tree: the list, the tree, a unit's page and history, and its forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from branches.forms.units import CloseUnitForm, MergeUnitForm, MoveUnitForm, UnitFilter, UnitForm
from branches.forms.widgets import unit_search_response
from branches.history import entries_for
from branches.models import Role, Unit, UnitLevel, child_levels, current_committee
from branches.permissions import (
    ancestors_for,
    can_edit_records,
    can_edit_unit,
    can_import_units,
    can_manage_unit,
    can_renew_link,
    can_restructure_unit,
    get_unit_for,
    top_units_visible_to,
    units_managed_by,
    units_visible_to,
)
from branches.services.units import close_unit, create_unit, merge_unit, move_unit, update_unit
from branches.tree import children_nodes, children_page, top_nodes
from unionhub.core.forms import add_service_errors

PAGE_SIZE = 50


def unit_flags(user, unit) -> dict:
    """What the unit header and tabs may offer this user."""
    return {
        "can_edit": can_edit_unit(user, unit),
        "can_manage": can_manage_unit(user, unit),
        "can_add_child": can_manage_unit(user, unit) and bool(child_levels(unit.level)),
        "can_restructure": can_restructure_unit(user, unit),
        "can_edit_records": can_edit_records(user, unit),
        "can_import_units": can_import_units(user, unit),
    }


def unit_context(request: HttpRequest, unit, tab: str, **extra) -> dict:
    """What a page under a unit's tabs needs: the unit, its breadcrumb, the tab and the flags."""
    return {
        "unit": unit,
        "ancestors": ancestors_for(request.user, unit),
        "tab": tab,
        **unit_flags(request.user, unit),
        **extra,
    }


@login_required
@require_safe
def unit_list(request: HttpRequest) -> HttpResponse:
    visible = units_visible_to(request.user)
    grassroots = visible.filter(level=UnitLevel.GRASSROOTS_UNION).order_by("name")
    unit_filter = UnitFilter(request.GET, queryset=visible, grassroots=grassroots)
    if options := unit_search_response(request, unit_filter.form):
        return options
    # Cut the page first, then count children for the page's units only.
    page = Paginator(unit_filter.qs.order_by("path").values_list("pk", flat=True), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    annotated = Unit.objects.filter(pk__in=list(page.object_list)).select_related("parent")
    annotated = annotated.annotate(
        child_count=Count("children", filter=Q(children__closed_on__isnull=True))
    )
    page.object_list = sorted(annotated, key=lambda unit: unit.path)
    query = request.GET.copy()
    query.pop("page", None)
    import_under = next(
        (u for u in units_managed_by(request.user).open().order_by("path")[:20]
         if can_import_units(request.user, u)),
        None,
    )  # fmt: skip
    context = {
        "filter": unit_filter,
        "page": page,
        "filter_query": query.urlencode(),
        "import_under": import_under,
    }
    return render(request, "branches/unit_list.html", context)


@login_required
@require_safe
def unit_tree(request: HttpRequest) -> HttpResponse:
    roots = top_nodes(top_units_visible_to(request.user))
    return render(request, "branches/unit_tree.html", {"level": roots})


@login_required
@require_safe
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk)
    start = request.GET.get("start", "")
    level = children_nodes(unit, int(start) if start.isdigit() else 0)
    # A later page is a run of list items that replaces the "show more" item.
    template = "branches/_tree_items.html" if level.start else "branches/_tree_nodes.html"
    return render(request, template, {"level": level})


CHILDREN_PAGE = 50  # the units listed under a unit's overview at a time


@login_required
@require_safe
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk)
    children = children_page(unit, request.GET.get("page"), CHILDREN_PAGE)
    flags = unit_flags(request.user, unit)
    roles = (
        list(Role.objects.filter(unit=unit).select_related("user").order_by("user__username"))
        if flags["can_manage"]
        else []
    )
    for role in roles:
        role.can_renew = role.user_id != request.user.pk and can_renew_link(request.user, role)
    context = {
        "unit": unit,
        "ancestors": ancestors_for(request.user, unit),
        "children": children,
        "roles": roles,
        "predecessors": unit.predecessors.all(),
        "committee": current_committee(unit),
        "tab": "overview",
        **flags,
    }
    return render(request, "branches/unit_detail.html", context)


@login_required
@require_safe
def unit_history(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk)
    page = Paginator(entries_for(unit), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "ancestors": ancestors_for(request.user, unit),
        "page": page,
        "tab": "history",
        **unit_flags(request.user, unit),
    }
    return render(request, "branches/unit_history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_unit_for(request.user, pk, allow=can_manage_unit)
    form = UnitForm(request.POST or None, parent=parent)
    if form.is_valid():
        try:
            unit = create_unit(by=request.user, parent=parent, **form.unit_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit “%(name)s” created.") % {"name": unit.name})
            return redirect(unit)
    return render(
        request, "branches/unit_form.html", {"form": form, "parent": parent, "unit": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, allow=can_edit_unit)
    form = UnitForm(request.POST or None, instance=unit)
    if form.is_valid():
        try:
            update_unit(unit, by=request.user, base_version=form.base_version, **form.unit_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(unit)
    return render(request, "branches/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, allow=can_restructure_unit)
    form = MoveUnitForm(
        request.POST or None, unit=unit, allowed_parents=units_managed_by(request.user)
    )
    if options := unit_search_response(request, form):
        return options
    if form.is_valid():
        try:
            move_unit(
                unit,
                by=request.user,
                new_parent=form.cleaned_data["new_parent"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit moved; everything under it moved with it."))
            return redirect(unit)
    return render(
        request, "branches/unit_action.html", {"form": form, "unit": unit, "action": "move"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_close(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, allow=can_restructure_unit)
    form = CloseUnitForm(request.POST or None)
    if form.is_valid():
        try:
            close_unit(
                unit,
                by=request.user,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit closed. Its records are kept."))
            return redirect(unit)
    return render(
        request, "branches/unit_action.html", {"form": form, "unit": unit, "action": "close"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_merge(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, allow=can_restructure_unit)
    form = MergeUnitForm(
        request.POST or None, unit=unit, allowed_units=units_managed_by(request.user)
    )
    if options := unit_search_response(request, form):
        return options
    if form.is_valid():
        try:
            merge_unit(
                unit,
                by=request.user,
                into=form.cleaned_data["successor"],
                merged_on=form.cleaned_data["merged_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit merged. Its history is kept."))
            return redirect(unit)
    return render(
        request, "branches/unit_action.html", {"form": form, "unit": unit, "action": "merge"}
    )
