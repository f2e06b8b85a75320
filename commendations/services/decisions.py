"""Decisions and awards: issue a numbered decision for a round, revoke it, reissue it.

Register numbers ("số vào sổ") are `{decision number}.{nn}/{issuer code}-TD`, for example
`123.07/QĐTB-TD`: the 7th unit commended by decision 123-QĐ/QĐTB (TD: tuyên dương). Like decision
numbers, they are unique per issuer and year; the certificate prints them with the decision's date.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Unit
from commendations.documents import award_qr
from commendations.models import (
    Award,
    Decision,
    DecisionStatus,
    Nomination,
    NominationStatus,
    Round,
)
from commendations.permissions.decisions import can_issue_decision, can_revoke_decision
from commendations.services import require
from unionhub.core.text import natural_key
from unionhub.core.versions import claim_version, keeps_version_on_failure


def issuer_unit() -> Unit:
    """The top unit issues decisions: its letterhead and issuer code are printed on them."""
    top = Unit.objects.filter(parent__isnull=True).first()
    if top is None:
        raise ValidationError(_("There is no top unit to issue the decision."))
    return top


def next_decision_number(*, issuer: Unit, year: int) -> int:
    """The next free number for the year: the largest one given so far (revoked included) + 1."""
    largest = Decision.objects.filter(issuer=issuer, year=year).aggregate(n=Max("number"))["n"]
    return (largest or 0) + 1


def register_number(decision: Decision, sequence: int) -> str:
    """`123.07/QĐTB-TD`: the decision's number, the award's place in it, the issuer code."""
    code = decision.issuer.issuer_code or "TD"
    return f"{decision.number}.{sequence:02d}/{code}-TD"


def awaiting_award(round_: Round):
    """The round's approved nominations that no issued decision has commended yet."""
    return (
        Nomination.objects.filter(round=round_, status=NominationStatus.APPROVED)
        .exclude(awards__decision__status=DecisionStatus.ISSUED)
        .select_related("unit", "unit__parent", "honour")
    )


def _award_order(nomination: Nomination) -> tuple:
    parent = nomination.unit.parent.name if nomination.unit.parent_id else ""
    return (nomination.honour.order, natural_key(parent), natural_key(nomination.unit.name))


@transaction.atomic
def issue_decision(
    round_: Round,
    *,
    by,
    number: int,
    signed_on: date,
    signer_name: str,
    signer_title: str = "BÍ THƯ",
    on_behalf: str = "TM. BAN THƯỜNG VỤ",
    subject: str,
    replaces: Decision | None = None,
) -> Decision:
    """Issue the round's decision: each approved nomination becomes an award with a register
    number and an unguessable verification code. The decision and its awards are then locked."""
    require(can_issue_decision, by, round_)
    # Locking the issuer row serialises numbering: two staff issuing at once cannot both take 12.
    issuer = Unit.objects.select_for_update().get(pk=issuer_unit().pk)
    nominations = sorted(awaiting_award(round_), key=_award_order)
    if not nominations:
        raise ValidationError(_("No approved nomination is waiting for a decision."))
    year = signed_on.year
    if Decision.objects.filter(
        issuer=issuer, year=year, number=number, status=DecisionStatus.ISSUED
    ).exists():
        raise ValidationError(
            {
                "number": _(
                    "Number %(number)s is already used in %(year)s; the next free one is %(next)s."
                )
                % {
                    "number": number,
                    "year": year,
                    "next": next_decision_number(issuer=issuer, year=year),
                }
            }
        )
    decision = Decision(
        round=round_,
        issuer=issuer,
        number=number,
        year=year,
        signed_on=signed_on,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        on_behalf=on_behalf.strip(),
        subject=subject.strip(),
        issued_by=by,
        replaces=replaces,
    )
    decision.full_clean()
    decision._history_user = by
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as error:
        raise ValidationError({"number": _("This number was just taken; try again.")}) from error
    for sequence, nomination in enumerate(nominations, start=1):
        unit = nomination.unit
        parent = unit.parent
        award = Award(
            decision=decision,
            nomination=nomination,
            sequence=sequence,
            register_number=register_number(decision, sequence),
            recipient_name=unit.name,
            # A unit straight under the issuer is named alone on its certificate.
            parent_name=parent.name if parent is not None and parent.pk != issuer.pk else "",
            honour_title=nomination.honour.title,
            list_heading=nomination.honour.list_heading,
            honour_order=nomination.honour.order,
        )
        award_qr(award)
        award.full_clean()
        award._history_user = by
        award.save()
    return decision


@keeps_version_on_failure
@transaction.atomic
def revoke_decision(
    decision: Decision, *, by, reason: str, base_version: int | None = None
) -> Decision:
    """Withdraw an issued decision (to correct it): its awards stop verifying as genuine.

    Nothing is deleted; the approved nominations wait for the corrected decision."""
    require(can_revoke_decision, by, decision)
    claim_version(decision, base_version=base_version)
    if not decision.is_issued:
        raise ValidationError(_("This decision is already revoked."))
    if not reason.strip():
        raise ValidationError({"revoke_reason": _("Say why the decision is revoked.")})
    decision.status = DecisionStatus.REVOKED
    decision.revoked_by = by
    decision.revoked_at = timezone.now()
    decision.revoke_reason = reason.strip()
    decision.full_clean()
    decision._history_user = by
    decision._change_reason = reason.strip()[:100]
    decision.save()
    return decision
