"""Events, invitations and check-in."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Unit, UnitArea, UnitLevel
from events.models import Event, Invitation, Reply
from unionhub.core.text import fold

EVENT_FIELDS = ("kind", "title", "starts_at", "ends_at", "venue", "description", "agenda")


def _save_event(event: Event, *, by) -> Event:
    event.title = " ".join(event.title.split())
    event.full_clean()
    event._history_user = by
    event.save()
    return event


@transaction.atomic
def create_event(*, by, organiser: Unit, kind: str, title: str, starts_at: datetime, **fields):
    """Plan an event organised by `organiser`."""
    if organiser.is_closed:
        raise ValidationError({"organiser": _("A closed unit cannot organise events.")})
    event = Event(organiser=organiser, kind=kind, title=title, starts_at=starts_at, created_by=by)
    for field, value in fields.items():
        if field not in EVENT_FIELDS:
            raise TypeError(f"create_event() got an unexpected field {field!r}")
        setattr(event, field, value)
    return _save_event(event, by=by)


@transaction.atomic
def update_event(event: Event, *, by, **fields) -> Event:
    """Change an event's details (not its organiser)."""
    for field, value in fields.items():
        if field not in EVENT_FIELDS:
            raise TypeError(f"update_event() got an unexpected field {field!r}")
        setattr(event, field, value)
    return _save_event(event, by=by)


def invitation_search_text(invitation: Invitation) -> str:
    if invitation.unit_id:
        unit = invitation.unit
        parent = unit.parent.name if unit.parent_id else ""
        return fold(" ".join([unit.name, parent, unit.ward, unit.neighbourhood, unit.short_name]))
    return fold(
        " ".join([invitation.guest_name, invitation.guest_position, invitation.guest_organisation])
    )


@transaction.atomic
def invite_units(event: Event, *, by, units) -> int:
    """Invite each unit once (its secretary); units already invited are skipped. Returns how many new."""
    units = list(units.select_related("parent") if hasattr(units, "select_related") else units)
    if any(unit.is_closed for unit in units):
        raise ValidationError(_("A closed unit cannot be invited."))
    already = set(
        Invitation.objects.filter(event=event, unit__in=[u.pk for u in units]).values_list(
            "unit_id", flat=True
        )
    )
    new = []
    for unit in units:
        if unit.pk in already:
            continue
        invitation = Invitation(event=event, unit=unit)
        invitation.search_text = invitation_search_text(invitation)
        # The partial unique constraint is checked by the database (ignore_conflicts below).
        invitation.full_clean(exclude=["event", "unit"], validate_constraints=False)
        new.append(invitation)
        already.add(unit.pk)
    # ignore_conflicts: two staff pressing "invite all" at once still make one invitation per unit.
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def neighbourhood_branches():
    """Every open neighbourhood branch (chi đoàn khu phố)."""
    return Unit.objects.open().filter(level=UnitLevel.BRANCH, area=UnitArea.NEIGHBOURHOOD)


@transaction.atomic
def invite_neighbourhood_branches(event: Event, *, by) -> int:
    """Invite the secretary of every open neighbourhood branch under the organiser."""
    units = neighbourhood_branches().filter(path__startswith=event.organiser.path)
    return invite_units(event, by=by, units=units)


@transaction.atomic
def invite_guest(
    event: Event, *, by, name: str, position: str = "", organisation: str = ""
) -> Invitation:
    """Invite a named guest (đại biểu)."""
    invitation = Invitation(
        event=event,
        guest_name=" ".join(name.split()),
        guest_position=position.strip(),
        guest_organisation=organisation.strip(),
    )
    if not invitation.guest_name:
        raise ValidationError({"guest_name": _("Enter the guest's name.")})
    invitation.search_text = invitation_search_text(invitation)
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def reply_to_invitation(
    invitation: Invitation, *, by, attending: bool, at: datetime | None = None
) -> Invitation:
    """The invited secretary says whether they will come; they may change it until the event."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = at or timezone.now()
    if now >= invitation.event.starts_at:
        raise ValidationError(_("The event has started; replies are closed."))
    invitation.reply = Reply.YES if attending else Reply.NO
    invitation.replied_at = now
    invitation.replied_by = by
    invitation.full_clean(
        exclude=["event", "unit", "replied_by", "checked_in_by"], validate_constraints=False
    )
    invitation.save(update_fields=["reply", "replied_at", "replied_by"])
    return invitation


@transaction.atomic
def check_in(invitation: Invitation, *, by, at: datetime | None = None) -> tuple[Invitation, bool]:
    """Mark the invitee present. Returns (invitation, True) if this call checked them in."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.checked_in_at is not None:
        return invitation, False  # a second scan or tick keeps the first time
    invitation.checked_in_at = at or timezone.now()
    invitation.checked_in_by = by
    invitation.save(update_fields=["checked_in_at", "checked_in_by"])
    return invitation, True


@transaction.atomic
def undo_check_in(invitation: Invitation, *, by) -> Invitation:
    """Untick someone ticked by mistake."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.checked_in_at = None
    invitation.checked_in_by = None
    invitation.save(update_fields=["checked_in_at", "checked_in_by"])
    return invitation
