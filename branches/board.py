"""The "who has filed" board of a report period, and the totals of the filed reports.

Three queries whatever the number of units: the units, their reports, nothing per row.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import FIGURE_FIELDS, ReportPeriod, ReportStatus, UnitLevel, UnitReport
from unionhub.core.text import natural_key

FILED, LATE, NOT_FILED = "filed", "late", "not_filed"
STATE_LABELS = {FILED: _("Filed"), LATE: _("Filed late"), NOT_FILED: _("Not filed")}


@dataclass
class Line:
    unit: object
    report: UnitReport | None
    state: str
    overdue: bool = False

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class Group:
    name: str
    key: int
    lines: list[Line] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for line in self.lines if line.state == state)

    @property
    def filed(self) -> int:
        return self.count(FILED)

    @property
    def late(self) -> int:
        return self.count(LATE)

    @property
    def not_filed(self) -> int:
        return self.count(NOT_FILED)

    @property
    def total(self) -> int:
        return len(self.lines)


@dataclass
class Board:
    period: ReportPeriod
    groups: list[Group]

    def _sum(self, attr: str) -> int:
        return sum(getattr(group, attr) for group in self.groups)

    @property
    def filed(self) -> int:
        return self._sum("filed")

    @property
    def late(self) -> int:
        return self._sum("late")

    @property
    def not_filed(self) -> int:
        return self._sum("not_filed")

    @property
    def total(self) -> int:
        return self._sum("total")


def _state(report: UnitReport | None, due_on: date) -> str:
    if report is None or report.status != ReportStatus.SUBMITTED:
        return NOT_FILED
    return LATE if report.is_late else FILED


def build_board(period: ReportPeriod, visible_units) -> Board:
    """The period's units that the user may see, grouped by grassroots union, with their state."""
    units = (
        period.units.filter(pk__in=visible_units.values("pk"))
        .select_related("parent")
        .order_by("path")
    )
    units = list(units)
    reports = {
        report.unit_id: report
        for report in UnitReport.objects.filter(period=period, unit__in=[u.pk for u in units])
    }
    today = timezone.localdate()
    groups: dict[int, Group] = {}
    for unit in units:
        report = reports.get(unit.pk)
        if report is not None:
            report.period = period  # for is_late, without a query per report
        parent = unit.parent
        if parent is not None and parent.level == UnitLevel.GRASSROOTS_UNION:
            key, name = parent.pk, parent.name
        else:
            key, name = 0, str(_("Directly under the district"))
        group = groups.setdefault(key, Group(name=name, key=key))
        state = _state(report, period.due_on)
        group.lines.append(
            Line(unit, report, state, overdue=state == NOT_FILED and today > period.due_on)
        )
    ordered = sorted(groups.values(), key=lambda g: (g.key == 0, natural_key(g.name)))
    for group in ordered:
        group.lines.sort(key=lambda line: natural_key(line.unit.name))
    return Board(period=period, groups=ordered)


@dataclass
class TotalRow:
    name: str
    count: int
    figures: dict[str, int]

    @property
    def values(self) -> list[int]:
        return [self.figures[name] for name in FIGURE_FIELDS]


@dataclass
class Totals:
    groups: list[TotalRow]
    district: TotalRow


def build_totals(board: Board) -> Totals:
    """Sums of the figures of the submitted reports, by grassroots union and for the district."""
    rows = []
    district = dict.fromkeys(FIGURE_FIELDS, 0)
    district_count = 0
    for group in board.groups:
        sums = dict.fromkeys(FIGURE_FIELDS, 0)
        filed = [line.report for line in group.lines if line.state != NOT_FILED]
        for report in filed:
            for name in FIGURE_FIELDS:
                sums[name] += getattr(report, name)
                district[name] += getattr(report, name)
        district_count += len(filed)
        rows.append(TotalRow(name=group.name, count=len(filed), figures=sums))
    return Totals(
        groups=rows, district=TotalRow(name=str(_("Total")), count=district_count, figures=district)
    )


@dataclass
class BoardCounts:
    period: ReportPeriod
    filed: int
    late: int
    not_filed: int

    @property
    def total(self) -> int:
        return self.filed + self.late + self.not_filed


def board_counts(period: ReportPeriod, visible_units) -> BoardCounts:
    """The board's three counters from SQL alone (the same rule as `build_board`): two queries."""
    asked = period.units.filter(pk__in=visible_units.values("pk")).count()
    submitted = UnitReport.objects.filter(
        period=period, status=ReportStatus.SUBMITTED, unit__in=visible_units.values("pk")
    ).aggregate(
        all=Count("pk"), late=Count("pk", filter=Q(first_submitted_at__date__gt=period.due_on))
    )
    return BoardCounts(
        period=period,
        filed=submitted["all"] - submitted["late"],
        late=submitted["late"],
        not_filed=asked - submitted["all"],
    )
