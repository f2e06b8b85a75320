"""Nominations: the unit's secretary writes, its grassroots union endorses, the district reviews."""

from collections.abc import Callable

from django.http import Http404

from branches.models import RoleKind, Unit
from branches.permissions import is_district_staff, kind_on, units_editable_by, units_visible_to
from commendations.models import Nomination

WRITERS = (RoleKind.EDITOR, RoleKind.MANAGER)


def can_nominate(user, unit: Unit) -> bool:
    """Nominate this unit: its secretary or a secretary above it."""
    return kind_on(user, unit) in WRITERS


def nominable_units(user):
    """Open units the user may nominate (editor or manager on them or above), as one queryset."""
    return units_editable_by(user).open()


def nominations_visible_to(user):
    """Every nomination of a unit the user may see."""
    return Nomination.objects.filter(unit__in=units_visible_to(user))


def can_view_nomination(user, nomination: Nomination) -> bool:
    """See the nomination, its scorecard and evidence: anyone with a role covering the unit."""
    return kind_on(user, nomination.unit) is not None


def can_edit_nomination(user, nomination: Nomination) -> bool:
    """Fill the scorecard, attach and remove evidence: the unit's secretary or one above it."""
    return kind_on(user, nomination.unit) in WRITERS


def can_submit_nomination(user, nomination: Nomination) -> bool:
    """Send the nomination up: whoever may fill its scorecard."""
    return can_edit_nomination(user, nomination)


def can_endorse_nomination(user, nomination: Nomination) -> bool:
    """Endorse or return a branch's nomination: a manager of the unit above it."""
    unit = nomination.unit
    return unit.parent_id is not None and kind_on(user, unit.parent) == RoleKind.MANAGER


def can_review_nomination(user, nomination: Nomination) -> bool:
    """Approve, reject or return with a verdict per criterion: district staff."""
    return is_district_staff(user)


def can_return_nomination(user, nomination: Nomination) -> bool:
    """Send it back to the unit: whoever endorses or reviews it."""
    return can_endorse_nomination(user, nomination) or can_review_nomination(user, nomination)


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
