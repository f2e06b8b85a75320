"""Invitations: invite units and guests, take the replies, check the invitees in on the day."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Unit, UnitArea, UnitLevel
from events.models import Event, Invitation, Reply
from events.permissions import can_check_in, can_reply_invitation, can_run_event, require
from unionhub.accounts.models import User
from unionhub.core.text import fold
from unionhub.core.versions import claim_version


def invitation_search_text(invitation: Invitation) -> str:
    if invitation.unit_id:
        unit = invitation.unit
        parent = unit.parent.name if unit.parent_id else ""
        return fold(" ".join([unit.name, parent, unit.ward, unit.neighbourhood, unit.short_name]))
    return fold(
        " ".join([invitation.guest_name, invitation.guest_position, invitation.guest_organisation])
    )


@transaction.atomic
def invite_units(event: Event, *, by: User, units) -> int:
    """Invite each unit once (its secretary); units already invited are skipped. Returns how many new."""
    require(by, can_run_event, event)
    return _invite(event, units, by=by)


def _invite(event: Event, units, *, by) -> int:
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
    # Each code is new and random, so these are exactly the rows this call inserted.
    made = Invitation.objects.filter(code__in=[i.code for i in new])
    Invitation.history.bulk_history_create(list(made), default_user=by)
    return len(new)


def invite_to_open_events(unit: Unit, *, by) -> int:
    """A new unit is invited to every event not yet over that invited all its siblings of its
    level and area (at least one). Returns how many events."""
    siblings = Unit.objects.like(unit)
    count = siblings.count() if unit.parent_id else 0
    if not count:
        return 0
    now = timezone.now()
    events = list(
        Event.objects.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
        .annotate(asked=Count("invitations", filter=Q(invitations__unit__in=siblings)))
        .filter(asked=count)
    )
    for event in events:
        _invite(event, [unit], by=by)
    return len(events)


@transaction.atomic
def cancel_invitation(invitation: Invitation, *, by: User) -> None:
    """Withdraw an invitation nobody has checked in on (kept in the history)."""
    require(by, can_run_event, invitation.event)
    if invitation.checked_in_at is not None:
        raise ValidationError(_("This guest has already checked in; the invitation stays."))
    invitation._history_user = by
    invitation.delete()


def neighbourhood_branches():
    """Every open neighbourhood branch (chi đoàn khu phố)."""
    return Unit.objects.open().filter(level=UnitLevel.BRANCH, area=UnitArea.NEIGHBOURHOOD)


@transaction.atomic
def invite_neighbourhood_branches(event: Event, *, by: User) -> int:
    """Invite the secretary of every open neighbourhood branch under the organiser."""
    require(by, can_run_event, event)
    units = neighbourhood_branches().filter(path__startswith=event.organiser.path)
    return invite_units(event, by=by, units=units)


@transaction.atomic
def invite_guest(
    event: Event, *, by: User, name: str, position: str = "", organisation: str = ""
) -> Invitation:
    """Invite a named guest (đại biểu)."""
    require(by, can_run_event, event)
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
    invitation._history_user = by
    invitation.save()
    return invitation


def _save(invitation: Invitation, *, by: User, fields: list[str]) -> Invitation:
    invitation._history_user = by
    invitation.save(update_fields=[*fields, "version"])
    return invitation


@transaction.atomic
def reply_to_invitation(
    invitation: Invitation,
    *,
    by: User,
    attending: bool,
    base_version: int | None = None,
    at: datetime | None = None,
) -> Invitation:
    """The invitee says whether they will come; they may change it until the event starts."""
    require(by, can_reply_invitation, invitation)
    # The lock serialises this reply with a check-in of the same invitation.
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("event", "unit")
        .get(pk=invitation.pk)
    )
    claim_version(invitation, base_version=base_version)
    now = at or timezone.now()
    if now >= invitation.event.starts_at:
        raise ValidationError(_("The event has started; replies are closed."))
    if invitation.unit_id and invitation.unit.is_closed:
        raise ValidationError(_("This unit is closed; it no longer replies to invitations."))
    invitation.reply = Reply.YES if attending else Reply.NO
    invitation.replied_at = now
    invitation.replied_by = by
    invitation.full_clean(
        exclude=["event", "unit", "replied_by", "checked_in_by"], validate_constraints=False
    )
    return _save(invitation, by=by, fields=["reply", "replied_at", "replied_by"])


@transaction.atomic
def check_in(
    invitation: Invitation, *, by: User, at: datetime | None = None
) -> tuple[Invitation, bool]:
    """Mark the invitee present. Returns (invitation, True) if this call checked them in."""
    require(by, can_check_in, invitation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.checked_in_at is not None:
        return invitation, False  # a second scan or tick keeps the first time
    # No version from a form: at the door a tick is never refused, but a stale edit after it is.
    claim_version(invitation)
    invitation.checked_in_at = at or timezone.now()
    invitation.checked_in_by = by
    return _save(invitation, by=by, fields=["checked_in_at", "checked_in_by"]), True


@transaction.atomic
def undo_check_in(
    invitation: Invitation, *, by: User, base_version: int | None = None
) -> Invitation:
    """Untick someone ticked by mistake (refused if the row changed since the page showed it)."""
    require(by, can_check_in, invitation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.checked_in_at is None:
        return invitation
    claim_version(invitation, base_version=base_version)
    invitation.checked_in_at = None
    invitation.checked_in_by = None
    return _save(invitation, by=by, fields=["checked_in_at", "checked_in_by"])
