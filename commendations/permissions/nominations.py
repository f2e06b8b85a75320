"""Who may see and do what with commendation rounds, nominations, decisions and awards.

A role on a unit covers the unit and everything below it (branches.permissions.kind_on).
- The unit's secretary (editor or manager covering it) nominates it and fills the scorecard
  while the nomination is a draft or was returned; they submit it.
- A branch's nomination is then endorsed or returned by a manager of its grassroots union (a role on
  the branch alone does not cover the union above it, so a branch secretary never can).
- District staff approve, reject or return it.
"""

from collections.abc import Callable

from django.http import Http404

from branches.models import RoleKind, Unit
from branches.permissions import (
    is_district_staff,
    kind_on,
    units_editable_by,
    units_visible_to,
)
from commendations.models import (
    Award,
    Decision,
    Nomination,
    NominationStatus,
    Round,
)

_WRITERS = (RoleKind.EDITOR, RoleKind.MANAGER)


# --- rounds ---------------------------------------------------------------------------------


def can_manage_rounds(user) -> bool:
    """Open rounds, upload their images, issue and revoke decisions: district staff."""
    return is_district_staff(user)


def can_view_round(user, round_: Round) -> bool:
    """Any signed-in user with a role sees a round (only their own units' nominations in it)."""
    return user.is_authenticated and (is_district_staff(user) or units_visible_to(user).exists())


def get_round_for(user, pk: int, *, allow: Callable = can_view_round) -> Round:
    """The round if the user may see it and `allow` holds; 404 otherwise."""
    round_ = Round.objects.select_related("criteria_set").filter(pk=pk).first()
    if round_ is None or not can_view_round(user, round_) or not allow(user, round_):
        raise Http404
    return round_


def manage_rounds(user, round_: Round) -> bool:
    return can_manage_rounds(user)


# --- nominations ----------------------------------------------------------------------------


def can_nominate(user, unit: Unit) -> bool:
    """Nominate this unit: its secretary or a secretary above it, while the unit is open."""
    return not unit.is_closed and kind_on(user, unit) in _WRITERS


def nominable_units(user):
    """Units the user may nominate (editor or manager on them or above), as one queryset."""
    return units_editable_by(user).open()


def nominations_visible_to(user):
    """Every nomination of a unit the user may see."""
    return Nomination.objects.filter(unit__in=units_visible_to(user))


def can_view_nomination(user, nomination: Nomination) -> bool:
    return kind_on(user, nomination.unit) is not None


def can_edit_nomination(user, nomination: Nomination) -> bool:
    """Fill the scorecard and upload evidence: while draft or returned, in an open round."""
    return (
        nomination.is_editable
        and nomination.round.is_open
        and kind_on(user, nomination.unit) in _WRITERS
    )


def can_submit_nomination(user, nomination: Nomination) -> bool:
    return can_edit_nomination(user, nomination)


def can_endorse_nomination(user, nomination: Nomination) -> bool:
    """Endorse or return a branch's submitted nomination: a manager of its grassroots union."""
    unit = nomination.unit
    return (
        nomination.needs_endorsement
        and nomination.status == NominationStatus.SUBMITTED
        and unit.parent_id is not None
        and kind_on(user, unit.parent) == RoleKind.MANAGER
    )


def can_review_nomination(user, nomination: Nomination) -> bool:
    """Approve, reject or return with a verdict per criterion: district staff, once it is ready."""
    if not is_district_staff(user):
        return False
    if nomination.status == NominationStatus.ENDORSED:
        return True
    return nomination.status == NominationStatus.SUBMITTED and not nomination.needs_endorsement


def get_nomination_for(user, pk: int, *, allow: Callable = can_view_nomination) -> Nomination:
    """The nomination if the user may see it and `allow` holds; 404 otherwise."""
    nomination = (
        Nomination.objects.select_related(
            "round", "round__criteria_set", "honour", "unit", "unit__parent"
        )
        .filter(pk=pk)
        .first()
    )
    if nomination is None or not can_view_nomination(user, nomination):
        raise Http404
    if not allow(user, nomination):
        raise Http404
    return nomination


# --- decisions and awards -------------------------------------------------------------------


def can_view_decision(user, decision: Decision) -> bool:
    return is_district_staff(user)


def get_decision_for(user, pk: int, *, allow: Callable = can_view_decision) -> Decision:
    decision = Decision.objects.select_related("round", "issuer").filter(pk=pk).first()
    if decision is None or not can_view_decision(user, decision) or not allow(user, decision):
        raise Http404
    return decision


def can_revoke_decision(user, decision: Decision) -> bool:
    return is_district_staff(user) and decision.is_issued


def can_view_award(user, award: Award) -> bool:
    """The unit commended (and those above it) see its award and print its certificate."""
    return kind_on(user, award.nomination.unit) is not None


def get_award_for(user, pk: int, *, allow: Callable = can_view_award) -> Award:
    award = (
        Award.objects.select_related(
            "decision",
            "decision__issuer",
            "decision__round",
            "decision__round__criteria_set",
            "nomination",
            "nomination__unit",
        )
        .filter(pk=pk)
        .first()
    )
    if award is None or not can_view_award(user, award) or not allow(user, award):
        raise Http404
    return award
