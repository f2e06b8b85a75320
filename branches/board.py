"""The "who has filed" board of a report period, and the totals of the filed reports.

Counts and sums come from SQL in one pass over the period's units with their submitted report
joined (a fixed number of queries, whatever the number of units); the pages show the groups a page
at a time, and one group's page reads only that group's units. `build_board` lists every unit
with its state for the Excel export.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import FIGURE_FIELDS, ReportPeriod, ReportStatus, Unit, UnitLevel, UnitReport
from unionhub.core.fingerprints import kept, state_of
from unionhub.core.text import fold, natural_key, search_terms

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


# The names of a city's hundreds of unions come back on every page: their keys are kept.
_name_key = lru_cache(maxsize=4096)(natural_key)
_folded = lru_cache(maxsize=4096)(fold)


def _late(period: ReportPeriod, prefix: str = "") -> Q:
    """Filed after the due date (as `UnitReport.is_late`), as a comparison with one instant:
    cheaper than converting every report's time to a local date."""
    after_due = datetime.combine(period.due_on + timedelta(days=1), time.min)
    return Q(**{f"{prefix}first_submitted_at__gte": timezone.make_aware(after_due)})


def period_units(period: ReportPeriod, visible_units):
    """The units the period asks that the user may see."""
    # A join on the period's list, the visibility's path prefix in the same WHERE: at city scale
    # an `id IN (SELECT …)` of the whole visible tree made every count hash the tree once more.
    return visible_units.filter(report_periods=period)


def _submitted(period: ReportPeriod):
    return UnitReport.objects.filter(period=period, status=ReportStatus.SUBMITTED)


def _with_submitted(units, period: ReportPeriod):
    """The units with their submitted report of the period LEFT JOINed as `submitted`."""
    report = FilteredRelation(
        "reports", condition=Q(reports__period=period, reports__status=ReportStatus.SUBMITTED)
    )
    return units.alias(submitted=report).order_by()


def _state_counts(period: ReportPeriod) -> dict:
    return {
        "asked": Count("pk"),
        "all": Count("submitted"),
        "late": Count("submitted", filter=_late(period, "submitted__")),
    }


def _add_counts(group: Group, row: dict) -> None:
    group.total += row["asked"]
    group.late += row["late"]
    group.filed += row["all"] - row["late"]


def _group_units(units, key: int):
    if key == DIRECT:
        return units.exclude(parent__level=UnitLevel.GRASSROOTS_UNION)
    return units.filter(parent_id=key)


# A grouped row names its parent itself (a LEFT JOIN: the top unit has none) rather than a
# second query that lists the ids of hundreds of unions.
_PARENT = ("parent_id", "parent__name", "parent__level")


def _group_of(parent_id: int | None, name: str | None, level: str | None) -> tuple[int, str]:
    """(group key, group name) of a unit with this parent: its grassroots union, or DIRECT."""
    if level == UnitLevel.GRASSROOTS_UNION:
        return parent_id, name
    return DIRECT, _direct_name()


def _ordered(groups) -> list:
    return sorted(groups, key=lambda g: (g.key == DIRECT, _name_key(g.name)))


def board_groups(period: ReportPeriod, visible_units) -> Board:
    """Filed, late and not filed per grassroots union, counted in SQL: one query."""
    units = _with_submitted(period_units(period, visible_units), period)
    groups: dict[int, Group] = {}
    for row in units.values(*_PARENT).annotate(**_state_counts(period)):
        key, name = _group_of(row["parent_id"], row["parent__name"], row["parent__level"])
        _add_counts(groups.setdefault(key, Group(name=name, key=key)), row)
    return Board(period=period, groups=_ordered(groups.values()))


def group_counts(period: ReportPeriod, visible_units, key: int) -> Group | None:
    """One group's counts from its own units only (two queries); None if the user has none."""
    if key == DIRECT:
        name = _direct_name()
    else:
        grassroots = Unit.objects.filter(pk=key, level=UnitLevel.GRASSROOTS_UNION)
        name = grassroots.values_list("name", flat=True).first()
        if name is None:
            return None
    units = _group_units(period_units(period, visible_units), key)
    group = Group(name=name, key=key)
    _add_counts(group, _with_submitted(units, period).aggregate(**_state_counts(period)))
    return group if group.total else None


def find_groups(groups: list, query: str) -> list:
    """The groups (or rows of totals) whose name holds every word searched, accents ignored."""
    terms = search_terms(query)
    if not terms:
        return groups
    return [group for group in groups if all(term in _folded(group.name) for term in terms)]


def most_not_filed_first(groups: list) -> list:
    """The groups with the most units not filed first; equal ones keep their order of names."""
    return sorted(groups, key=lambda group: -group.not_filed)


def group_lines(
    period: ReportPeriod, visible_units, *, key: int, state: str = "", page: str | int = 1, size=50
) -> Page:
    """One group's units with their state, a page at a time, sorted naturally by name."""
    units = _group_units(period_units(period, visible_units), key)
    submitted = _submitted(period).filter(unit=OuterRef("pk"))
    if state == NOT_FILED:
        units = units.exclude(Exists(submitted))
    elif state == LATE:
        units = units.filter(Exists(submitted.filter(_late(period))))
    elif state == FILED:
        units = units.filter(Exists(submitted.exclude(_late(period))))
    # A group is one union's units: its names are few, so they are sorted here, then cut.
    names = sorted(units.values_list("pk", "name"), key=lambda row: natural_key(row[1]))
    result = Paginator([pk for pk, _name in names], size).get_page(page)
    by_id = Unit.objects.in_bulk(list(result.object_list))
    page_reports = UnitReport.objects.filter(period=period, unit__in=list(by_id)).order_by()
    reports = {report.unit_id: report for report in page_reports}
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
    asked = period_units(period, visible_units)
    units = list(asked.select_related("parent").order_by("path"))
    reports = {
        report.unit_id: report
        for report in UnitReport.objects.filter(period=period, unit__in=asked.values("pk"))
    }
    groups: dict[int, Group] = {}
    for unit in units:
        parent = unit.parent
        key, name = _group_of(unit.parent_id, parent and parent.name, parent and parent.level)
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
    """Sums of the submitted reports' figures per grassroots union, from SQL: one query."""
    units = _with_submitted(period_units(period, visible_units), period)
    sums = units.values(*_PARENT).annotate(
        reports=Count("submitted"), **{name: Sum(f"submitted__{name}") for name in FIGURE_FIELDS}
    )
    # Every parent has a row (the LEFT JOIN keeps units without a report): a union whose
    # units filed nothing shows zeros.
    rows: dict[int, TotalRow] = {}
    for found in sums:
        key, name = _group_of(found["parent_id"], found["parent__name"], found["parent__level"])
        row = rows.setdefault(key, TotalRow(name, 0, dict.fromkeys(FIGURE_FIELDS, 0)))
        row.count += found["reports"]
        for figure in FIGURE_FIELDS:
            row.figures[figure] += found[figure] or 0
    ordered = sorted(rows.items(), key=lambda item: (item[0] == DIRECT, _name_key(item[1].name)))
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
    """The board's three counters from SQL alone (the same rule as `build_board`): one query."""
    units = _with_submitted(period_units(period, visible_units), period)
    counts = units.aggregate(**_state_counts(period))
    return BoardCounts(
        period=period,
        filed=counts["all"] - counts["late"],
        late=counts["late"],
        not_filed=counts["asked"] - counts["all"],
    )


def _fingerprint(period: ReportPeriod, visible_units) -> tuple:
    """What the board and the totals are counted from: the period, who may see what, and the
    state of the period's reports, of its list of units and of the units themselves."""
    return (
        period.pk,
        period.title,
        period.due_on,
        visible_units.query.sql_with_params(),
        state_of(UnitReport.objects.filter(period=period)),
        state_of(ReportPeriod.units.through.objects.filter(reportperiod=period), "id"),
        state_of(Unit.objects.all()),
    )


def kept_board_groups(period: ReportPeriod, visible_units) -> Board:
    """`board_groups`, counted again only once a report, the period's list or a unit changed:
    staff reload the board far more often than branches file."""
    return kept(
        "board", _fingerprint(period, visible_units), lambda: board_groups(period, visible_units)
    )


def kept_period_totals(period: ReportPeriod, visible_units) -> Totals:
    """`period_totals`, counted again only once a report, the period's list or a unit changed."""
    return kept(
        "totals", _fingerprint(period, visible_units), lambda: period_totals(period, visible_units)
    )
