"""The commendation list as rows, for Excel: the same content as the printed list."""

from collections.abc import Iterator

from commendations.documents import decision_awards, list_groups
from commendations.models import Decision
from unionhub.core.xlsx import Sheet

LIST_HEADER = ["STT", "Tên đơn vị", "Trực thuộc", "Ghi chú", "Nhóm", "Số vào sổ"]
LIST_WIDTHS = [6, 48, 34, 16, 30, 20]


def list_rows(decision: Decision) -> Iterator[list]:
    """One row per award, numbered within its group as in the printed list."""
    top_name = decision.issuer.name
    for group in list_groups(list(decision_awards(decision))):
        heading = f"{group.numeral}. {group.heading} ({group.count_label})"
        for index, award in enumerate(group.rows, start=1):
            yield [index, award.recipient_name, award.parent_name or top_name, "", heading,
                   award.register_number]  # fmt: skip


def list_sheet(decision: Decision) -> Sheet:
    return Sheet(
        title=f"QĐ {decision.number}-{decision.year}",
        header=LIST_HEADER,
        rows=list_rows(decision),
        widths=LIST_WIDTHS,
    )
