"""Who may build and read a survey."""

from collections.abc import Callable

from django.http import Http404

from events.models import Survey
from events.permissions.events import can_run_event, my_invitations


def can_run_survey(user, survey: Survey) -> bool:
    """Build the survey and read its results: those who run its event."""
    return can_run_event(user, survey.event)


def can_view_survey(user, survey: Survey) -> bool:
    """See that the survey exists: those who run it and the invited units' secretaries."""
    return can_run_survey(user, survey) or my_invitations(user, survey.event).exists()


def get_survey_for(user, pk: int, *, allow: Callable = can_run_survey) -> Survey:
    """The survey with this id if `allow` holds for the user; 404 otherwise."""
    survey = Survey.objects.select_related("event", "event__organiser").filter(pk=pk).first()
    if survey is None or not allow(user, survey):
        raise Http404
    return survey
