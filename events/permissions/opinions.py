"""Who may keep an event's opinion register."""

from django.http import Http404

from events.models import Event, Opinion
from events.permissions.events import can_run_event


def can_keep_register(user, event: Event) -> bool:
    """Record, correct, merge, assign, answer, forward and close opinions: those who run the event."""
    return can_run_event(user, event)


def get_opinion_for(user, pk: int) -> Opinion:
    """An opinion of an event the user runs; 404 otherwise (secretaries read theirs on the event)."""
    opinion = (
        Opinion.objects.select_related(
            "event",
            "event__organiser",
            "theme",
            "raised_by_unit",
            "raised_by_unit__parent",
            "assignee",
            "merged_into",
            "source_answer__question",
        )
        .filter(pk=pk)
        .first()
    )
    if opinion is None or not can_keep_register(user, opinion.event):
        raise Http404
    return opinion
