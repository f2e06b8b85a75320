"""Events, their invitations and attendance, surveys and the opinion register."""

from events.models.events import (  # noqa: F401
    Event,
    EventKind,
    Invitation,
    Reply,
    new_checkin_code,
)
from events.models.opinions import (  # noqa: F401
    ALLOWED_TRANSITIONS,
    THEMES_2021,
    UNANSWERED_STATUSES,
    Addressee,
    AnswerChannel,
    Opinion,
    OpinionSource,
    OpinionStatus,
    OpinionTransition,
    Theme,
)
from events.models.surveys import (  # noqa: F401
    CHOICE_KINDS,
    NUMBER_KINDS,
    TEXT_KINDS,
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
    format_number,
)
