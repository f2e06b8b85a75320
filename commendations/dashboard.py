"""The home page panel of commendations: what to review (staff, grassroots unions) and what to
nominate or finish (secretaries)."""

from django.db.models import Q

from branches.models import UnitLevel
from branches.permissions import is_district_staff, units_managed_by
from commendations.models import Nomination, NominationStatus, Round
from commendations.permissions.nominations import nominable_units
from unionhub.core.panels import Panel

S = NominationStatus


def _to_review(user):
    """Nominations waiting for this user's review or endorsement."""
    if is_district_staff(user):
        ready = Q(status=S.ENDORSED) | (Q(status=S.SUBMITTED) & ~Q(unit__level=UnitLevel.BRANCH))
        return Nomination.objects.filter(ready, round__in=Round.objects.open())
    managed_unions = units_managed_by(user).filter(level=UnitLevel.GRASSROOTS_UNION)
    return Nomination.objects.filter(
        status=S.SUBMITTED,
        unit__level=UnitLevel.BRANCH,
        unit__parent__in=managed_unions,
        round__in=Round.objects.open(),
    )


def panels(user) -> list[Panel]:
    if not user.is_authenticated:
        return []
    open_rounds = list(Round.objects.open().order_by("-year", "-pk"))
    if not open_rounds:
        return []
    to_review = list(
        _to_review(user)
        .select_related("unit", "unit__parent", "honour")
        .order_by("unit__path")[:10]
    )
    units = nominable_units(user)
    staff = is_district_staff(user)
    # Secretaries see their own unfinished nominations; staff see theirs on the round's board.
    to_finish = (
        []
        if staff
        else list(
            # A draft only while the round takes nominations; a returned one until the decision.
            Nomination.objects.filter(unit__in=units)
            .filter(
                Q(status=S.DRAFT, round__in=Round.objects.taking_nominations())
                | Q(status=S.RETURNED, round__in=open_rounds)
            )
            .select_related("unit", "round")[:10]
        )
    )
    # Secretaries see the rounds they can still nominate their own unit for.
    to_nominate = (
        []
        if staff
        else [
            r
            for r in open_rounds
            if r.takes_nominations
            and units.filter(level__in=r.honours.values("unit_level"))
            .exclude(nominations__round=r)
            .exists()
        ]
    )
    if not (to_review or to_finish or to_nominate or staff):
        return []
    context = {
        "to_review": to_review,
        "to_finish": to_finish,
        "to_nominate": to_nominate,
        "open_rounds": open_rounds if staff else [],
    }
    return [Panel("commendations/_panel.html", context, order=40)]
