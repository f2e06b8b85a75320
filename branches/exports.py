"""Excel exports: row generators over querysets the views have already scoped by permission."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from branches.models import FIGURE_FIELDS, Member, UnitReport
from branches.models_members import MemberTransfer

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


def member_header() -> list[str]:
    return [_("No."), _("Unit"), *(_label(Member, name) for name, _w in MEMBER_COLUMNS)]


def member_widths() -> list[int]:
    return [6, 28, *(width for _name, width in MEMBER_COLUMNS)]


def member_rows(members) -> Iterator[list]:
    """One row per member, in the order given (sorted the Vietnamese way by the caller)."""
    for number, member in enumerate(members.select_related("unit").iterator(), start=1):
        row = [number, member.unit.name]
        for name, _width in MEMBER_COLUMNS:
            if name == "gender":
                row.append(str(member.get_gender_display()))
            elif name == "status":
                row.append(str(member.get_status_display()))
            else:
                row.append(getattr(member, name) or "")
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


def board_rows(board) -> Iterator[list]:
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


def totals_rows(totals) -> Iterator[list]:
    for row in [*totals.groups, totals.district]:
        yield [row.name, row.count, *(row.figures[n] for n in FIGURE_FIELDS)]
