"""Every change to rounds and nominations goes through these functions.

`by` is the acting user; the permission predicates are checked here as well as in the views, so
the admin, commands and tests meet the same rules. `by=None` means the system itself (the demo
seed, data migrations): the workflow rules still hold, the role checks are skipped.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branches.models import Unit
from commendations import permissions as perms
from commendations.models import (
    ALLOWED_TRANSITIONS,
    Assessment,
    CriteriaSet,
    Criterion,
    EvidenceFile,
    Honour,
    Nomination,
    NominationStatus,
    NominationTransition,
    Round,
    RoundStatus,
    Verdict,
)
from commendations.uploads import check_evidence_file, check_image_file


def _require(by, allowed: bool) -> None:
    if by is not None and not allowed:
        raise PermissionDenied


# --- criteria sets --------------------------------------------------------------------------


@transaction.atomic
def create_criteria_version(criteria_set: CriteriaSet, *, by) -> CriteriaSet:
    """A new, editable version of a criteria set: rounds already run keep the old one."""
    _require(by, perms.can_manage_rounds(by) if by is not None else True)
    latest = (
        CriteriaSet.objects.filter(name=criteria_set.name).order_by("-version").first()
        or criteria_set
    )
    new_set = CriteriaSet(
        name=criteria_set.name,
        version=latest.version + 1,
        year=criteria_set.year,
        source=criteria_set.source,
        is_active=True,
    )
    new_set.full_clean()
    new_set.save()
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=new_set,
            group=c.group,
            code=c.code,
            title=c.title,
            guidance=c.guidance,
            order=c.order,
        )
        for c in criteria_set.criteria.all()
    )
    return new_set


def criteria_set_in_use(criteria_set: CriteriaSet) -> bool:
    """A set some round was run with is frozen: its wording is part of that round's record."""
    return criteria_set.rounds.exists()


# --- rounds ---------------------------------------------------------------------------------


@dataclass
class HonourSpec:
    title: str
    unit_level: str
    list_heading: str
    quota: int | None = None


@transaction.atomic
def open_round(
    *,
    by,
    title: str,
    year: int,
    criteria_set: CriteriaSet,
    opens_on: date,
    closes_on: date,
    honours: Iterable[HonourSpec],
    achievement_line: str = "",
) -> Round:
    """Open a commendation round with its honours (one per unit level)."""
    _require(by, perms.can_manage_rounds(by) if by is not None else True)
    if not criteria_set.criteria.exists():
        raise ValidationError({"criteria_set": _("This criteria set has no criteria.")})
    round_ = Round(
        title=title.strip(),
        year=year,
        criteria_set=criteria_set,
        opens_on=opens_on,
        closes_on=closes_on,
        achievement_line=achievement_line.strip(),
        created_by=by,
    )
    round_.full_clean()
    round_.save()
    specs = list(honours)
    if not specs:
        raise ValidationError(_("A round needs at least one honour."))
    for order, spec in enumerate(specs, start=1):
        honour = Honour(
            round=round_,
            title=spec.title.strip(),
            unit_level=spec.unit_level,
            list_heading=spec.list_heading.strip(),
            quota=spec.quota,
            order=order,
        )
        honour.full_clean()
        honour.save()
    return round_


@transaction.atomic
def close_round(round_: Round, *, by) -> Round:
    """Stop taking nominations and scorecard changes."""
    _require(by, perms.can_manage_rounds(by) if by is not None else True)
    round_.status = RoundStatus.CLOSED
    round_.full_clean()
    round_.save(update_fields=["status"])
    return round_


@transaction.atomic
def set_round_images(round_: Round, *, by, background=None, signature=None) -> Round:
    """Replace the certificate background and/or the signature image of a round."""
    _require(by, perms.can_manage_rounds(by) if by is not None else True)
    for field, upload in (("background_image", background), ("signature_image", signature)):
        if upload is None:
            continue
        try:
            check_image_file(upload)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from error
        old = getattr(round_, field)
        getattr(round_, field).save(upload.name, upload, save=False)
        if old and old.name and old.name != getattr(round_, field).name:
            old.storage.delete(old.name)
    round_.save(update_fields=["background_image", "signature_image"])
    return round_


# --- nominations ----------------------------------------------------------------------------


def honour_for(round_: Round, unit: Unit) -> Honour | None:
    return round_.honours.filter(unit_level=unit.level).first()


@transaction.atomic
def nominate(unit: Unit, *, by, round: Round, summary: str = "") -> Nomination:  # noqa: A002
    """Nominate a unit for the round's honour of its level, with an empty 9-criterion scorecard."""
    _require(by, perms.can_nominate(by, unit) if by is not None else True)
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


def _check_version(nomination: Nomination, version: int | None) -> None:
    if version is not None and version != nomination.version:
        raise ValidationError(
            _(
                "Someone else changed this nomination while you were editing it. "
                "Your changes were not saved: reload the page and enter them again."
            ),
            code="stale",
        )


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update().select_related("round", "unit").get(pk=nomination.pk)
    )


@dataclass
class SelfAssessment:
    self_met: bool
    evidence: str = ""


@transaction.atomic
def save_scorecard(
    nomination: Nomination,
    *,
    by,
    items: dict[int, SelfAssessment],
    summary: str | None = None,
    version: int | None = None,
) -> Nomination:
    """Save the unit's self-assessment (criterion id → met, evidence) while draft or returned."""
    current = _locked(nomination)
    _require(by, perms.can_edit_nomination(by, current) if by is not None else True)
    if not current.is_editable:
        raise ValidationError(_("This nomination can no longer be changed."))
    _check_version(current, version)
    assessments = {a.criterion_id: a for a in current.assessments.select_related("criterion")}
    unknown = set(items) - set(assessments)
    if unknown:
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
        current.summary = summary.strip()
    current.full_clean()
    current.version = F("version") + 1
    current._history_user = by
    current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def add_evidence_file(assessment: Assessment, *, by, upload) -> EvidenceFile:
    """Attach a PDF, JPEG or PNG to one criterion of an editable nomination."""
    nomination = _locked(assessment.nomination)
    _require(by, perms.can_edit_nomination(by, nomination) if by is not None else True)
    if not nomination.is_editable:
        raise ValidationError(_("This nomination can no longer be changed."))
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
def remove_evidence_file(evidence: EvidenceFile, *, by) -> None:
    nomination = _locked(evidence.assessment.nomination)
    _require(by, perms.can_edit_nomination(by, nomination) if by is not None else True)
    if not nomination.is_editable:
        raise ValidationError(_("This nomination can no longer be changed."))
    name = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _transition(nomination: Nomination, to: str, *, by, note: str = "") -> Nomination:
    """Move the nomination to `to` if ALLOWED_TRANSITIONS permits it, and log the move."""
    from_status = nomination.status
    if to not in ALLOWED_TRANSITIONS.get(from_status, set()):
        raise ValidationError(
            _("A nomination cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": NominationStatus(from_status).label,
                "to": NominationStatus(to).label,
            },
            code="transition",
        )
    nomination.status = to
    nomination.full_clean()
    nomination.version = F("version") + 1
    nomination._history_user = by
    nomination._change_reason = note[:100] if note else ""
    nomination.save()
    nomination.refresh_from_db()
    NominationTransition.objects.create(
        nomination=nomination, from_status=from_status, to_status=to, by=by, note=note.strip()
    )
    return nomination


@transaction.atomic
def submit_nomination(nomination: Nomination, *, by, note: str = "") -> Nomination:
    """Send the nomination up: to the grassroots union for a branch, else to the district."""
    current = _locked(nomination)
    _require(by, perms.can_submit_nomination(by, current) if by is not None else True)
    if not current.round.is_open:
        raise ValidationError(_("This round is closed."))
    return _transition(current, NominationStatus.SUBMITTED, by=by, note=note)


@transaction.atomic
def endorse_nomination(nomination: Nomination, *, by, note: str = "") -> Nomination:
    """The grassroots union backs its branch's nomination and passes it to the district."""
    current = _locked(nomination)
    _require(by, perms.can_endorse_nomination(by, current) if by is not None else True)
    if not current.needs_endorsement:
        raise ValidationError(_("Only a branch's nomination is endorsed by its grassroots union."))
    return _transition(current, NominationStatus.ENDORSED, by=by, note=note)


def _can_return(by, nomination: Nomination) -> bool:
    return perms.can_endorse_nomination(by, nomination) or perms.can_review_nomination(
        by, nomination
    )


@transaction.atomic
def return_nomination(nomination: Nomination, *, by, note: str) -> Nomination:
    """Send it back to the unit for changes, saying why."""
    current = _locked(nomination)
    _require(by, _can_return(by, current) if by is not None else True)
    if not note.strip():
        raise ValidationError({"note": _("Say what needs to change.")})
    return _transition(current, NominationStatus.RETURNED, by=by, note=note)


@dataclass
class Review:
    verdict: str
    comment: str = ""


@transaction.atomic
def review_nomination(
    nomination: Nomination,
    *,
    by,
    outcome: str,
    verdicts: dict[int, Review],
    note: str = "",
) -> Nomination:
    """District review: a verdict and comment per criterion, then approve, reject or return."""
    current = _locked(nomination)
    _require(by, perms.can_review_nomination(by, current) if by is not None else True)
    if current.needs_endorsement and current.status != NominationStatus.ENDORSED:
        raise ValidationError(_("This branch's nomination has not been endorsed yet."))
    if outcome not in (
        NominationStatus.APPROVED,
        NominationStatus.REJECTED,
        NominationStatus.RETURNED,
    ):
        raise ValidationError({"outcome": _("Choose approve, reject or return.")})
    if outcome == NominationStatus.RETURNED and not note.strip():
        raise ValidationError({"note": _("Say what needs to change.")})
    assessments = {a.criterion_id: a for a in current.assessments.all()}
    if set(verdicts) - set(assessments):
        raise ValidationError(_("The scorecard does not match this round's criteria."))
    if outcome == NominationStatus.APPROVED and any(
        verdicts.get(cid, Review(Verdict.PENDING)).verdict == Verdict.PENDING for cid in assessments
    ):
        raise ValidationError(_("Give a verdict on every criterion before approving."))
    for criterion_id, review in verdicts.items():
        assessment = assessments[criterion_id]
        assessment.verdict = review.verdict
        assessment.reviewer_comment = review.comment.strip()
        assessment.full_clean(
            exclude=["nomination", "criterion"], validate_unique=False, validate_constraints=False
        )
        assessment._history_user = by
        assessment.save()
    return _transition(current, outcome, by=by, note=note)
