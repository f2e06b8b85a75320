"""Every file branches hands out: named exporters, each fetching through the permission helpers.

An exporter is built from the user and plain ids or filters, so a background job can rebuild it;
`unionhub.core.exports.export_response` renders it, writes the export log and sets the headers.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import PurePath

from django.utils.translation import gettext as _

from branches.board import Board, Totals, build_board, period_totals, period_units
from branches.forms.members import MemberFilterForm
from branches.lists.columns import MEMBER_FIELD_LABELS as MEMBER_LABELS
from branches.lists.columns import UNIT_FIELD_LABELS as UNIT_LABELS
from branches.models import (
    FIGURE_FIELDS,
    Gender,
    Member,
    MemberTransfer,
    UnitArea,
    UnitLevel,
    UnitReport,
    child_levels,
)
from branches.permissions import (
    can_handle_personal_data,
    can_import_members,
    can_import_units,
    get_import_for,
    get_member_for,
    get_period_for,
    get_unit_for,
    units_visible_to,
)
from branches.services.imports import refused_rows
from unionhub.core.exports import XlsxExporter, register
from unionhub.core.xlsx import Sheet

MEMBER_COLUMNS = [
    ("full_name", 28),
    ("gender", 8),
    ("birth_date", 12),
    ("joined_on", 12),
    ("card_number", 14),
    ("phone", 14),
    ("email", 26),
    ("address", 32),
    ("status", 14),
    ("left_on", 12),
    ("party_referred_on", 14),
    ("party_admitted_on", 14),
]


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _choice_labels(model, name: str) -> dict[str, str]:
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


def member_header() -> list[str]:
    return [_("No."), _("Unit"), *(_label(Member, name) for name, _w in MEMBER_COLUMNS)]


def member_widths() -> list[int]:
    return [6, 28, *(width for _name, width in MEMBER_COLUMNS)]


# Where only the year is known, the date's column shows the year.
_YEAR_OF = {"birth_date": "birth_year", "joined_on": "joined_year"}


def member_rows(members) -> Iterator[list]:
    """One row per member, in the order given (sorted the Vietnamese way by the caller)."""
    names = [name for name, _width in MEMBER_COLUMNS]
    labels = {name: _choice_labels(Member, name) for name in ("gender", "status")}
    rows = members.values_list("unit__name", *names, *_YEAR_OF.values()).iterator()
    for number, (unit_name, *values) in enumerate(rows, start=1):
        years = dict(zip(_YEAR_OF.values(), values[len(names) :], strict=True))
        row = [number, unit_name]
        for name, value in zip(names, values, strict=False):
            if value is None and name in _YEAR_OF:
                value = years[_YEAR_OF[name]]
            # An empty value stays an empty cell: nothing is written for it.
            row.append(labels[name].get(value, value) if name in labels else value or None)
        yield row


def member_data_rows(member: Member) -> Iterator[list]:
    """Everything held about one member, as (what, value) rows: the record, moves and seats."""
    for field in Member._meta.concrete_fields:
        if field.name in ("id", "sort_key", "search_text", "version"):
            continue
        value = getattr(member, field.name)
        if field.choices:
            value = str(dict(field.flatchoices).get(value, value))
        elif field.is_relation:
            value = str(getattr(member, field.name) or "")
        yield [str(field.verbose_name).capitalize(), value if value is not None else ""]
    for transfer in MemberTransfer.objects.filter(member=member).select_related(
        "from_unit", "to_unit"
    ):
        yield [
            _("Transfer"),
            f"{transfer.transferred_on:%d/%m/%Y}: {transfer.from_unit} → {transfer.to_unit}",
        ]
    for position in member.positions.select_related("unit"):
        end = f"{position.ended_on:%d/%m/%Y}" if position.ended_on else "…"
        yield [
            _("Committee position"),
            f"{position.get_role_display()}, {position.unit} ({position.started_on:%d/%m/%Y}–{end})",
        ]
    for record in member.history.select_related("history_user").order_by("history_date"):
        who = str(record.history_user) if record.history_user else _("system")
        yield [
            _("Change recorded"),
            f"{record.history_date:%d/%m/%Y %H:%M} {who} {record.history_change_reason or ''}".strip(),
        ]


def report_header() -> list[str]:
    return [
        _("Grassroots union"),
        _("Unit"),
        _("Status"),
        _("Submitted at"),
        *(_label(UnitReport, name) for name in FIGURE_FIELDS),
        _label(UnitReport, "difficulties"),
        _label(UnitReport, "proposals"),
    ]


def board_rows(board: Board) -> Iterator[list]:
    """One row per unit of the board, grouped by grassroots union."""
    for group in board.groups:
        for line in group.lines:
            report = line.report
            figures = [getattr(report, n) if report else "" for n in FIGURE_FIELDS]
            yield [
                group.name,
                line.unit.name,
                str(line.label),
                report.submitted_at if report and report.submitted_at else "",
                *figures,
                report.difficulties if report else "",
                report.proposals if report else "",
            ]


def totals_header() -> list[str]:
    return [
        _("Grassroots union"),
        _("Reports counted"),
        *(_label(UnitReport, name) for name in FIGURE_FIELDS),
    ]


def totals_rows(totals: Totals) -> Iterator[list]:
    for row in [*totals.groups, totals.district]:
        yield [row.name, row.count, *(row.figures[n] for n in FIGURE_FIELDS)]


@register
class MemberListExporter(XlsxExporter):
    """The member register of a unit and every unit below it, filtered as the list page is."""

    identifier = "branches.member_list"
    title = "member list"

    def __init__(self, *, user, unit: int, filters: dict[str, str] | None = None) -> None:
        super().__init__(user=user, unit=unit, filters=filters or {})
        self.unit = get_unit_for(user, unit)
        self.filters = filters or {}

    def members(self):
        members = Member.objects.below(self.unit)
        return MemberFilterForm(self.filters).filter(members).sorted()

    def log_unit(self):
        return self.unit

    def count(self) -> int:
        return self.members().count()

    def filename(self) -> str:
        return f"Danh sách đoàn viên – {self.unit.name}.xlsx"

    def sheets(self) -> Iterable[Sheet]:
        yield Sheet(
            title=self.unit.short_name or self.unit.name,
            header=member_header(),
            rows=member_rows(self.members()),
            widths=member_widths(),
        )


@register
class MemberDataExporter(XlsxExporter):
    """Everything held about one member, for a request under the personal-data law."""

    identifier = "branches.member_data"
    title = "personal data of a member"

    def __init__(self, *, user, member: int) -> None:
        super().__init__(user=user, member=member)
        self.member = get_member_for(user, member, allow=can_handle_personal_data)

    def log_unit(self):
        return self.member.unit

    def log_detail(self) -> str:
        return f"member #{self.member.pk}"

    def filename(self) -> str:
        return f"Dữ liệu cá nhân – {self.member.full_name}.xlsx"

    def sheets(self) -> Iterable[Sheet]:
        yield Sheet(
            title=_("Personal data"),
            header=[_("What"), _("Value")],
            rows=member_data_rows(self.member),
            widths=[28, 70],
        )

    def render(self, *, progress=None) -> tuple[bytes, int]:
        content, _rows = super().render(progress=progress)
        return content, 1  # one member, whatever the number of lines about them


@register
class ReportBoardExporter(XlsxExporter):
    """A period's "who has filed" board and the totals, for the units the user may see."""

    identifier = "branches.report_board"
    title = "report board"

    def __init__(self, *, user, period: int) -> None:
        super().__init__(user=user, period=period)
        self.period = get_period_for(user, period)
        self.visible = units_visible_to(user)

    def count(self) -> int:
        return period_units(self.period, self.visible).count()

    def log_detail(self) -> str:
        return f"period #{self.period.pk}"

    def filename(self) -> str:
        return f"Báo cáo {self.period.title}.xlsx"

    def sheets(self) -> Iterable[Sheet]:
        board = build_board(self.period, self.visible)
        self._rows = board.total
        yield Sheet(title=_("Who has filed"), header=report_header(), rows=board_rows(board))
        yield Sheet(
            title=_("Totals"),
            header=totals_header(),
            rows=totals_rows(period_totals(self.period, self.visible)),
        )

    def render(self, *, progress=None) -> tuple[bytes, int]:
        content, _rows = super().render(progress=progress)
        return content, self._rows  # one record per unit on the board


# --- imports: the template to start from, and the refused rows to correct ---------------------

_MEMBER_TEMPLATE = ["full_name", "gender", "birth", "joined", "card_number", "phone", "email",
                    "address", "notes"]  # fmt: skip
_UNIT_TEMPLATE = ["name", "parent", "code", "level", "area", "short_name", "ward",
                  "neighbourhood", "address", "phone", "email", "founded_on"]  # fmt: skip


@register
class MemberImportTemplateExporter(XlsxExporter):
    """An empty member list with the headers the import reads and one example row."""

    identifier = "branches.member_import_template"
    title = "member list template"

    def __init__(self, *, user, unit: int) -> None:
        super().__init__(user=user, unit=unit)
        self.unit = get_unit_for(user, unit, allow=can_import_members)

    def log_unit(self):
        return self.unit

    def filename(self) -> str:
        return f"Mẫu danh sách đoàn viên – {self.unit.name}.xlsx"

    def sheets(self) -> Iterable[Sheet]:
        example = ["Nguyễn Văn An", str(Gender.MALE.label), date(1998, 3, 12),
                   date(2013, 3, 26), "TB-0001", "0909123456", "", "12 Âu Cơ", ""]  # fmt: skip
        yield Sheet(
            title=_("Members"),
            header=[str(MEMBER_LABELS[name]) for name in _MEMBER_TEMPLATE],
            rows=[example],
            widths=[28, 10, 14, 14, 16, 14, 24, 32, 20],
        )


@register
class UnitImportTemplateExporter(XlsxExporter):
    """An empty list of units with the headers the import reads and one example row."""

    identifier = "branches.unit_import_template"
    title = "unit list template"

    def __init__(self, *, user, unit: int) -> None:
        super().__init__(user=user, unit=unit)
        self.unit = get_unit_for(user, unit, allow=can_import_units)

    def log_unit(self):
        return self.unit

    def filename(self) -> str:
        return f"Mẫu danh sách đơn vị – {self.unit.name}.xlsx"

    def sheets(self) -> Iterable[Sheet]:
        level = child_levels(self.unit.level)[0]
        area = UnitArea.NEIGHBOURHOOD if level == UnitLevel.BRANCH else UnitArea.OTHER
        example = ["Chi đoàn Khu phố 7" if level == UnitLevel.BRANCH else "Đoàn Phường 10",
                   self.unit.name, "", str(UnitLevel(level).label), str(UnitArea(area).label),
                   "", "", "", "", "", "", ""]  # fmt: skip
        yield Sheet(
            title=_("Units"),
            header=[str(UNIT_LABELS[name]) for name in _UNIT_TEMPLATE],
            rows=[example],
            widths=[30, 26, 14, 20, 16, 14, 14, 14, 28, 14, 24, 14],
        )


@register
class RefusedRowsExporter(XlsxExporter):
    """The rows an import refused, as they were written, with the reasons: to correct and upload."""

    identifier = "branches.import_refused"
    title = "refused rows of an import"

    def __init__(self, *, user, record: int) -> None:
        super().__init__(user=user, record=record)
        self.record = get_import_for(user, record)

    def log_unit(self):
        return self.record.unit

    def log_detail(self) -> str:
        return f"import #{self.record.pk}"

    def filename(self) -> str:
        stem = PurePath(self.record.file_name).stem
        return f"{stem} – {_('refused rows')}.xlsx"

    def sheets(self) -> Iterable[Sheet]:
        header, rows = refused_rows(self.record)
        yield Sheet(title=_("Refused rows"), header=header, rows=rows)
