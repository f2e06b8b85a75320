"""Reviews: the grassroots union endorses or returns a branch's nomination, the district decides."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commendations.models import Nomination, NominationStatus, Verdict
from commendations.permissions.nominations import (
    can_endorse_nomination,
    can_return_nomination,
    can_review_nomination,
)
from commendations.services import require
from commendations.services.nominations import move_nomination
from unionhub.core.versions import claim_version, keeps_version_on_failure

OUTCOMES = (NominationStatus.APPROVED, NominationStatus.REJECTED, NominationStatus.RETURNED)


@keeps_version_on_failure
@transaction.atomic
def endorse_nomination(
    nomination: Nomination, *, by, note: str = "", base_version: int | None = None
) -> Nomination:
    """The grassroots union backs its branch's nomination and passes it to the district."""
    require(can_endorse_nomination, by, nomination)
    claim_version(nomination, base_version=base_version)
    if not nomination.needs_endorsement:
        raise ValidationError(_("Only a branch's nomination is endorsed by its grassroots union."))
    return move_nomination(nomination, NominationStatus.ENDORSED, by=by, note=note)


@keeps_version_on_failure
@transaction.atomic
def return_nomination(
    nomination: Nomination, *, by, note: str, base_version: int | None = None
) -> Nomination:
    """Send it back to the unit for changes, saying why."""
    require(can_return_nomination, by, nomination)
    # Whose turn it is decides whose right counts: the grassroots union's before endorsement,
    # the district's after.
    if nomination.awaits_endorsement:
        require(can_endorse_nomination, by, nomination)
    elif nomination.awaits_review:
        require(can_review_nomination, by, nomination)
    claim_version(nomination, base_version=base_version)
    if not note.strip():
        raise ValidationError({"note": _("Say what needs to change.")})
    return move_nomination(nomination, NominationStatus.RETURNED, by=by, note=note)


@dataclass
class Review:
    verdict: str
    comment: str = ""


@keeps_version_on_failure
@transaction.atomic
def review_nomination(
    nomination: Nomination,
    *,
    by,
    outcome: str,
    verdicts: dict[int, Review],
    note: str = "",
    base_version: int | None = None,
) -> Nomination:
    """District review: a verdict and comment per criterion, then approve, reject or return."""
    require(can_review_nomination, by, nomination)
    claim_version(nomination, base_version=base_version)
    if nomination.awaits_endorsement:
        raise ValidationError(_("This branch's nomination has not been endorsed yet."))
    if not nomination.awaits_review:
        raise ValidationError(_("This nomination is not waiting for the district's review."))
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": _("Choose approve, reject or return.")})
    if outcome == NominationStatus.RETURNED and not note.strip():
        raise ValidationError({"note": _("Say what needs to change.")})
    assessments = {a.criterion_id: a for a in nomination.assessments.all()}
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
    return move_nomination(nomination, outcome, by=by, note=note)
