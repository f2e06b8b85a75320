"""Who may do what in events, split by noun; services check the same predicates as views.

Views fetch through the scoped fetchers (`get_event_for`, …: 404 for outsiders); every writing
service calls `require()` with a predicate, so the shell, the admin actions and imports are held
to the same rule.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

from events.permissions.events import (
    can_answer_for_unit,
    can_create_events,
    can_organise_for,
    can_run_event,
    can_view_event,
    events_visible_to,
    get_event_for,
    my_invitations,
    units_answerable_by,
)
from events.permissions.invitations import (
    can_check_in,
    can_reply_invitation,
    can_view_invitation,
    get_invitation_by_code,
    get_invitation_for,
)
from events.permissions.opinions import can_keep_register, get_opinion_for
from events.permissions.questions import can_edit_question, get_question_for
from events.permissions.responses import can_respond_for, get_respondent_unit_for
from events.permissions.surveys import can_run_survey, can_view_survey, get_survey_for
from events.permissions.themes import can_manage_themes, get_theme_for


def require(user, predicate: Callable[..., bool], *args) -> None:
    """Refuse (PermissionDenied) a caller for whom `predicate(user, *args)` does not hold."""
    if user is None or not getattr(user, "is_authenticated", False) or not predicate(user, *args):
        raise PermissionDenied


__all__ = [
    "can_answer_for_unit",
    "can_check_in",
    "can_create_events",
    "can_edit_question",
    "can_keep_register",
    "can_manage_themes",
    "can_organise_for",
    "can_reply_invitation",
    "can_respond_for",
    "can_run_event",
    "can_run_survey",
    "can_view_event",
    "can_view_invitation",
    "can_view_survey",
    "events_visible_to",
    "get_event_for",
    "get_invitation_by_code",
    "get_invitation_for",
    "get_opinion_for",
    "get_question_for",
    "get_respondent_unit_for",
    "get_survey_for",
    "get_theme_for",
    "my_invitations",
    "require",
    "units_answerable_by",
]
