"""Report periods and the units' reports: open, change the units asked, pre-fill, save, submit,
recall, return."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.figures import COMPUTED_FIGURES, figures_for
from branches.models import (
    ALLOWED_TRANSITIONS,
    FIGURE_FIELDS,
    ReportPeriod,
    ReportStatus,
    ReportTransition,
    Unit,
    UnitReport,
)
from branches.permissions import can_file_report, can_open_periods, can_review_report, require
from unionhub.core.transitions import move
from unionhub.core.versions import claim_version, keeps_version_on_failure

REPORT_TEXT_FIELDS = ("difficulties", "proposals")
# Counts nobody can compute from the register: carried over from the unit's previous report.
CARRIED_FIGURES = tuple(f for f in FIGURE_FIELDS if f not in COMPUTED_FIGURES)


@transaction.atomic
def open_report_period(
    *, by, title: str, starts_on: date, ends_on: date, due_on: date, units
) -> ReportPeriod:
    """Open a period for a set of units (for example every neighbourhood branch)."""
    require(by, can_open_periods)
    period = ReportPeriod(
        title=" ".join(title.split()),
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=due_on,
        opened_by=by if by is not None and by.is_authenticated else None,
    )
    period.full_clean()
    period._history_user = by
    period.save()
    units = list(units)
    if not units:
        raise ValidationError(_("Choose at least one unit for the period."))
    if any(unit.is_closed for unit in units):
        raise ValidationError(_("A closed unit cannot be asked for a report."))
    period.units.set(units)
    return period


def join_open_periods(unit: Unit, *, by) -> int:
    """A new unit joins every period not past its due date that asks all its siblings of its
    level and area (at least one). Returns how many it joined."""
    siblings = Unit.objects.like(unit)
    count = siblings.count() if unit.parent_id else 0
    if not count:
        return 0
    periods = list(
        ReportPeriod.objects.filter(due_on__gte=timezone.localdate())
        .annotate(asked=Count("units", filter=Q(units__in=siblings)))
        .filter(asked=count)
    )
    for period in periods:
        period.units.add(unit)
    return len(periods)


@transaction.atomic
def add_unit_to_period(period: ReportPeriod, unit: Unit, *, by) -> None:
    """Ask one more unit for the period's report."""
    require(by, can_open_periods)
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot be asked for a report."))
    if period.units.filter(pk=unit.pk).exists():
        raise ValidationError(_("This period already asks this unit for a report."))
    period.units.add(unit)


@transaction.atomic
def remove_unit_from_period(period: ReportPeriod, unit: Unit, *, by) -> None:
    """Stop asking a unit for the period's report, as long as it has not started one."""
    require(by, can_open_periods)
    if not period.units.filter(pk=unit.pk).exists():
        raise ValidationError(_("This period does not ask this unit for a report."))
    if UnitReport.objects.filter(period=period, unit=unit).exists():
        raise ValidationError(
            _("This unit has already started its report for the period; it cannot be removed.")
        )
    period.units.remove(unit)


def prefilled_figures(unit: Unit, period: ReportPeriod) -> dict[str, int]:
    """What the form starts with: computed from the records, the rest from the last report."""
    figures = figures_for([unit], start=period.starts_on, end=period.ends_on)[unit.pk]
    previous = (
        UnitReport.objects.filter(unit=unit, period__ends_on__lt=period.starts_on)
        .order_by("-period__ends_on")
        .values(*CARRIED_FIGURES)
        .first()
    )
    return {**dict.fromkeys(CARRIED_FIGURES, 0), **(previous or {}), **figures}


@transaction.atomic
def start_unit_report(period: ReportPeriod, unit: Unit, *, by) -> UnitReport:
    """The unit's report for the period: the existing one, or a new draft pre-filled."""
    require(by, can_file_report, unit)
    report = UnitReport.objects.filter(period=period, unit=unit).first()
    if report is not None:
        return report
    if not period.units.filter(pk=unit.pk).exists():
        raise ValidationError(_("This period does not ask this unit for a report."))
    report = UnitReport(period=period, unit=unit, **prefilled_figures(unit, period))
    report.full_clean(validate_constraints=False)
    report._history_user = by
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Opened twice at the same moment: the other request made it.
        return UnitReport.objects.get(period=period, unit=unit)
    return report


def _move(report: UnitReport, to: str, *, by, note: str = "") -> None:
    """The one way a report's status changes: checked against ALLOWED_TRANSITIONS, saved, logged."""
    move(
        report,
        to,
        by=by,
        allowed=ALLOWED_TRANSITIONS,
        log=ReportTransition,
        note=note,
        message=_("A report that is “%(from)s” cannot become “%(to)s”."),
    )


def _save_report(report: UnitReport, *, by) -> None:
    report.full_clean()
    report._history_user = by
    report.save()


def _mark_submitted(report: UnitReport, *, by) -> None:
    now = timezone.now()
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_by = by if by is not None and by.is_authenticated else None


@keeps_version_on_failure
@transaction.atomic
def save_unit_report(
    report: UnitReport, *, by, base_version: int | None = None, submit: bool = False, **fields
) -> UnitReport:
    """Save the figures and texts (and submit them if asked); refused if saved by someone else."""
    require(by, can_file_report, report.unit)
    claim_version(report, base_version=base_version)
    if not report.is_editable:
        raise ValidationError(_("This report has been submitted and can no longer be changed."))
    for field, value in fields.items():
        if field not in FIGURE_FIELDS and field not in REPORT_TEXT_FIELDS:
            raise TypeError(f"save_unit_report() got an unexpected field {field!r}")
        setattr(report, field, value.strip() if isinstance(value, str) else value)
    if submit:
        _mark_submitted(report, by=by)
        _move(report, ReportStatus.SUBMITTED, by=by)
    else:
        _save_report(report, by=by)
    return report


@keeps_version_on_failure
@transaction.atomic
def submit_unit_report(report: UnitReport, *, by, base_version: int | None = None) -> UnitReport:
    """Submit the report as it stands."""
    require(by, can_file_report, report.unit)
    claim_version(report, base_version=base_version)
    _mark_submitted(report, by=by)
    _move(report, ReportStatus.SUBMITTED, by=by)
    return report


@keeps_version_on_failure
@transaction.atomic
def recall_unit_report(report: UnitReport, *, by, base_version: int | None = None) -> UnitReport:
    """Take a submitted report back to draft, until its due date: as if it had not been sent."""
    require(by, can_file_report, report.unit)
    claim_version(report, base_version=base_version)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be recalled."))
    if not report.can_be_recalled:
        raise ValidationError(
            _("The due date has passed: ask the unit above to return the report instead.")
        )
    report.submitted_at = report.first_submitted_at = report.submitted_by = None
    _move(report, ReportStatus.DRAFT, by=by, note=_("Recalled by the unit"))
    return report


@keeps_version_on_failure
@transaction.atomic
def return_unit_report(
    report: UnitReport, *, by, comment: str, base_version: int | None = None
) -> UnitReport:
    """Send a submitted report back to its unit for correction, saying what to correct."""
    require(by, can_review_report, report)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what should be corrected.")})
    claim_version(report, base_version=base_version)
    report.return_comment = comment
    _move(report, ReportStatus.RETURNED, by=by, note=comment)
    return report
