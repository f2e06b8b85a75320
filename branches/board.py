"""The "who has filed" board of a report period, and the totals of the filed reports.

The board's page shows counts per grassroots union from SQL (a fixed number of queries, whatever
the number of units); one group's units are listed a page at a time. `build_board` lists every
unit with its state for the Excel export.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import FIGURE_FIELDS, ReportPeriod, ReportStatus, Unit, UnitLevel, UnitReport
from unionhub.core.text import natural_key

FILED, LATE, NOT_FILED = "filed", "late", "not_filed"
STATES = (FILED, LATE, NOT_FILED)
STATE_LABELS = {FILED: _("Filed"), LATE: _("Filed late"), NOT_FILED: _("Not filed")}
DIRECT = 0  # the key of the group of units that are not under a grassroots union


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
    filed: int = 0
    late: int = 0
    total: int = 0
    lines: list[Line] = field(default_factory=list)

    @property
    def not_filed(self) -> int:
        return self.total - self.filed - self.late

    def count(self, state: str) -> int:
        return {FILED: self.filed, LATE: self.late, NOT_FILED: self.not_filed}[state]


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


def _direct_name() -> str:
    return str(_("Directly under the district"))


def period_units(period: ReportPeriod, visible_units):
    """The units the period asks that the user may see."""
    return period.units.filter(pk__in=visible_units.values("pk"))


def _submitted(period: ReportPeriod):
    return UnitReport.objects.filter(period=period, status=ReportStatus.SUBMITTED)


def _groups_of(parent_ids) -> dict[int | None, tuple[int, str]]:
    """{parent id: (group key, group name)}: a grassroots union is a group, the rest are DIRECT."""
    parents = Unit.objects.filter(pk__in=[p for p in parent_ids if p]).only("name", "level")
    groups = {p.pk: (p.pk, p.name) for p in parents if p.level == UnitLevel.GRASSROOTS_UNION}
    return {pk: groups.get(pk, (DIRECT, _direct_name())) for pk in parent_ids}


def _ordered(groups) -> list:
    return sorted(groups, key=lambda g: (g.key == DIRECT, natural_key(g.name)))


def board_groups(period: ReportPeriod, visible_units) -> Board:
    """Filed, late and not filed per grassroots union, counted in SQL: three queries."""
    units = period_units(period, visible_units)
    asked = {
        row["parent_id"]: row["n"]
        for row in units.order_by().values("parent_id").annotate(n=Count("pk"))
    }
    late = Q(first_submitted_at__date__gt=period.due_on)
    submitted = (
        _submitted(period)
        .filter(unit__in=units.values("pk"))
        .order_by()
        .values("unit__parent_id")
        .annotate(all=Count("pk"), late=Count("pk", filter=late))
    )
    filed = {row["unit__parent_id"]: row for row in submitted}
    groups: dict[int, Group] = {}
    for parent_id, (key, name) in _groups_of(list(asked)).items():
        group = groups.setdefault(key, Group(name=name, key=key))
        row = filed.get(parent_id, {"all": 0, "late": 0})
        group.total += asked[parent_id]
        group.late += row["late"]
        group.filed += row["all"] - row["late"]
    return Board(period=period, groups=_ordered(groups.values()))


def group_of(board: Board, key: int) -> Group | None:
    return next((group for group in board.groups if group.key == key), None)


def group_lines(
    period: ReportPeriod, visible_units, *, key: int, state: str = "", page: str | int = 1, size=50
) -> Page:
    """One group's units with their state, a page at a time, sorted naturally by name."""
    units = period_units(period, visible_units)
    if key == DIRECT:
        units = units.exclude(parent__level=UnitLevel.GRASSROOTS_UNION)
    else:
        units = units.filter(parent_id=key)
    submitted = _submitted(period).filter(unit=OuterRef("pk"))
    if state == NOT_FILED:
        units = units.exclude(Exists(submitted))
    elif state == LATE:
        units = units.filter(Exists(submitted.filter(first_submitted_at__date__gt=period.due_on)))
    elif state == FILED:
        units = units.filter(Exists(submitted.exclude(first_submitted_at__date__gt=period.due_on)))
    # A group is one union's units: its names are few, so they are sorted here, then cut.
    names = sorted(units.values_list("pk", "name"), key=lambda row: natural_key(row[1]))
    result = Paginator([pk for pk, _name in names], size).get_page(page)
    by_id = Unit.objects.select_related("parent").in_bulk(list(result.object_list))
    reports = {r.unit_id: r for r in UnitReport.objects.filter(period=period, unit__in=list(by_id))}
    result.object_list = [_line(by_id[pk], reports.get(pk), period) for pk in result.object_list]
    return result


def _state(report: UnitReport | None, due_on: date) -> str:
    if report is None or report.status != ReportStatus.SUBMITTED:
        return NOT_FILED
    return LATE if report.is_late else FILED


def _line(unit: Unit, report: UnitReport | None, period: ReportPeriod) -> Line:
    if report is not None:
        report.period = period  # for is_late, without a query per report
    state = _state(report, period.due_on)
    overdue = state == NOT_FILED and timezone.localdate() > period.due_on
    return Line(unit, report, state, overdue=overdue)


def build_board(period: ReportPeriod, visible_units) -> Board:
    """Every unit of the period the user may see, with its state, grouped: for the export."""
    units = list(period_units(period, visible_units).select_related("parent").order_by("path"))
    reports = {
        report.unit_id: report
        for report in UnitReport.objects.filter(period=period, unit__in=[u.pk for u in units])
    }
    keys = _groups_of({unit.parent_id for unit in units})
    groups: dict[int, Group] = {}
    for unit in units:
        key, name = keys[unit.parent_id]
        group = groups.setdefault(key, Group(name=name, key=key))
        line = _line(unit, reports.get(unit.pk), period)
        group.lines.append(line)
        group.total += 1
        group.filed += line.state == FILED
        group.late += line.state == LATE
    ordered = _ordered(groups.values())
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


def period_totals(period: ReportPeriod, visible_units) -> Totals:
    """Sums of the submitted reports' figures per grassroots union, from SQL: four queries."""
    units = period_units(period, visible_units)
    parent_ids = list(units.order_by().values_list("parent_id", flat=True).distinct())
    sums = (
        _submitted(period)
        .filter(unit__in=units.values("pk"))
        .order_by()
        .values("unit__parent_id")
        .annotate(reports=Count("pk"), **{name: Sum(name) for name in FIGURE_FIELDS})
    )
    by_parent = {row["unit__parent_id"]: row for row in sums}
    rows: dict[int, TotalRow] = {}
    for parent_id, (key, name) in _groups_of(parent_ids).items():
        row = rows.setdefault(key, TotalRow(name, 0, dict.fromkeys(FIGURE_FIELDS, 0)))
        found = by_parent.get(parent_id)
        if found:
            row.count += found["reports"]
            for figure in FIGURE_FIELDS:
                row.figures[figure] += found[figure] or 0
    ordered = sorted(rows.items(), key=lambda item: (item[0] == DIRECT, natural_key(item[1].name)))
    groups = [row for _key, row in ordered]
    district = TotalRow(
        name=str(_("Total")),
        count=sum(row.count for row in groups),
        figures={f: sum(row.figures[f] for row in groups) for f in FIGURE_FIELDS},
    )
    return Totals(groups=groups, district=district)


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
