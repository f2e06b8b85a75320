"""Every change to a unit's meetings and activities goes through these functions."""

from django.db import transaction

from branches.models import Activity, Meeting, Unit
from branches.permissions import can_edit_records, require
from branches.services.records import check_unit_open, save_record, set_fields
from unionhub.core.versions import claim_version, keeps_version_on_failure

LOG_FIELDS = ("held_on", "kind", "topic", "attendance", "notes")


def _create(model, unit: Unit, *, by, fields: dict, service: str):
    require(by, can_edit_records, unit)
    check_unit_open(unit)
    entry = model(unit=unit)
    set_fields(entry, LOG_FIELDS, fields, service)
    save_record(entry, by=by)
    return entry


@keeps_version_on_failure
def _update(entry, *, by, base_version: int | None, fields: dict, service: str):
    require(by, can_edit_records, entry.unit)
    claim_version(entry, base_version=base_version)
    check_unit_open(entry.unit)
    set_fields(entry, LOG_FIELDS, fields, service)
    save_record(entry, by=by)
    return entry


@transaction.atomic
def log_meeting(unit: Unit, *, by, **fields) -> Meeting:
    """Record a meeting the unit held."""
    return _create(Meeting, unit, by=by, fields=fields, service="log_meeting")


@transaction.atomic
def update_meeting(meeting: Meeting, *, by, base_version: int | None = None, **fields) -> Meeting:
    """Correct a meeting; refused if someone saved it after `base_version`."""
    return _update(
        meeting, by=by, base_version=base_version, fields=fields, service="update_meeting"
    )


@transaction.atomic
def log_activity(unit: Unit, *, by, **fields) -> Activity:
    """Record an activity or youth project the unit ran."""
    return _create(Activity, unit, by=by, fields=fields, service="log_activity")


@transaction.atomic
def update_activity(
    activity: Activity, *, by, base_version: int | None = None, **fields
) -> Activity:
    """Correct an activity; refused if someone saved it after `base_version`."""
    return _update(
        activity, by=by, base_version=base_version, fields=fields, service="update_activity"
    )
