"""Who may open report periods, file a unit's report and return it for correction."""

from collections.abc import Callable

from django.http import Http404

from branches.models import ReportPeriod, RoleKind, Unit, UnitReport
from branches.permissions.units import (
    can_edit_unit,
    can_view_unit,
    get_unit_for,
    is_district_staff,
    kind_on,
    units_visible_to,
)


def can_open_periods(user) -> bool:
    """Open report periods for a set of units: district staff."""
    return is_district_staff(user)


def periods_visible_to(user):
    """Periods the user may read: all for district staff, else those with a unit they see."""
    if is_district_staff(user):
        return ReportPeriod.objects.all()
    visible = units_visible_to(user)
    return ReportPeriod.objects.filter(
        pk__in=ReportPeriod.units.through.objects.filter(unit__in=visible).values("reportperiod")
    )


def get_period_for(user, pk: int) -> ReportPeriod:
    """The period if the user may read it; 404 otherwise."""
    period = periods_visible_to(user).filter(pk=pk).first()
    if period is None:
        raise Http404
    return period


def can_file_report(user, unit: Unit) -> bool:
    """Fill in and submit the unit's report: an editor or manager of the unit."""
    return can_edit_unit(user, unit)


def can_review_report(user, report: UnitReport) -> bool:
    """Return a report for correction: a manager of the unit above it, while the unit is open."""
    unit = report.unit
    if unit.is_closed or unit.parent_id is None:
        return False
    return kind_on(user, unit.parent) == RoleKind.MANAGER


def get_report_for(user, pk: int, *, allow: Callable | None = None) -> UnitReport:
    """The report if the user may see its unit (and `allow(user, report)` holds); 404 otherwise."""
    report = (
        UnitReport.objects.select_related("period", "unit", "unit__parent", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view_unit(user, report.unit):
        raise Http404
    if allow is not None and not allow(user, report):
        raise Http404
    return report


def get_filing_for(user, unit_pk: int, period_pk: int) -> tuple[Unit, ReportPeriod]:
    """The unit and period of a report the user may file; 404 unless the period covers the unit."""
    unit = get_unit_for(user, unit_pk, allow=can_file_report)
    period = ReportPeriod.objects.filter(pk=period_pk, units=unit).first()
    if period is None:
        raise Http404
    return unit, period
