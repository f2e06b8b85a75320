"""Events, their invitations and attendance, surveys and the opinion register."""

from events.models.events import Event, EventKind
from events.models.invitations import Invitation, Reply, new_checkin_code
from events.models.opinions import (
    ALLOWED_TRANSITIONS,
    UNANSWERED_STATUSES,
    Addressee,
    AnswerChannel,
    Opinion,
    OpinionSource,
    OpinionStatus,
    OpinionTransition,
)
from events.models.questions import (
    CHOICE_KINDS,
    NUMBER_KINDS,
    TEXT_KINDS,
    Question,
    QuestionKind,
)
from events.models.responses import Answer, Response, format_number
from events.models.surveys import Survey
from events.models.themes import THEMES_2021, Theme

__all__ = [
    "ALLOWED_TRANSITIONS",
    "CHOICE_KINDS",
    "NUMBER_KINDS",
    "TEXT_KINDS",
    "THEMES_2021",
    "UNANSWERED_STATUSES",
    "Addressee",
    "Answer",
    "AnswerChannel",
    "Event",
    "EventKind",
    "Invitation",
    "Opinion",
    "OpinionSource",
    "OpinionStatus",
    "OpinionTransition",
    "Question",
    "QuestionKind",
    "Reply",
    "Response",
    "Survey",
    "Theme",
    "format_number",
    "new_checkin_code",
]
