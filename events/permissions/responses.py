"""Who may answer a survey for an invited unit."""

from django.http import Http404

from branches.models import Unit
from events.models import Invitation, Survey
from events.permissions.events import can_answer_for_unit


def can_respond_for(user, unit: Unit | None) -> bool:
    """Answer a survey on behalf of `unit`: its secretary (an editor or manager above it)."""
    return can_answer_for_unit(user, unit)


def get_respondent_unit_for(user, survey: Survey, unit_pk: int) -> Unit:
    """A unit invited to the survey's event that the user answers for; 404 otherwise."""
    invitation = (
        Invitation.objects.select_related("unit", "unit__parent")
        .filter(event_id=survey.event_id, unit_id=unit_pk)
        .first()
    )
    if invitation is None or not can_respond_for(user, invitation.unit):
        raise Http404
    return invitation.unit
