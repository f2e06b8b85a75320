"""Every change to events, invitations, surveys and opinions goes through these functions.

Split by noun: `events.services.events` (events, invitations, check-in), `.surveys` (surveys,
questions, responses) and `.opinions` (themes, the opinion register, its workflow).
"""

from events.services.events import (
    check_in,
    create_event,
    invite_guest,
    invite_neighbourhood_branches,
    invite_units,
    reply_to_invitation,
    undo_check_in,
    update_event,
)
from events.services.opinions import (
    answer_opinion,
    assign_opinion,
    close_opinion,
    create_theme,
    ensure_default_themes,
    forward_opinion,
    merge_opinions,
    opinions_from_answers,
    record_opinion,
    reopen_opinion,
    update_opinion,
    update_theme,
)
from events.services.surveys import (
    add_question,
    create_survey,
    delete_question,
    move_question,
    submit_response,
    update_question,
    update_survey,
)

__all__ = [
    "add_question",
    "answer_opinion",
    "assign_opinion",
    "check_in",
    "close_opinion",
    "create_event",
    "create_survey",
    "create_theme",
    "delete_question",
    "ensure_default_themes",
    "forward_opinion",
    "invite_guest",
    "invite_neighbourhood_branches",
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
]
