"""Rounds and their honours: district staff keep them; everyone with a role sees them."""

from collections.abc import Callable

from django.http import Http404

from branches.permissions import is_district_staff, units_visible_to
from commendations.models import Honour, Round


def can_manage_rounds(user) -> bool:
    """Open and edit rounds, upload their images, issue and revoke decisions: district staff."""
    return is_district_staff(user)


def can_view_round(user, round_: Round) -> bool:
    """Any signed-in user with a role sees a round (only their own units' nominations in it)."""
    return user.is_authenticated and (is_district_staff(user) or units_visible_to(user).exists())


def manage_rounds(user, round_: Round) -> bool:
    """`allow=` for the fetchers: the round is the district's to change."""
    return can_manage_rounds(user)


def get_round_for(user, pk: int, *, allow: Callable = can_view_round) -> Round:
    """The round if the user may see it and `allow` holds; 404 otherwise."""
    round_ = Round.objects.select_related("criteria_set").filter(pk=pk).first()
    if round_ is None or not can_view_round(user, round_) or not allow(user, round_):
        raise Http404
    return round_


def get_honour_for(user, pk: int) -> Honour:
    """An honour for district staff to edit; 404 for everyone else."""
    honour = Honour.objects.select_related("round").filter(pk=pk).first()
    if honour is None or not can_manage_rounds(user):
        raise Http404
    return honour
