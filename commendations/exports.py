"""Every file this app hands out: the decision's list (PDF, Excel), its certificates, one award's
certificate, and a round's nominations (Excel). Each is a registered exporter, served by
`unionhub.core.exports.export_response`, which writes the export log."""

from collections.abc import Iterable, Iterator
from itertools import groupby

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commendations.documents import numeral, render_certificates_pdf, render_list_pdf
from commendations.models import Decision, NominationStatus
from commendations.permissions.decisions import (
    awards_printable_by,
    get_award_for,
    get_decision_for,
)
from commendations.permissions.nominations import nominations_visible_to
from commendations.permissions.rounds import get_round_for
from unionhub.core.exports import PdfExporter, XlsxExporter, register
from unionhub.core.xlsx import Sheet

LIST_HEADER = ["STT", "Tên đơn vị", "Trực thuộc", "Ghi chú", "Nhóm", "Số vào sổ"]
LIST_WIDTHS = [6, 48, 34, 16, 30, 20]


def list_rows(decision: Decision) -> Iterator[list]:
    """One row per award, numbered within its group as in the printed list."""
    top_name = decision.issuer.name
    awards = list(
        decision.awards.order_by("honour_order", "sequence").values_list(
            "list_heading", "recipient_name", "parent_name", "register_number"
        )
    )
    for index, (heading, rows) in enumerate(groupby(awards, key=lambda row: row[0])):
        rows = list(rows)
        label = f"{numeral(index)}. {heading} ({len(rows):02d})"
        for number, (_heading, name, parent, register_number) in enumerate(rows, start=1):
            yield [number, name, parent or top_name, "", label, register_number]


def list_sheet(decision: Decision) -> Sheet:
    return Sheet(
        title=f"QĐ {decision.number}-{decision.year}",
        header=LIST_HEADER,
        rows=list_rows(decision),
        widths=LIST_WIDTHS,
    )


def _decision_filename(decision: Decision, kind: str, extension: str) -> str:
    return f"{kind} {decision.number}-{decision.year}.{extension}"


class _DecisionExporter:
    """Fetches the decision through the permission helper: 404 for a user who may not see it."""

    def __init__(self, *, user, decision: int, **params) -> None:
        super().__init__(user=user, decision=decision, **params)
        self.decision = get_decision_for(user, decision)

    def log_detail(self) -> str:
        return self.decision.number_display


@register
class DecisionListPdf(_DecisionExporter, PdfExporter):
    identifier = "commendations.decision_list_pdf"
    title = gettext_lazy("Commendation list (PDF)")

    def filename(self) -> str:
        return _decision_filename(self.decision, "Danh sách", "pdf")

    def count(self) -> int:
        return self.decision.awards.count()

    def render(self, *, progress=None) -> tuple[bytes, int]:
        return render_list_pdf(self.decision), self.decision.awards.count()


@register
class DecisionListXlsx(_DecisionExporter, XlsxExporter):
    identifier = "commendations.decision_list_xlsx"
    title = gettext_lazy("Commendation list (Excel)")

    def filename(self) -> str:
        return _decision_filename(self.decision, "Danh sách", "xlsx")

    def sheets(self) -> Iterable[Sheet]:
        yield list_sheet(self.decision)


@register
class CertificatesPdf(_DecisionExporter, PdfExporter):
    """Every certificate of the decision in one PDF, or those of the chosen awards."""

    identifier = "commendations.certificates"
    title = gettext_lazy("Certificates")

    def __init__(self, *, user, decision: int, awards: Iterable[int] = ()) -> None:
        self.award_ids = [int(pk) for pk in awards]
        super().__init__(user=user, decision=decision, awards=self.award_ids)
        if not self.awards().exists():
            raise Http404  # none of the chosen awards is the user's to print

    def filename(self) -> str:
        return _decision_filename(self.decision, "Giấy khen", "pdf")

    def awards(self):
        awards = awards_printable_by(self.user, self.decision)
        return awards.filter(pk__in=self.award_ids) if self.award_ids else awards

    def count(self) -> int:
        return self.awards().count()

    def render(self, *, progress=None) -> tuple[bytes, int]:
        awards = list(self.awards())
        return render_certificates_pdf(self.decision, awards, progress=progress), len(awards)


@register
class AwardCertificatePdf(PdfExporter):
    """One award's certificate, for the unit commended (and those above it)."""

    identifier = "commendations.award_certificate"
    title = gettext_lazy("Certificate")

    def __init__(self, *, user, award: int) -> None:
        super().__init__(user=user, award=award)
        self.award = get_award_for(user, award)

    def log_unit(self):
        return self.award.nomination.unit

    def log_detail(self) -> str:
        return self.award.register_number

    def filename(self) -> str:
        return f"Giấy khen {self.award.register_number.replace('/', '-')}.pdf"

    def render(self, *, progress=None) -> tuple[bytes, int]:
        return render_certificates_pdf(self.award.decision, [self.award]), 1


@register
class RoundNominationsXlsx(XlsxExporter):
    """A round's nominations the user may see: unit, parent, honour, status, criteria met."""

    identifier = "commendations.round_nominations"
    title = gettext_lazy("Nominations")

    def __init__(self, *, user, round: int) -> None:  # noqa: A002
        super().__init__(user=user, round=round)
        self.round = get_round_for(user, round)

    def log_detail(self) -> str:
        return self.round.title[:255]

    def filename(self) -> str:
        return f"{_('Nominations')} {self.round.year}.xlsx"

    def sheets(self) -> Iterable[Sheet]:
        statuses = dict(NominationStatus.choices)
        rows = (
            nominations_visible_to(self.user)
            .filter(round=self.round)
            .annotate(met=Count("assessments", filter=Q(assessments__self_met=True)))
            .order_by("honour__order", "unit__path")
            .values_list(
                "unit__name", "unit__parent__name", "honour__title", "status", "met", "updated_at"
            )
        )
        yield Sheet(
            title=str(_("Nominations")),
            header=[
                _("No."),
                _("Unit"),
                _("Parent unit"),
                _("Honour"),
                _("Status"),
                _("Criteria met (self-assessed)"),
                _("Updated at"),
            ],
            rows=(
                [number, name, parent or "", honour, str(statuses.get(status, status)), met, at]
                for number, (name, parent, honour, status, met, at) in enumerate(rows, start=1)
            ),
            widths=[6, 40, 30, 30, 24, 14, 18],
        )
