"""Imports of the union's own lists: upload and check, correct the column mapping, confirm.

An upload is checked at once and kept (the import log): what would be created, updated and left
unchanged, and every refused cell. Confirming checks the file once more against the records as
they are then and writes all of it in one transaction, through the member and unit services
(history, versions, normalisation), or writes nothing when a row is refused. A large list is
written by a background job with a progress bar.
"""

from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.lists import Plan, RowError, find_tables, shown
from branches.lists.columns import member_columns, unit_columns
from branches.lists.kept import plan_from_json, plan_to_json
from branches.lists.members import given_names_under_an_empty_header, plan_members
from branches.lists.units import plan_units
from branches.models import (
    IMPORT_TRANSITIONS,
    Import,
    ImportKind,
    ImportState,
    ImportTransition,
    Member,
    Unit,
)
from branches.permissions import can_import_members, can_import_units, can_use_import, require
from branches.services.members import create_members, update_members
from branches.services.units import create_unit, update_unit
from unionhub.core.exportlog import log_export
from unionhub.core.jobs import Job, finish_job, job_runner, run_job, set_progress
from unionhub.core.spreadsheets import SheetRows, read_workbook
from unionhub.core.text import fold
from unionhub.core.transitions import move

IMPORT_JOB = "branches.import"
WRITE_BATCH = 2000


class Refused(Exception):
    """The check before writing found refused rows: nothing is written."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("refused")
        self.plan = plan


def _may_start(kind: str) -> Callable:
    return can_import_members if kind == ImportKind.MEMBERS else can_import_units


def stored_sheets(record: Import) -> list[SheetRows]:
    """The sheets of the import's stored file (read again with the same safety checks)."""
    with record.file.open("rb") as handle:
        content = handle.read()
    return read_workbook(content, record.file_name, max_bytes=settings.UPLOAD_MAX_FILE_SIZE)


def refused_rows(record: Import) -> tuple[list[str], list[list]]:
    """The refused rows as they were written (the columns the import reads), with the reasons."""
    if record.kind == ImportKind.MEMBERS:
        columns, key = member_columns(), "full_name"
    else:
        columns, key = unit_columns(), "name"
    tables = find_tables(stored_sheets(record), columns, record.mapping, key)
    if record.kind == ImportKind.MEMBERS:
        given_names_under_an_empty_header(tables, columns, record.mapping)
    kept = [column for column in record.columns if column["field"]]
    whole_file = [e["reason"] for e in record.errors if e["row"] is None]
    reasons: dict[tuple[str, int], list[str]] = {}
    for e in record.errors:
        if e["row"] is not None:
            why = f"{e['column']}: {e['reason']}" if e["column"] else e["reason"]
            reasons.setdefault((e["sheet"], e["row"]), []).append(why)
    header = [_("Sheet"), _("Row"), *(c["label"] for c in kept), _("Why it was refused")]
    rows = []
    for table in tables:
        where: dict[str, list[int]] = {}
        for index, label in enumerate(table.headers):
            if label:
                where.setdefault(fold(label), []).append(index)
        for number, values in table.rows:
            why = reasons.get((table.sheet, number)) or whole_file
            if not why:
                continue
            cells = []
            for column in kept:
                found = [values[i] for i in where.get(column["key"], []) if values[i] != ""]
                cells.append(found[0] if len(found) == 1 else " ".join(shown(v) for v in found))
            rows.append([table.sheet, number, *cells, "; ".join(why)])
    return header, rows


def check_list(record: Import, sheets: list[SheetRows]) -> Plan:
    """Check the list against the records as they are now; write nothing."""
    if record.kind == ImportKind.MEMBERS:
        return plan_members(record.unit, sheets, record.mapping)
    return plan_units(record.unit, sheets, record.mapping)


def _keep(record: Import, plan: Plan, fingerprint: dict) -> None:
    """Keep the check's outcome on the import: counts, every error, a sample of the changes."""
    order = {sheet["name"]: i for i, sheet in enumerate(plan.sheets)}
    errors = sorted(plan.errors, key=lambda e: (order.get(e.sheet, 0), e.row or 0))
    record.columns = plan.columns
    record.mapping = plan.mapping
    record.sheets = plan.sheets
    record.rows = plan.rows
    record.created_count = plan.count("create")
    record.updated_count = plan.count("update")
    record.unchanged_count = plan.count("unchanged")
    record.refused_count = plan.refused
    record.errors = [e.as_dict() for e in errors]
    record.changes = [] if errors else plan.sample_changes()
    record.checked_against = fingerprint
    record.planned = (
        plan_to_json(plan) if record.kind == ImportKind.MEMBERS and not errors else None
    )


def _set_state(record: Import, to: str, *, by, note: str = "") -> None:
    if record.state == to:
        record.full_clean()
        record.save()
        return
    move(record, to, by=by, allowed=IMPORT_TRANSITIONS, log=ImportTransition,
         status_field="state", note=note)  # fmt: skip


def _no_list_error(kind: str) -> ValidationError:
    if kind == ImportKind.MEMBERS:
        message = _(
            "No member list was found in the file. Its header row must name the full name "
            "(“Họ và tên”) and at least one other column, such as “Ngày sinh” or “Giới tính”."
        )
    else:
        message = _(
            "No list of units was found in the file. Its header row must name the unit "
            "(“Tên đơn vị” or “Tên chi đoàn”) and at least one other column, such as “Trực thuộc”."
        )
    return ValidationError(message, code="no_list")


@transaction.atomic
def start_import(unit: Unit, *, by, kind: str, file_name: str, content: bytes) -> Import:
    """Check an uploaded list against the register (or the tree) and keep it with its preview."""
    require(by, _may_start(kind), unit)
    sheets = read_workbook(content, file_name, max_bytes=settings.UPLOAD_MAX_FILE_SIZE)
    record = Import(
        kind=kind,
        unit=unit,
        created_by=by,
        file_name=PurePath(file_name).name[:255],
        file_size=len(content),
        mapping={},
    )
    fingerprint = _fingerprint(record)
    plan = check_list(record, sheets)
    if not plan.columns:
        raise _no_list_error(kind)
    if not plan.rows:
        raise ValidationError(_("The list has a header but no rows below it."), code="empty")
    _keep(record, plan, fingerprint)
    record.state = ImportState.REFUSED if plan.errors else ImportState.READY
    record.full_clean(exclude=["file"])
    record.file.save(record.file_name, ContentFile(content), save=False)
    record.save()
    return record


@transaction.atomic
def remap_import(record: Import, *, by, mapping: dict[str, str]) -> Import:
    """Check the stored list again with its columns mapped as the person chose."""
    require(by, can_use_import, record)
    record = Import.objects.select_for_update().select_related("unit").get(pk=record.pk)
    if not record.is_checked:
        raise ValidationError(
            _("This list was already written. Upload the file again to import it again.")
        )
    known = {column["key"] for column in record.columns}
    record.mapping = {**record.mapping, **{k: v for k, v in mapping.items() if k in known}}
    fingerprint = _fingerprint(record)
    plan = check_list(record, stored_sheets(record))
    if not plan.columns:
        if record.kind == ImportKind.MEMBERS:
            raise ValidationError(_("One column must hold the full name."), code="no_key")
        raise ValidationError(_("One column must hold the name of the unit."), code="no_key")
    _keep(record, plan, fingerprint)
    to = ImportState.REFUSED if plan.errors else ImportState.READY
    _set_state(record, to, by=by, note=_("Columns mapped again"))
    return record


@transaction.atomic
def confirm_import(record: Import, *, by) -> Import:
    """Write the checked list: at once when it is short, by a background job when it is long."""
    require(by, can_use_import, record)
    if by is None or record.rows < settings.IMPORT_JOB_THRESHOLD:
        return apply_import(record, by=by)
    record = Import.objects.select_for_update().get(pk=record.pk)
    if not record.can_confirm:
        raise _not_confirmable(record)
    job = Job(
        user=by,
        kind=IMPORT_JOB,
        title=(_("Import of %(file)s") % {"file": record.file_name})[:255],
        params={"import": record.pk, "url": record.get_absolute_url()},
    )
    job.full_clean()
    job.save()
    record.job = job
    _set_state(record, ImportState.APPLYING, by=by)
    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return record


def _not_confirmable(record: Import) -> ValidationError:
    if record.state == ImportState.APPLIED:
        return ValidationError(_("This list was already written."), code="applied")
    if record.state == ImportState.APPLYING:
        return ValidationError(_("This list is being written."), code="applying")
    return ValidationError(
        _("Rows of this list are refused: correct them and upload the file again."),
        code="refused",
    )


def _fingerprint(record: Import) -> dict:
    """Changes whenever someone changes the register (or the tree) the list is checked against."""
    if record.kind == ImportKind.MEMBERS:
        records = Member.objects.filter(unit=record.unit_id)
    else:
        records = Unit.objects.below(record.unit)
    return records.aggregate(n=Count("pk"), versions=Sum("version"), last=Max("pk"))


@transaction.atomic
def apply_import(record: Import, *, by, progress: Callable[[int], None] | None = None) -> Import:
    """Check the list once more against the records as they are, then write all of it or nothing.

    When nobody changed the register since the preview, what the preview found (every row
    checked by the model's own rules) is written as it is; otherwise the file is checked again
    first. A refused row leaves the import refused, with the reasons, and nothing written.
    """
    require(by, can_use_import, record)
    report = progress or (lambda percent: None)
    record = Import.objects.select_for_update().select_related("unit").get(pk=record.pk)
    if record.state not in (ImportState.READY, ImportState.FAILED, ImportState.APPLYING):
        raise _not_confirmable(record)
    if record.state != ImportState.APPLYING and record.refused_count:
        raise _not_confirmable(record)
    # One import at a time writes into a unit (PostgreSQL waits here for the other).
    list(Unit.objects.select_for_update().filter(pk=record.unit_id).values_list("pk"))
    fingerprint = _fingerprint(record)
    plan = None
    if record.planned is not None and fingerprint == record.checked_against:
        plan = plan_from_json(record)
    checked_again = plan is None
    if checked_again:
        plan = check_list(record, stored_sheets(record))
    report(20)
    try:
        if plan.errors:
            raise Refused(plan)
        with transaction.atomic():  # a savepoint: a refusal while writing undoes every write
            if checked_again:
                _keep(record, plan, fingerprint)
            _write(record, plan, by=by, report=report)
    except Refused as refused:
        _keep(record, refused.plan, fingerprint)
        _set_state(record, ImportState.REFUSED, by=by, note=_("Refused when written"))
        return record
    record.planned = None  # written: what was planned is now in the records and their history
    record.applied_by = by
    record.applied_at = timezone.now()
    _set_state(record, ImportState.APPLIED, by=by)
    _log(record, by=by)
    return record


def _write(record: Import, plan: Plan, *, by, report: Callable[[int], None]) -> None:
    reason = _("Imported from %(file)s") % {"file": record.file_name}
    if record.kind == ImportKind.MEMBERS:
        _write_members(record, plan, by=by, reason=reason, report=report)
    else:
        _write_units(plan, by=by)


def _write_members(record: Import, plan: Plan, *, by, reason: str, report) -> None:
    new = [planned.fields for planned in plan.planned if planned.action == "create"]
    for start in range(0, len(new), WRITE_BATCH):
        create_members(
            record.unit, by=by, rows=new[start : start + WRITE_BATCH], reason=reason, checked=True
        )
        report(20 + int(75 * min(start + WRITE_BATCH, len(new)) / len(new)))
    changed = [(p.target, p.fields) for p in plan.planned if p.action == "update"]
    update_members(changed, by=by, reason=reason)


def _write_units(plan: Plan, *, by) -> None:
    made: dict[int, Unit] = {}
    for planned in plan.planned:
        try:
            if planned.action == "create":
                parent = planned.parent.unit or made[id(planned.parent.planned)]
                fields = dict(planned.fields)
                level, name = fields.pop("level"), fields.pop("name")
                code = fields.pop("code", "")
                made[id(planned)] = create_unit(
                    by=by, parent=parent, level=level, name=name, code=code, **fields
                )
            elif planned.action == "update":
                update_unit(planned.target, by=by, **planned.fields)
        except ValidationError as error:
            row = planned.row
            refused = Plan(plan.columns, plan.mapping, plan.sheets, rows=plan.rows)
            refused.errors = [
                RowError(row.sheet, row.number, row.header("name"), planned.label, message)
                for message in error.messages
            ]
            raise Refused(refused) from error


def _log(record: Import, *, by) -> None:
    if by is None:
        return
    log_export(
        by=by,
        kind="member import" if record.kind == ImportKind.MEMBERS else "unit import",
        unit=record.unit,
        row_count=record.created_count + record.updated_count,
        detail=(
            f"{record.file_name}: {record.created_count} created, {record.updated_count} "
            f"updated, {record.unchanged_count} unchanged"
        ),
        file_format=PurePath(record.file_name).suffix.lstrip(".").lower()[:10] or "import",
    )


@job_runner(IMPORT_JOB)
def run_import_job(job: Job) -> None:
    """The worker writes a long list; a failure leaves the import to be confirmed again."""
    record = Import.objects.select_related("unit").get(pk=job.params["import"])
    try:
        set_progress(job, 5)
        record = apply_import(record, by=job.user, progress=lambda p: set_progress(job, p))
    except Exception:
        with transaction.atomic():
            failed = Import.objects.select_for_update().get(pk=record.pk)
            if failed.state == ImportState.APPLYING:
                _set_state(failed, ImportState.FAILED, by=job.user)
        raise
    finish_job(job, row_count=record.created_count + record.updated_count)
