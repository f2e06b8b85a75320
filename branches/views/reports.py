"""Pages of the periodic reports: periods, a unit's report form, the board and the totals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from branches.board import (
    STATE_LABELS,
    STATES,
    find_groups,
    group_counts,
    group_lines,
    kept_board_groups,
    kept_period_totals,
    most_not_filed_first,
)
from branches.documents import UnitReportPdf
from branches.exports import ReportBoardExporter
from branches.forms.reports import (
    BoardSearchForm,
    GroupSearchForm,
    PeriodForm,
    RecallForm,
    ReturnForm,
    UnitReportForm,
)
from branches.forms.units import UnitByNameForm
from branches.forms.widgets import unit_search_response
from branches.models import FIGURE_FIELDS, ReportStatus, Unit, UnitReport
from branches.permissions import (
    can_file_report,
    can_open_periods,
    can_review_report,
    get_filing_for,
    get_period_for,
    get_report_for,
    get_unit_for,
    periods_visible_to,
    units_visible_to,
)
from branches.services.reports import (
    add_unit_to_period,
    open_report_period,
    prefilled_figures,
    recall_unit_report,
    remove_unit_from_period,
    return_unit_report,
    save_unit_report,
    start_unit_report,
)
from branches.views.units import unit_context
from unionhub.core.exports import export_response
from unionhub.core.forms import add_service_errors
from unionhub.core.jobs import export_or_start_job

# A city has hundreds of grassroots unions: the board and the totals show them a page at a time.
GROUPS_PER_PAGE = 20


@login_required
@require_safe
def period_list(request: HttpRequest) -> HttpResponse:
    periods = periods_visible_to(request.user).order_by("-ends_on", "-pk")
    context = {"periods": periods, "can_open": can_open_periods(request.user)}
    return render(request, "branches/period_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def period_create(request: HttpRequest) -> HttpResponse:
    if not can_open_periods(request.user):
        raise Http404
    form = PeriodForm(request.POST or None, units=units_visible_to(request.user))
    if options := unit_search_response(request, form):
        return options
    if form.is_valid():
        data = form.cleaned_data
        try:
            period = open_report_period(
                by=request.user,
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                due_on=data["due_on"],
                units=data["units"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Period opened for %(n)s units.") % {"n": len(data["units"])},
            )
            return redirect(period)
    return render(request, "branches/period_form.html", {"form": form})


def _groups_page(request: HttpRequest, groups: list, search: GroupSearchForm):
    """The groups the search finds, in the order asked, a page at a time."""
    data = search.cleaned_data if search.is_valid() else {}
    groups = find_groups(groups, data.get("q", ""))
    if data.get("sort") == BoardSearchForm.MOST_NOT_FILED:
        groups = most_not_filed_first(groups)
    return Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))


@login_required
@require_safe
def board(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_period_for(request.user, pk)
    the_board = kept_board_groups(period, units_visible_to(request.user))
    search = BoardSearchForm(request.GET)
    context = {
        "period": period,
        "board": the_board,
        "groups": _groups_page(request, the_board.groups, search),
        "search": search,
        "filter_query": search.query(),
        "unit_form": UnitByNameForm(units=Unit.objects.none())
        if can_open_periods(request.user)
        else None,
    }
    return render(request, "branches/period_board.html", context)


@login_required
@require_POST
def period_units(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask one more unit for the period's report, or stop asking one that has not started."""
    period = get_period_for(request.user, pk)
    if not can_open_periods(request.user):
        raise Http404
    form = UnitByNameForm(request.POST, units=units_visible_to(request.user).open())
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["unit"]))
        return redirect(period)
    unit, remove = form.cleaned_data["unit"], request.POST.get("action") == "remove"
    try:
        (remove_unit_from_period if remove else add_unit_to_period)(period, unit, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = (
            _("%(unit)s is no longer asked for this report.")
            if remove
            else _("%(unit)s is now asked for this report.")
        )
        messages.success(request, done % {"unit": unit.name})
    return redirect(period)


@login_required
@require_safe
def board_group(request: HttpRequest, pk: int, key: int) -> HttpResponse:
    period = get_period_for(request.user, pk)
    visible = units_visible_to(request.user)
    group = group_counts(period, visible, key)
    if group is None:
        raise Http404
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    lines = group_lines(period, visible, key=key, state=state, page=request.GET.get("page", 1))
    context = {
        "period": period,
        "group": group,
        "lines": lines,
        "state": state,
        "states": [(s, STATE_LABELS[s], group.count(s)) for s in STATES],
        "filter_query": f"state={state}" if state else "",
    }
    return render(request, "branches/period_group.html", context)


@login_required
@require_safe
def totals(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_period_for(request.user, pk)
    the_totals = kept_period_totals(period, units_visible_to(request.user))
    search = GroupSearchForm(request.GET)
    context = {
        "period": period,
        "rows": _groups_page(request, the_totals.groups, search),
        "district": the_totals.district,
        "search": search,
        "filter_query": search.query(),
        "figure_labels": [UnitReport._meta.get_field(n).verbose_name for n in FIGURE_FIELDS],
    }
    return render(request, "branches/period_totals.html", context)


@login_required
@require_safe
def board_export(request: HttpRequest, pk: int) -> HttpResponse:
    return export_or_start_job(request, ReportBoardExporter(user=request.user, period=pk))


@login_required
@require_safe
def unit_reports(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk)
    periods = unit.report_periods.order_by("-ends_on", "-pk")
    reports = {r.period_id: r for r in UnitReport.objects.filter(unit=unit)}
    rows = [(period, reports.get(period.pk)) for period in periods]
    context = unit_context(
        request,
        unit,
        "reports",
        rows=rows,
        can_file=can_file_report(request.user, unit),
        periods_below=periods_visible_to(request.user)
        .filter(units__path__startswith=unit.path)
        .exclude(units=unit)
        .distinct()[:5],
    )
    return render(request, "branches/report_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_file(request: HttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    unit, period = get_filing_for(request.user, unit_pk, period_pk)
    report = UnitReport.objects.filter(period=period, unit=unit).first()
    if report is not None and not report.is_editable:
        return redirect(report)
    if report is None:
        # Shown pre-filled; saved only when the unit saves it (a GET changes nothing).
        report = UnitReport(period=period, unit=unit, **prefilled_figures(unit, period))
        if request.method == "POST":
            report = start_unit_report(period, unit, by=request.user)
    form = UnitReportForm(request.POST or None, instance=report)
    if form.is_valid():
        submit = "submit" in request.POST
        try:
            save_unit_report(
                report,
                by=request.user,
                base_version=form.base_version,
                submit=submit,
                **form.report_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Report submitted.") if submit else _("Draft saved."))
            return (
                redirect(report) if submit else redirect("branches:unit_reports", unit_pk=unit.pk)
            )
    context = unit_context(request, unit, "reports", form=form, report=report, period=period)
    return render(request, "branches/report_form.html", context)


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    can_review = can_review_report(request.user, report)
    context = unit_context(
        request,
        report.unit,
        "reports",
        report=report,
        transitions=report.transitions.select_related("by"),
        figures=[
            (UnitReport._meta.get_field(n).verbose_name, getattr(report, n)) for n in FIGURE_FIELDS
        ],
        can_file=can_file_report(request.user, report.unit) and report.is_editable,
        recall_form=(
            RecallForm(report=report)
            if report.can_be_recalled and can_file_report(request.user, report.unit)
            else None
        ),
        return_form=(
            ReturnForm(report=report)
            if can_review and report.status == ReportStatus.SUBMITTED
            else None
        ),
    )
    return render(request, "branches/report_detail.html", context)


@login_required
@require_safe
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(UnitReportPdf(user=request.user, report=pk))


@login_required
@require_POST
def report_recall(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk, allow=lambda u, r: can_file_report(u, r.unit))
    form = RecallForm(request.POST, report=report)
    if form.is_valid():
        try:
            recall_unit_report(report, by=request.user, base_version=form.base_version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Report recalled: correct it and submit it again."))
            return redirect(
                "branches:report_file", unit_pk=report.unit_id, period_pk=report.period_id
            )
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(report)


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk, allow=can_review_report)
    form = ReturnForm(request.POST, report=report)
    if form.is_valid():
        try:
            return_unit_report(
                report,
                by=request.user,
                comment=form.cleaned_data["comment"],
                base_version=form.base_version,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Report returned to the unit for correction."))
    else:
        messages.error(request, _("Say what should be corrected."))
    return redirect(report)
