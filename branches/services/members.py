"""Every change to a unit's member register goes through these functions."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import (
    MEMBER_TRANSITIONS,
    Member,
    MemberStatus,
    MemberTransfer,
    Position,
    Unit,
    member_sort_key,
)
from branches.permissions import (
    can_edit_records,
    can_handle_personal_data,
    can_transfer_to,
    require,
)
from branches.services.records import save_record, set_fields
from unionhub.core.exportlog import log_export
from unionhub.core.history import write_history
from unionhub.core.versions import claim_version, keeps_version_on_failure

MEMBER_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "birth_year",
    "joined_on",
    "joined_year",
    "card_number",
    "phone",
    "email",
    "address",
    "party_referred_on",
    "party_admitted_on",
    "notes",
)
BATCH_SIZE = 500


def _normalise(member: Member) -> None:
    member.full_name = " ".join(member.full_name.split())
    # A known date gives its year; a year alone stays a year.
    if member.birth_date:
        member.birth_year = member.birth_date.year
    if member.joined_on:
        member.joined_year = member.joined_on.year
    member.sort_key = member_sort_key(member.full_name)
    member.search_text = member.build_search_text()


def _save_member(member: Member, *, by, reason: str = "") -> None:
    _normalise(member)
    save_record(member, by=by, reason=reason)


def _validate_in_batch(member: Member) -> None:
    # The same field and record checks as full_clean(), without its two queries per row: the
    # unit is the caller's (checked once), and the status constraint cannot fail here because
    # MEMBER_FIELDS holds neither status nor left_on (the database enforces it anyway).
    member.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)


@transaction.atomic
def create_member(unit: Unit, *, by, **fields) -> Member:
    """Put a new member on the unit's register."""
    require(by, can_edit_records, unit)
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot get new members."))
    member = Member(unit=unit)
    set_fields(member, MEMBER_FIELDS, fields, "create_member")
    _save_member(member, by=by)
    return member


@keeps_version_on_failure
@transaction.atomic
def update_member(member: Member, *, by, base_version: int | None = None, **fields) -> Member:
    """Correct a member's details; refused if someone saved the member after `base_version`."""
    require(by, can_edit_records, member.unit)
    claim_version(member, base_version=base_version)
    if member.is_anonymised:
        raise ValidationError(_("An anonymised member cannot be changed."))
    set_fields(member, MEMBER_FIELDS, fields, "update_member")
    _save_member(member, by=by)
    return member


@transaction.atomic
def create_members(
    unit: Unit, *, by, rows: Sequence[dict], reason: str = "", checked: bool = False
) -> list[Member]:
    """Put many new members on the unit's register at once (an import), checked as create_member.

    `checked`: every row already passed the model's own checks (an import's preview runs them
    on these very values, branches.lists.members.check_with_model): they are not run twice."""
    require(by, can_edit_records, unit)
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot get new members."))
    members = []
    for fields in rows:
        member = Member(unit=unit)
        set_fields(member, MEMBER_FIELDS, fields, "create_members")
        _normalise(member)
        if not checked:
            _validate_in_batch(member)
        members.append(member)
    created = Member.objects.bulk_create(members, batch_size=BATCH_SIZE)
    if created and created[0].pk is None:  # a database that does not return the new ids
        raise NotImplementedError("create_members() needs the new rows' ids back")
    write_history(Member, created, user=by, reason=reason, when=timezone.now())
    return created


@transaction.atomic
def update_members(changes: Sequence[tuple[Member, dict]], *, by, reason: str = "") -> list[Member]:
    """Correct many members at once (an import), checked and versioned as update_member."""
    now = timezone.now()
    checked_units: set[int] = set()
    members, fields_changed = [], {"updated_at", "sort_key", "search_text"}
    for member, fields in changes:
        if member.unit_id not in checked_units:
            require(by, can_edit_records, member.unit)
            checked_units.add(member.unit_id)
        claim_version(member)
        if member.is_anonymised:
            raise ValidationError(_("An anonymised member cannot be changed."))
        set_fields(member, MEMBER_FIELDS, fields, "update_members")
        _normalise(member)
        _validate_in_batch(member)
        member.updated_at = now
        fields_changed.update(fields, {"full_name", "birth_year", "joined_year"})
        members.append(member)
    if members:
        Member.objects.bulk_update(members, sorted(fields_changed), batch_size=BATCH_SIZE)
        write_history(Member, members, user=by, reason=reason, when=now, history_type="~")
    return members


@keeps_version_on_failure
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
    require(by, can_edit_records, member.unit)
    claim_version(member, base_version=base_version)
    if not member.is_active:
        raise ValidationError(_("Only an active member can be transferred."))
    if to_unit.pk == member.unit_id:
        raise ValidationError({"to_unit": _("The member is already on this unit's register.")})
    if to_unit.is_closed:
        raise ValidationError({"to_unit": _("The receiving unit is closed.")})
    require(by, can_transfer_to, member, to_unit)
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


@keeps_version_on_failure
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
    require(by, can_edit_records, member.unit)
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
    "birth_year": None,
}


@keeps_version_on_failure
@transaction.atomic
def anonymise_member(member: Member, *, by) -> Member:
    """Erase a departed member's personal data on request, keeping the counts.

    The name becomes initials and the contacts, card number, birth date and notes are erased, in
    the record and in every earlier version of it in the history, since the history tab would
    otherwise keep showing them. Dates of joining, leaving and Party steps, gender and status stay,
    so the unit's figures do not change. The act itself stays in the history and the export log.
    """
    require(by, can_handle_personal_data, member.unit)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.is_active:
        raise ValidationError(_("Only a member who has left can be anonymised."))
    if member.is_anonymised:
        raise ValidationError(_("This member is already anonymised."))
    short_name = initials(member.full_name)
    Member.history.filter(id=member.pk).update(full_name=short_name, **_ERASED)
    Position.history.filter(member_id=member.pk).update(phone="")
    # A committee form opened before this must not write the phone back.
    Position.objects.filter(member=member).update(phone="", version=F("version") + 1)
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
