"""The PDF documents of the organisation: a unit's report for a period, on one A4 page."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from branches.models import FIGURE_FIELDS, UnitReport
from branches.permissions import get_report_for
from branches.services.units import top_unit
from unionhub.core.exports import PdfExporter, register
from unionhub.core.pdf import render_pdf
from unionhub.core.text import place_date_line


def _letterhead(unit) -> dict:
    """The issuer's two lines: the unit above it, then the unit's own committee."""
    parent = unit.parent
    superior = ""
    if parent is not None:
        superior = parent.letterhead_name or f"BCH {parent.name.upper()}"
    return {
        "letterhead_superior": unit.letterhead_superior or superior,
        "letterhead_name": unit.letterhead_name or f"BCH {unit.name.upper()}",
    }


@register
class UnitReportPdf(PdfExporter):
    """One unit's report for a period as it would be signed and sent: figures, difficulties,
    proposals and the secretary's signature block, on one page."""

    identifier = "branches.unit_report_pdf"
    title = gettext_lazy("Unit report (PDF)")

    def __init__(self, *, user, report: int) -> None:
        super().__init__(user=user, report=report)
        self.report = get_report_for(user, report)

    def log_unit(self):
        return self.report.unit

    def log_detail(self) -> str:
        return self.report.period.title

    def filename(self) -> str:
        title = self.report.period.title.replace("/", "-")
        return f"Báo cáo {title} – {self.report.unit.name}.pdf"

    def render(self, *, progress=None) -> tuple[bytes, int]:
        report: UnitReport = self.report
        top = top_unit()
        day = timezone.localdate(report.submitted_at) if report.submitted_at else None
        figures = [
            (UnitReport._meta.get_field(name).verbose_name, getattr(report, name))
            for name in FIGURE_FIELDS
        ]
        context = {
            "report": report,
            "unit": report.unit,
            "top": _letterhead(report.unit),
            "place_date": place_date_line(top.place_name or "", day or timezone.localdate()),
            "figures": figures,
            "signer": report.submitted_by.display_name if report.submitted_by else "",
        }
        return render_pdf("branches/pdf/unit_report.html", context), 1
