"""Rounds: the list, opening and editing one, its honours, the nominations board, the images."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from branches.forms.widgets import unit_search_response
from branches.permissions import units_visible_to
from commendations.exports import RoundNominationsXlsx
from commendations.forms.nominations import NominateForm
from commendations.forms.rounds import HonourForm, RoundEditForm, RoundForm, RoundImagesForm
from commendations.models import DecisionStatus, Nomination, NominationStatus, Round
from commendations.permissions.criteria import can_manage_criteria
from commendations.permissions.nominations import nominable_units
from commendations.permissions.rounds import (
    can_manage_rounds,
    get_honour_for,
    get_round_for,
    manage_rounds,
)
from commendations.services.decisions import awaiting_award
from commendations.services.nominations import nominate
from commendations.services.rounds import (
    IMAGE_FIELDS,
    open_round,
    set_round_images,
    update_honour,
    update_round,
)
from commendations.uploads import private_file_response, stored_type
from unionhub.core.exports import export_response
from unionhub.core.forms import add_service_errors


def _open_to_nominate(user, round_: Round):
    """Units the user may still nominate in this round: their level has an honour, none yet."""
    if not round_.takes_nominations:
        return nominable_units(user).none()
    levels = list(round_.honours.values_list("unit_level", flat=True))
    return (
        nominable_units(user)
        .filter(level__in=levels)
        .exclude(nominations__round=round_)
        .select_related("parent")
        .order_by("path")
    )


@login_required
@require_safe
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.select_related("criteria_set").annotate(
        nomination_count=Count("nominations")
    )
    if not units_visible_to(request.user).exists():
        rounds = rounds.none()
    context = {
        "rounds": rounds,
        "can_manage": can_manage_rounds(request.user),
        "can_manage_criteria": can_manage_criteria(request.user),
    }
    return render(request, "commendations/round_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    if not can_manage_rounds(request.user):
        raise Http404
    form = RoundForm(request.POST or None)
    if form.is_valid():
        try:
            round_ = open_round(by=request.user, honours=form.honour_specs(), **form.round_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Round opened."))
            return redirect(round_)
    return render(request, "commendations/round_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for(request.user, pk, allow=manage_rounds)
    form = RoundEditForm(request.POST or None, instance=round_)
    if form.is_valid():
        try:
            update_round(
                round_, by=request.user, base_version=form.base_version, **form.round_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Round saved."))
            return redirect(round_)
    return render(request, "commendations/round_form.html", {"form": form, "round": round_})


@login_required
@require_http_methods(["GET", "POST"])
def honour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    honour = get_honour_for(request.user, pk)
    form = HonourForm(request.POST or None, instance=honour)
    if form.is_valid():
        try:
            update_honour(
                honour, by=request.user, base_version=form.base_version, **form.honour_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Honour saved."))
            return redirect(honour.round)
    context = {"form": form, "honour": honour, "round": honour.round}
    return render(request, "commendations/honour_form.html", context)


# The board shows the first nominations of each honour; "all" opens that honour's pages.
BOARD_PREVIEW = 20
BOARD_PAGE = 50


def _board(user, round_: Round, status: str, *, honour_pk=None, page=None) -> list[dict]:
    """Per honour: counts by status (against the quota) and the first nominations the user may
    see, or, for the honour chosen, one page of them."""
    visible = Nomination.objects.filter(round=round_, unit__in=units_visible_to(user))
    counts: dict[int, dict[str, int]] = {}
    for row in visible.order_by().values("honour_id", "status").annotate(n=Count("pk")):
        counts.setdefault(row["honour_id"], {})[row["status"]] = row["n"]
    listed = visible.select_related("unit", "unit__parent").order_by("unit__path")
    if status:
        listed = listed.filter(status=status)
    honours = round_.honours.all()
    if honour_pk is not None:
        honours = honours.filter(pk=honour_pk)
    columns = []
    for honour in honours:
        mine = counts.get(honour.pk, {})
        shown = sum(mine.values()) if not status else mine.get(status, 0)
        column = {
            "honour": honour,
            "counts": [(s, mine.get(s.value, 0)) for s in NominationStatus],
            "total": sum(mine.values()),
            "shown": shown,
            "approved": mine.get(NominationStatus.APPROVED, 0),
        }
        of_honour = listed.filter(honour=honour)
        if honour_pk is not None:
            column["page"] = Paginator(of_honour, BOARD_PAGE).get_page(page)
            column["nominations"] = column["page"].object_list
        else:
            column["nominations"] = list(of_honour[:BOARD_PREVIEW])
            column["more"] = shown > BOARD_PREVIEW
        columns.append(column)
    return columns


@login_required
@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for(request.user, pk)
    status = request.GET.get("status", "")
    status = status if status in NominationStatus.values else ""
    honour = request.GET.get("honour", "")
    honour_pk = int(honour) if honour.isdigit() else None
    staff = can_manage_rounds(request.user)
    units = _open_to_nominate(request.user, round_)
    nominate_form = NominateForm(units=units) if units.exists() else None
    if nominate_form and (options := unit_search_response(request, nominate_form)):
        return options
    context = {
        "round": round_,
        "board": _board(
            request.user,
            round_,
            status,
            honour_pk=honour_pk,
            page=request.GET.get("page"),
        ),
        "honour_pk": honour_pk,
        "query": urlencode({k: v for k, v in (("status", status), ("honour", honour_pk)) if v}),
        "status": status,
        "statuses": NominationStatus.choices,
        "nominate_form": nominate_form,
        "can_manage": staff,
        "decisions": round_.decisions.select_related("issuer")
        if staff
        else round_.decisions.filter(
            status=DecisionStatus.ISSUED,
            awards__nomination__unit__in=units_visible_to(request.user),
        ).distinct(),
        "awaiting": awaiting_award(round_).count() if staff else 0,
    }
    return render(request, "commendations/round_detail.html", context)


@login_required
@require_safe
def round_nominations_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(RoundNominationsXlsx(user=request.user, round=pk))


@login_required
@require_POST
def round_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for(request.user, pk)
    form = NominateForm(request.POST, units=_open_to_nominate(request.user, round_))
    if form.is_valid():
        try:
            nomination = nominate(form.cleaned_data["unit"], by=request.user, round=round_)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Nomination created: fill in the scorecard."))
            return redirect("commendations:nomination_edit", pk=nomination.pk)
    else:
        messages.error(request, _("Choose one of your units that is not nominated yet."))
    return redirect(round_)


@login_required
@require_http_methods(["GET", "POST"])
def round_images(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for(request.user, pk, allow=manage_rounds)
    form = RoundImagesForm(request.POST or None, request.FILES or None, round_=round_)
    if form.is_valid():
        try:
            set_round_images(
                round_, by=request.user, base_version=form.base_version, **form.images()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Images saved; they are printed on the certificates."))
            return redirect(round_)
    return render(request, "commendations/round_images.html", {"form": form, "round": round_})


@login_required
@require_safe
def round_image(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    round_ = get_round_for(request.user, pk, allow=manage_rounds)
    field = getattr(round_, IMAGE_FIELDS[kind]) if kind in IMAGE_FIELDS else None
    if not field:
        raise Http404
    return private_file_response(field, content_type=stored_type(field))
