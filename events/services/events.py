"""Events: plan one, change its details."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Unit
from events.models import Event
from events.permissions import can_organise_for, can_run_event, require
from unionhub.accounts.models import User
from unionhub.core.versions import claim_version, keeps_version_on_failure

EVENT_FIELDS = ("kind", "title", "starts_at", "ends_at", "venue", "description", "agenda",
                "digest_number", "digest_signer_title", "digest_signer_name")  # fmt: skip


def _save_event(event: Event, *, by: User) -> Event:
    event.title = " ".join(event.title.split())
    event.full_clean()
    event._history_user = by
    event.save()
    return event


def _set_fields(event: Event, fields: dict, *, service: str) -> None:
    for field, value in fields.items():
        if field not in EVENT_FIELDS:
            raise TypeError(f"{service}() got an unexpected field {field!r}")
        setattr(event, field, value)


@transaction.atomic
def create_event(
    *, by: User, organiser: Unit, kind: str, title: str, starts_at: datetime, **fields
) -> Event:
    """Plan an event organised by `organiser`."""
    require(by, can_organise_for, organiser)
    if organiser.is_closed:
        raise ValidationError({"organiser": _("A closed unit cannot organise events.")})
    event = Event(organiser=organiser, kind=kind, title=title, starts_at=starts_at, created_by=by)
    _set_fields(event, fields, service="create_event")
    return _save_event(event, by=by)


@keeps_version_on_failure
@transaction.atomic
def update_event(event: Event, *, by: User, base_version: int | None = None, **fields) -> Event:
    """Change an event's details (not its organiser); refused if saved by someone else meanwhile."""
    require(by, can_run_event, event)
    claim_version(event, base_version=base_version)
    _set_fields(event, fields, service="update_event")
    return _save_event(event, by=by)
