"""The dashboard's figures as an Excel file: one sheet for the headline, one per chart."""

from collections.abc import Iterable

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhub.core.exports import XlsxExporter, register
from unionhub.core.xlsx import Sheet
from unionhub.dashboard import dashboard_root
from unionhub.dashboard.figures import build_dashboard

HEADLINE_LABELS = {
    "members": gettext_lazy("Members"),
    "joined": gettext_lazy("Joined this year"),
    "left": gettext_lazy("Left this year"),
    "grassroots_unions": gettext_lazy("Grassroots unions"),
    "grassroots_branches": gettext_lazy("Grassroots-level branches"),
    "branches": gettext_lazy("Branches"),
    "youth_in_area": gettext_lazy("Young people in the area"),
    "youth_gathered": gettext_lazy("Young people gathered"),
    "admissions": gettext_lazy("New admissions"),
    "party_referrals": gettext_lazy("Recommended to the Party"),
    "activities_held": gettext_lazy("Activities held"),
}


@register
class DashboardExporter(XlsxExporter):
    """The figures of the dashboard of the union the user manages."""

    identifier = "unionhub.dashboard"
    title = gettext_lazy("Dashboard figures")

    def __init__(self, *, user) -> None:
        super().__init__(user=user)
        root = dashboard_root(user)
        if root is None:
            raise Http404
        self.dashboard = build_dashboard(root, complete=True)

    def log_unit(self):
        return self.dashboard.root

    def filename(self) -> str:
        return f"Số liệu {self.dashboard.root.name} {self.dashboard.year}.xlsx"

    def sheets(self) -> Iterable[Sheet]:
        headline = self.dashboard.headline
        yield Sheet(
            _("Headline"),
            [_("Figure"), _("Value")],
            ([str(label), headline[key]] for key, label in HEADLINE_LABELS.items()),
            widths=[34, 14],
        )
        for chart in self.dashboard.charts:
            yield Sheet(
                chart.title,
                ["", *(name for name, _values in chart.series)],
                ([label, *values] for label, values in chart.rows),
                widths=[40, *([16] * len(chart.series))],
            )

    def render(self, *, progress=None) -> tuple[bytes, int]:
        content, _rows = super().render(progress=progress)
        return content, 0  # figures, no personal data
