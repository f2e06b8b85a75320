"""The home page panel of a unit's records: what is due for the units the user keeps."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from branches.board import board_counts
from branches.models import (
    Member,
    MemberStatus,
    ReportPeriod,
    Role,
    RoleKind,
    Unit,
    UnitReport,
)
from branches.permissions import periods_visible_to, units_managed_by, units_visible_to
from unionhub.core.panels import Panel

INCOMPLETE = Q(birth_date__isnull=True) | Q(joined_on__isnull=True) | Q(card_number="")


@dataclass
class Due:
    unit: Unit
    period: ReportPeriod
    report: UnitReport | None
    overdue: bool


def panels(user) -> list[Panel]:
    """For a secretary: reports to file and members to complete."""
    if not user.is_authenticated:
        return []
    roles = list(
        Role.objects.filter(
            user=user, unit__closed_on__isnull=True, kind__in=[RoleKind.EDITOR, RoleKind.MANAGER]
        ).select_related("unit")
    )
    units = [role.unit for role in roles]
    result = []
    if units:
        due = _reports_due(units)
        incomplete = _incomplete_members(units)
        if due or incomplete:
            result.append(
                Panel(
                    template="branches/_panel_due.html",
                    context={"due": due, "incomplete": incomplete},
                    order=10,
                )
            )
    return result


def summaries(user) -> list[Panel]:
    """For managers: who has filed the latest report, counted over every unit they see (kept a
    few minutes with the dashboard)."""
    if not user.is_authenticated or not units_managed_by(user).exists():
        return []
    latest = periods_visible_to(user).order_by("-ends_on", "-pk").first()
    if latest is None:
        return []
    board = board_counts(latest, units_visible_to(user))
    if not board.total:
        return []
    return [Panel(template="branches/_panel_board.html", context={"board": board}, order=20)]


def _reports_due(units: list[Unit]) -> list[Due]:
    links = ReportPeriod.units.through.objects.filter(unit__in=units).select_related(
        "reportperiod", "unit"
    )
    reports = {(r.period_id, r.unit_id): r for r in UnitReport.objects.filter(unit__in=units)}
    today = timezone.localdate()
    due = []
    for link in links:
        report = reports.get((link.reportperiod_id, link.unit_id))
        if report is None or report.is_editable:
            period = link.reportperiod
            due.append(Due(link.unit, period, report, overdue=today > period.due_on))
    return sorted(due, key=lambda d: (d.period.due_on, d.unit.path))


def _incomplete_members(units: list[Unit]) -> list[tuple[Unit, int]]:
    by_id = {unit.pk: unit for unit in units}
    counts = (
        Member.objects.filter(unit__in=units, status=MemberStatus.ACTIVE)
        .filter(INCOMPLETE)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    return [(by_id[row["unit_id"]], row["n"]) for row in counts]
