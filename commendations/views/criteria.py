"""Criteria sets: the list, a set with its criteria, editing them, making a new version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commendations.forms.criteria import CriteriaSetForm, CriterionForm
from commendations.models import CriteriaSet, Criterion
from commendations.permissions.criteria import (
    can_manage_criteria,
    get_criteria_set_for,
    get_criterion_for,
)
from commendations.services.criteria import (
    add_criterion,
    create_criteria_version,
    criteria_set_in_use,
    remove_criterion,
    update_criteria_set,
    update_criterion,
)
from unionhub.core.forms import add_service_errors


@login_required
@require_safe
def criteria_set_list(request: HttpRequest) -> HttpResponse:
    if not can_manage_criteria(request.user):
        raise Http404
    sets = CriteriaSet.objects.order_by("name", "-version")
    return render(request, "commendations/criteriaset_list.html", {"criteria_sets": sets})


@login_required
@require_safe
def criteria_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for(request.user, pk)
    context = {
        "criteria_set": criteria_set,
        "criteria": criteria_set.criteria.order_by("order", "code"),
        "frozen": criteria_set_in_use(criteria_set),
        "rounds": criteria_set.rounds.order_by("-year"),
    }
    return render(request, "commendations/criteriaset_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criteria_set_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for(request.user, pk)
    frozen = criteria_set_in_use(criteria_set)
    form = CriteriaSetForm(request.POST or None, instance=criteria_set, frozen=frozen)
    if form.is_valid():
        try:
            update_criteria_set(
                criteria_set, by=request.user, base_version=form.base_version, **form.set_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Criteria set saved."))
            return redirect(criteria_set)
    context = {"form": form, "criteria_set": criteria_set, "frozen": frozen}
    return render(request, "commendations/criteriaset_form.html", context)


@login_required
@require_POST
def criteria_set_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for(request.user, pk)
    new_set = create_criteria_version(criteria_set, by=request.user)
    messages.success(request, _("Made %(set)s: edit its wording now.") % {"set": new_set})
    return redirect(new_set)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_create(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for(request.user, pk)
    form = CriterionForm(request.POST or None, instance=Criterion(criteria_set=criteria_set))
    if form.is_valid():
        try:
            add_criterion(criteria_set, by=request.user, **form.criterion_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Criterion added."))
            return redirect(criteria_set)
    context = {"form": form, "criteria_set": criteria_set}
    return render(request, "commendations/criterion_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for(request.user, pk)
    form = CriterionForm(request.POST or None, instance=criterion)
    if form.is_valid():
        try:
            update_criterion(
                criterion, by=request.user, base_version=form.base_version,
                **form.criterion_fields(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Criterion saved."))
            return redirect(criterion.criteria_set)
    context = {"form": form, "criteria_set": criterion.criteria_set, "criterion": criterion}
    return render(request, "commendations/criterion_form.html", context)


@login_required
@require_POST
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for(request.user, pk)
    criteria_set = criterion.criteria_set
    try:
        remove_criterion(criterion, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Criterion removed."))
    return redirect(criteria_set)
