"""A unit's history tab: who changed what on the unit and its roles, and when."""

from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import (
    Activity,
    Import,
    ImportState,
    Meeting,
    Member,
    MemberTransfer,
    Position,
    Role,
    Unit,
    UnitReport,
)


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    subject: str
    reason: str
    changes: list[Change]


_ACTION = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


def _display(record, field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    field = record.instance_type._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    return str(value)


def _entries(records, subject) -> list[Entry]:
    entries = []
    previous_of: dict[int, object] = {}
    # Oldest first, so each record is compared with the one before it without a query each.
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        changes: list[Change] = []
        previous = previous_of.get(record.id)
        previous_of[record.id] = record
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["path", "depth", "version"])
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    Change(
                        field=str(field.verbose_name),
                        old=_display(record, change.field, change.old),
                        new=_display(record, change.field, change.new),
                    )
                )
        entries.append(
            Entry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else _("system"),
                what=str(_ACTION[record.history_type]),
                subject=subject(record),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def entries_for(unit: Unit) -> list[Entry]:
    """Every recorded change to the unit and to the roles on it, newest first."""
    unit_records = Unit.history.filter(id=unit.pk).select_related("history_user")
    role_records = Role.history.filter(unit_id=unit.pk).select_related("history_user", "user")
    entries = chain(
        _entries(unit_records, lambda r: _("Unit")),
        _entries(
            role_records,
            lambda r: (
                _("Role of %(user)s: %(kind)s") % {"user": r.user, "kind": r.get_kind_display()}
            ),
        ),
    )
    entries = chain(entries, record_entries(unit), import_entries(unit))
    return sorted(entries, key=lambda e: e.when, reverse=True)


def import_entries(unit: Unit) -> list[Entry]:
    """Lists imported into the unit (members) or under it (units): who, when, file and counts."""
    imports = (
        Import.objects.filter(unit=unit, state=ImportState.APPLIED)
        .select_related("applied_by")
        .defer("planned", "errors", "changes", "columns")
    )
    return [
        Entry(
            when=record.applied_at,
            who=str(record.applied_by) if record.applied_by else _("system"),
            what=str(gettext_lazy("imported")),
            subject=(
                _("Member list %(file)s") if record.is_members else _("List of units %(file)s")
            )
            % {"file": record.file_name},
            reason=_("%(created)s new, %(updated)s corrected, %(unchanged)s unchanged")
            % {
                "created": record.created_count,
                "updated": record.updated_count,
                "unchanged": record.unchanged_count,
            },
            changes=[],
        )
        for record in imports
    ]


def record_entries(unit: Unit) -> list[Entry]:
    """Changes to the unit's members, committee, meetings, activities and reports.

    One query per kind of record, whatever their number. A member's versions are shown where the
    member was on the register at the time, and a transfer out is shown on the unit they left.
    """

    def _history(model, *related):
        return model.history.filter(unit_id=unit.pk).select_related("history_user", *related)

    transfers = MemberTransfer.objects.filter(from_unit=unit).select_related(
        "member", "to_unit", "by"
    )
    return [
        *_entries(_history(Member), lambda r: _("Member %(name)s") % {"name": r.full_name}),
        *_entries(
            _history(Position, "member"),
            lambda r: (
                _("Committee: %(role)s %(name)s")
                % {
                    "role": r.get_role_display(),
                    "name": r.member.full_name if r.member_id and r.member else r.person_name,
                }
            ),
        ),
        *_entries(
            _history(Meeting),
            lambda r: (
                _("Meeting of %(date)s: %(topic)s")
                % {"date": r.held_on.strftime("%d/%m/%Y"), "topic": r.topic}
            ),
        ),
        *_entries(
            _history(Activity),
            lambda r: (
                _("Activity of %(date)s: %(topic)s")
                % {"date": r.held_on.strftime("%d/%m/%Y"), "topic": r.topic}
            ),
        ),
        *_entries(
            _history(UnitReport, "period"),
            lambda r: _("Report for %(period)s") % {"period": r.period},
        ),
        *(
            Entry(
                when=t.at,
                who=str(t.by) if t.by else _("system"),
                what=str(gettext_lazy("transferred")),
                subject=_("Member %(name)s") % {"name": t.member.full_name},
                reason=_("Transferred to %(unit)s on %(date)s")
                % {"unit": t.to_unit, "date": t.transferred_on.strftime("%d/%m/%Y")},
                changes=[],
            )
            for t in transfers
        ),
    ]
