"""Every change to a unit's register, committee and logs goes through these functions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import (
    MEMBER_TRANSITIONS,
    Activity,
    Meeting,
    Member,
    MemberStatus,
    MemberTransfer,
    Position,
    Unit,
    member_sort_key,
)
from unionhub.core.exportlog import log_export
from unionhub.core.versions import claim_version

MEMBER_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "joined_on",
    "card_number",
    "phone",
    "email",
    "address",
    "party_referred_on",
    "party_admitted_on",
    "notes",
)
POSITION_FIELDS = ("member", "person_name", "role", "phone", "started_on", "ended_on")
LOG_FIELDS = ("held_on", "kind", "topic", "attendance", "notes")


def _set_fields(obj, allowed: tuple[str, ...], fields: dict, service: str) -> None:
    for field, value in fields.items():
        if field not in allowed:
            raise TypeError(f"{service}() got an unexpected field {field!r}")
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, field, value)


def _save(obj, *, by, reason: str = "") -> None:
    obj.full_clean()
    obj._history_user = by
    if reason:
        obj._change_reason = reason
    obj.save()


def _save_member(member: Member, *, by, reason: str = "") -> None:
    member.full_name = " ".join(member.full_name.split())
    member.sort_key = member_sort_key(member.full_name)
    member.search_text = member.build_search_text()
    _save(member, by=by, reason=reason)


# --- members ----------------------------------------------------------------------------------


@transaction.atomic
def create_member(unit: Unit, *, by, **fields) -> Member:
    """Put a new member on the unit's register."""
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot get new members."))
    member = Member(unit=unit)
    _set_fields(member, MEMBER_FIELDS, fields, "create_member")
    _save_member(member, by=by)
    return member


@transaction.atomic
def update_member(member: Member, *, by, base_version: int, **fields) -> Member:
    """Correct a member's details; refused if someone saved the member after `base_version`."""
    claim_version(member, base_version=base_version)
    if member.is_anonymised:
        raise ValidationError(_("An anonymised member cannot be changed."))
    _set_fields(member, MEMBER_FIELDS, fields, "update_member")
    _save_member(member, by=by)
    return member


@transaction.atomic
def transfer_member(
    member: Member,
    *,
    by,
    to_unit: Unit,
    transferred_on: date,
    note: str = "",
    base_version: int | None = None,
) -> MemberTransfer:
    """Move an active member to another unit's register; the move is logged for both units."""
    claim_version(member, base_version=base_version)
    if not member.is_active:
        raise ValidationError(_("Only an active member can be transferred."))
    if to_unit.pk == member.unit_id:
        raise ValidationError({"to_unit": _("The member is already on this unit's register.")})
    if to_unit.is_closed:
        raise ValidationError({"to_unit": _("The receiving unit is closed.")})
    from_unit = member.unit
    transfer = MemberTransfer(
        member=member,
        from_unit=from_unit,
        to_unit=to_unit,
        transferred_on=transferred_on,
        note=note.strip(),
        by=by if by is not None and by.is_authenticated else None,
    )
    transfer.full_clean()
    transfer.save()
    member.unit = to_unit
    _save_member(
        member,
        by=by,
        reason=_("Transferred from %(from)s to %(to)s") % {"from": from_unit, "to": to_unit},
    )
    return transfer


@transaction.atomic
def change_member_status(
    member: Member,
    *,
    by,
    to: str,
    on: date | None = None,
    note: str = "",
    base_version: int | None = None,
) -> Member:
    """Mark a member as having left (graduated, removed, transferred out) or re-admit them."""
    claim_version(member, base_version=base_version)
    if to not in MEMBER_TRANSITIONS.get(member.status, set()):
        raise ValidationError(
            _("A member who is “%(from)s” cannot become “%(to)s”.")
            % {"from": member.get_status_display(), "to": MemberStatus(to).label}
        )
    if to != MemberStatus.ACTIVE and on is None:
        raise ValidationError({"on": _("Say when the member left.")})
    if member.is_anonymised:
        raise ValidationError(_("An anonymised member cannot be changed."))
    member.status = to
    member.left_on = None if to == MemberStatus.ACTIVE else on
    _save_member(member, by=by, reason=note.strip() or MemberStatus(to).label)
    return member


def initials(full_name: str) -> str:
    """ "Nguyễn Thị Mai" → "N. T. M." """
    return " ".join(f"{word[0]}." for word in full_name.split() if word)


_ERASED = {
    "phone": "",
    "email": "",
    "address": "",
    "card_number": "",
    "notes": "",
    "birth_date": None,
}


@transaction.atomic
def anonymise_member(member: Member, *, by) -> Member:
    """Erase a departed member's personal data on request, keeping the counts.

    The name becomes initials and the contacts, card number, birth date and notes are erased, in
    the record and in every earlier version of it in the history, since the history tab would
    otherwise keep showing them. Dates of joining, leaving and Party steps, gender and status stay,
    so the unit's figures do not change. The act itself stays in the history and the export log.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.is_active:
        raise ValidationError(_("Only a member who has left can be anonymised."))
    if member.is_anonymised:
        raise ValidationError(_("This member is already anonymised."))
    short_name = initials(member.full_name)
    Member.history.filter(id=member.pk).update(full_name=short_name, **_ERASED)
    Position.history.filter(member_id=member.pk).update(phone="")
    Position.objects.filter(member=member).update(phone="")
    claim_version(member)
    for field, value in _ERASED.items():
        setattr(member, field, value)
    member.full_name = short_name
    member.anonymised_at = timezone.now()
    _save_member(member, by=by, reason=_("Anonymised on request"))
    if by is not None:
        log_export(
            by=by,
            kind="anonymisation of a member",
            unit=member.unit,
            row_count=1,
            detail=f"member #{member.pk}",
            file_format="erase",
        )
    return member


# --- committee --------------------------------------------------------------------------------


@transaction.atomic
def create_position(unit: Unit, *, by, **fields) -> Position:
    """Record a seat on the unit's committee."""
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot be changed."))
    position = Position(unit=unit)
    _set_fields(position, POSITION_FIELDS, fields, "create_position")
    _check_position_member(position)
    _save(position, by=by)
    return position


@transaction.atomic
def update_position(position: Position, *, by, **fields) -> Position:
    """Correct a committee seat, or end its term."""
    _set_fields(position, POSITION_FIELDS, fields, "update_position")
    _check_position_member(position)
    _save(position, by=by)
    return position


def _check_position_member(position: Position) -> None:
    if position.member_id and position.member.unit_id != position.unit_id:
        raise ValidationError({"member": _("Choose a member of this unit's register.")})
    if position.member_id:
        position.person_name = ""


# --- meetings and activities ------------------------------------------------------------------


@transaction.atomic
def log_meeting(unit: Unit, *, by, **fields) -> Meeting:
    """Record a meeting the unit held."""
    meeting = Meeting(unit=unit)
    _set_fields(meeting, LOG_FIELDS, fields, "log_meeting")
    _save(meeting, by=by)
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, by, **fields) -> Meeting:
    _set_fields(meeting, LOG_FIELDS, fields, "update_meeting")
    _save(meeting, by=by)
    return meeting


@transaction.atomic
def log_activity(unit: Unit, *, by, **fields) -> Activity:
    """Record an activity or youth project the unit ran."""
    activity = Activity(unit=unit)
    _set_fields(activity, LOG_FIELDS, fields, "log_activity")
    _save(activity, by=by)
    return activity


@transaction.atomic
def update_activity(activity: Activity, *, by, **fields) -> Activity:
    _set_fields(activity, LOG_FIELDS, fields, "update_activity")
    _save(activity, by=by)
    return activity
