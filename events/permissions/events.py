"""Who may organise and run an event, and who is invited to one. Outsiders get 404, never a hint.

District staff (or managers of the organiser unit) run an event: its invitations, check-in,
surveys, results and opinion register. A unit's secretary (an editor or manager covering the
invited unit) replies to the invitation, answers the survey for that unit and follows the
opinions that unit raised. Whether something can be done *now* (a closed unit, a closed survey,
an event that has started) is for the services to say, not these predicates.
"""

from collections.abc import Callable

from django.db.models import Q
from django.http import Http404

from branches.models import Role, RoleKind, Unit
from branches.permissions import is_district_staff, kind_on, units_managed_by
from events.models import Event, Invitation

_ANSWERING_KINDS = (RoleKind.EDITOR, RoleKind.MANAGER)
_CACHE_ATTR = "_events_answerable_paths"


def _answerable_paths(user) -> list[str]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Role.objects.filter(
                user=user, kind__in=_ANSWERING_KINDS, unit__closed_on__isnull=True
            ).values_list("unit__path", flat=True)
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def units_answerable_by(user):
    """Units the user may answer for (editor or manager on them or above), as one queryset."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    condition = Q(pk__in=[])
    for path in _answerable_paths(user):
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def can_answer_for_unit(user, unit: Unit | None) -> bool:
    """Reply and answer surveys on behalf of `unit`: its secretary (editor or manager above it)."""
    return unit is not None and kind_on(user, unit) in _ANSWERING_KINDS


def can_create_events(user) -> bool:
    """Organise events: district staff or the manager of some unit."""
    return is_district_staff(user) or units_managed_by(user).exists()


def can_organise_for(user, unit: Unit) -> bool:
    """Organise an event in the name of `unit`: a manager of it or above it."""
    return kind_on(user, unit) == RoleKind.MANAGER


def can_run_event(user, event: Event) -> bool:
    """Run the event (invitations, check-in, surveys, opinions): staff or the organiser's manager."""
    return is_district_staff(user) or kind_on(user, event.organiser) == RoleKind.MANAGER


def events_visible_to(user):
    """Events the user runs, or to which a unit they answer for is invited."""
    if not user.is_authenticated:
        return Event.objects.none()
    if is_district_staff(user):
        return Event.objects.all()
    invited = Invitation.objects.filter(unit__in=units_answerable_by(user)).values("event_id")
    return Event.objects.filter(
        Q(organiser__in=units_managed_by(user)) | Q(pk__in=invited)
    ).distinct()


def my_invitations(user, event: Event | None = None):
    """The invitations of the units the user answers for (of one event, if given)."""
    qs = Invitation.objects.filter(unit__in=units_answerable_by(user))
    if event is not None:
        qs = qs.filter(event=event)
    return qs.select_related("event", "event__organiser", "unit", "unit__parent")


def can_view_event(user, event: Event) -> bool:
    """See the event's page: those who run it and the secretaries of the invited units."""
    return can_run_event(user, event) or my_invitations(user, event).exists()


def get_event_for(user, pk: int, *, allow: Callable = can_view_event) -> Event:
    """The event with this id if `allow` holds for the user; 404 otherwise."""
    event = Event.objects.select_related("organiser").filter(pk=pk).first()
    if event is None or not allow(user, event):
        raise Http404
    return event
