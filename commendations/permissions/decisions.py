"""Decisions are the district's; the units commended (and those above them) read the decision and
print their own certificates."""

from collections.abc import Callable

from django.http import Http404

from branches.permissions import is_district_staff, kind_on, units_visible_to
from commendations.models import Award, Decision, Round


def can_issue_decision(user, round_: Round) -> bool:
    """Issue a round's decision: district staff."""
    return is_district_staff(user)


def can_view_decision(user, decision: Decision) -> bool:
    """The decision's page and its list: district staff, and anyone over a unit it commends."""
    if is_district_staff(user):
        return True
    return decision.awards.filter(nomination__unit__in=units_visible_to(user)).exists()


def awards_printable_by(user, decision: Decision):
    """The decision's awards whose certificates the user may print: all for district staff,
    else those of the units the user holds a role on (or below them)."""
    awards = decision.awards.order_by("sequence")
    if is_district_staff(user):
        return awards
    return awards.filter(nomination__unit__in=units_visible_to(user))


def can_revoke_decision(user, decision: Decision) -> bool:
    """Revoke a decision to correct it: district staff."""
    return is_district_staff(user)


def get_decision_for(user, pk: int, *, allow: Callable = can_view_decision) -> Decision:
    """The decision if the user may see it and `allow` holds; 404 otherwise."""
    decision = (
        Decision.objects.select_related("round", "round__criteria_set", "issuer")
        .filter(pk=pk)
        .first()
    )
    if decision is None or not can_view_decision(user, decision) or not allow(user, decision):
        raise Http404
    return decision


def can_view_award(user, award: Award) -> bool:
    """The unit commended (and those above it) see its award and print its certificate."""
    return kind_on(user, award.nomination.unit) is not None


def get_award_for(user, pk: int, *, allow: Callable = can_view_award) -> Award:
    """The award if the user may see it and `allow` holds; 404 otherwise."""
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
