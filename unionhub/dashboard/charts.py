"""The dashboard's shapes: a chart with the table of its figures, what needs attention."""

from dataclasses import dataclass, field
from datetime import datetime

from branches.models import Unit

# A chart by unit draws the largest units and sums the rest, so it reads at 390 px and its
# page stays the same size for 20 units or 500; the Excel of the figures has every unit.
UNITS_DRAWN = 15


@dataclass
class Chart:
    """A chart and the table of the same figures: what the page draws and what it lists."""

    key: str
    title: str
    labels: list[str]
    series: list[tuple[str, list[int]]]
    kind: str = "bar"
    stacked: bool = False
    link: str = ""
    note: str = ""

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        return [
            (label, [values[i] for _name, values in self.series])
            for i, label in enumerate(self.labels)
        ]

    @property
    def is_empty(self) -> bool:
        return not self.labels or not any(any(values) for _name, values in self.series)

    def as_json(self) -> dict:
        return {
            "type": self.kind,
            "stacked": self.stacked,
            "labels": self.labels,
            "series": [{"name": name, "values": values} for name, values in self.series],
        }


def largest_first(
    labels: list[str], series: list[tuple[str, list[int]]], other: str, complete=False
):
    """The UNITS_DRAWN largest units (by the sum of the series) and one bar for all the rest."""
    if complete or len(labels) <= UNITS_DRAWN + 1:
        return labels, series
    totals = [sum(values[i] for _n, values in series) for i in range(len(labels))]
    kept = sorted(sorted(range(len(labels)), key=lambda i: -totals[i])[:UNITS_DRAWN])
    rest = [i for i in range(len(labels)) if i not in set(kept)]
    return [labels[i] for i in kept] + [other % {"count": len(rest)}], [
        (name, [values[i] for i in kept] + [sum(values[i] for i in rest)])
        for name, values in series
    ]


@dataclass
class Attention:
    """Something that needs doing, with how many and where it is handled."""

    text: str
    count: int
    url: str


@dataclass
class Dashboard:
    root: Unit
    year: int
    headline: dict = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    attention: list[Attention] = field(default_factory=list)
    counted_at: datetime | None = None

    def chart_data(self) -> dict:
        return {chart.key: chart.as_json() for chart in self.charts if not chart.is_empty}
