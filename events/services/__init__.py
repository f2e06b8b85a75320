"""Every change to events, invitations, surveys and opinions goes through these functions.

Split by noun: events, invitations (and check-in), surveys, questions, responses, opinions
(the register and its workflow) and themes. Each writing service checks the caller's right
itself (PermissionDenied) with the predicates of `events.permissions`.
"""

from events.services.events import create_event, update_event
from events.services.invitations import (
    cancel_invitation,
    check_in,
    invite_guest,
    invite_neighbourhood_branches,
    invite_to_open_events,
    invite_units,
    reply_to_invitation,
    undo_check_in,
)
from events.services.opinions import (
    answer_opinion,
    assign_opinion,
    close_opinion,
    forward_opinion,
    merge_opinions,
    opinions_from_answers,
    record_opinion,
    reopen_opinion,
    update_opinion,
)
from events.services.questions import add_question, delete_question, move_question, update_question
from events.services.responses import submit_response, validate_answer
from events.services.surveys import create_survey, update_survey
from events.services.themes import create_theme, update_theme

__all__ = [
    "add_question",
    "answer_opinion",
    "assign_opinion",
    "cancel_invitation",
    "check_in",
    "close_opinion",
    "create_event",
    "create_survey",
    "create_theme",
    "delete_question",
    "forward_opinion",
    "invite_guest",
    "invite_neighbourhood_branches",
    "invite_to_open_events",
    "invite_units",
    "merge_opinions",
    "move_question",
    "opinions_from_answers",
    "record_opinion",
    "reopen_opinion",
    "reply_to_invitation",
    "submit_response",
    "undo_check_in",
    "update_event",
    "update_opinion",
    "update_question",
    "update_survey",
    "update_theme",
    "validate_answer",
]
