"""Nominations: nominate a unit, fill its scorecard and evidence, submit it; the one status mover."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branches.models import Unit
from commendations.models import (
    ALLOWED_TRANSITIONS,
    Assessment,
    EvidenceFile,
    Honour,
    Nomination,
    NominationStatus,
    NominationTransition,
    Round,
)
from commendations.permissions.nominations import (
    can_edit_nomination,
    can_nominate,
    can_submit_nomination,
)
from commendations.services import require
from commendations.uploads import check_evidence_file
from unionhub.core.transitions import move
from unionhub.core.versions import claim_version, keeps_version_on_failure


@keeps_version_on_failure
def move_nomination(nomination: Nomination, to: str, *, by, note: str = "") -> Nomination:
    """The only way a nomination's status changes: checked against ALLOWED_TRANSITIONS, logged.

    Call it inside the service's transaction, after `claim_version()`.
    """
    move(
        nomination,
        to,
        by=by,
        allowed=ALLOWED_TRANSITIONS,
        log=NominationTransition,
        note=note,
        message=_("A nomination cannot go from “%(from)s” to “%(to)s”."),
    )
    return nomination


def check_round_open(nomination: Nomination) -> None:
    """Refuse a change once the round is closed (read from the database, not a cached copy)."""
    if not Round.objects.open().filter(pk=nomination.round_id).exists():
        raise ValidationError(_("This round is closed."))


def _check_editable(nomination: Nomination) -> None:
    if not nomination.is_editable:
        raise ValidationError(_("This nomination can no longer be changed."))
    check_round_open(nomination)


def honour_for(round_: Round, unit: Unit) -> Honour | None:
    """The round's honour for units of this unit's level, if it has one."""
    return round_.honours.filter(unit_level=unit.level).first()


@transaction.atomic
def nominate(unit: Unit, *, by, round: Round, summary: str = "") -> Nomination:  # noqa: A002
    """Nominate a unit for the round's honour of its level, with an empty 9-criterion scorecard."""
    require(can_nominate, by, unit)
    if not round.is_open:
        raise ValidationError(_("This round is closed."))
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot be nominated."))
    honour = honour_for(round, unit)
    if honour is None:
        raise ValidationError(_("This round has no honour for units of this level."))
    if Nomination.objects.filter(round=round, unit=unit).exists():
        raise ValidationError(_("This unit is already nominated in this round."))
    nomination = Nomination(
        round=round, honour=honour, unit=unit, summary=summary.strip(), created_by=by
    )
    nomination.full_clean()
    nomination._history_user = by
    nomination.save()
    bulk_create_with_history(
        [Assessment(nomination=nomination, criterion=c) for c in round.criteria_set.criteria.all()],
        Assessment,
        default_user=by,
    )
    return nomination


@dataclass
class SelfAssessment:
    self_met: bool
    evidence: str = ""


@keeps_version_on_failure
@transaction.atomic
def save_scorecard(
    nomination: Nomination,
    *,
    by,
    items: dict[int, SelfAssessment],
    summary: str | None = None,
    base_version: int | None = None,
) -> Nomination:
    """Save the unit's self-assessment (criterion id → met, evidence) while draft or returned."""
    require(can_edit_nomination, by, nomination)
    claim_version(nomination, base_version=base_version)
    _check_editable(nomination)
    assessments = {a.criterion_id: a for a in nomination.assessments.select_related("criterion")}
    if set(items) - set(assessments):
        raise ValidationError(_("The scorecard does not match this round's criteria."))
    for criterion_id, item in items.items():
        assessment = assessments[criterion_id]
        evidence = item.evidence.strip()
        if assessment.self_met == item.self_met and assessment.evidence == evidence:
            continue
        assessment.self_met = item.self_met
        assessment.evidence = evidence
        # Only the self-assessment changes: the (nomination, criterion) pair is fixed.
        assessment.full_clean(
            exclude=["nomination", "criterion"], validate_unique=False, validate_constraints=False
        )
        assessment._history_user = by
        assessment.save()
    if summary is not None:
        nomination.summary = summary.strip()
    nomination.full_clean()
    nomination._history_user = by
    nomination.save()
    return nomination


@keeps_version_on_failure
@transaction.atomic
def submit_nomination(
    nomination: Nomination, *, by, note: str = "", base_version: int | None = None
) -> Nomination:
    """Send the nomination up: to the grassroots union for a branch, else to the district."""
    require(can_submit_nomination, by, nomination)
    claim_version(nomination, base_version=base_version)
    check_round_open(nomination)
    return move_nomination(nomination, NominationStatus.SUBMITTED, by=by, note=note)


def _locked(nomination: Nomination) -> Nomination:
    # Serialises a file change with a concurrent submit: no file lands on a submitted nomination.
    return Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)


@transaction.atomic
def add_evidence_file(assessment: Assessment, *, by, upload) -> EvidenceFile:
    """Attach a PDF, JPEG or PNG to one criterion of an editable nomination."""
    require(can_edit_nomination, by, assessment.nomination)
    _check_editable(_locked(assessment.nomination))
    try:
        content_type, extension = check_evidence_file(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    original = (upload.name or "file").rsplit("/", 1)[-1][:200]
    evidence = EvidenceFile(
        assessment=assessment,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    # The stored name gets the extension of the real type, not of what the browser claimed.
    evidence.file.save(f"evidence.{extension}", upload, save=False)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def remove_evidence_file(evidence: EvidenceFile, *, by) -> EvidenceFile:
    """Take a file off the scorecard; the row and the file stay, marked with who and when."""
    require(can_edit_nomination, by, evidence.assessment.nomination)
    _check_editable(_locked(evidence.assessment.nomination))
    if evidence.removed_at is not None:
        raise ValidationError(_("This file was already removed."))
    evidence.removed_at = timezone.now()
    evidence.removed_by = by
    evidence.full_clean()
    evidence.save(update_fields=["removed_at", "removed_by"])
    return evidence
