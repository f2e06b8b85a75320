"""Forms validate and normalise; the views hand cleaned_data to events.services. Split by noun."""

from events.forms.events import EventForm
from events.forms.invitations import GuestForm, ReplyForm
from events.forms.opinions import (
    AnswerForm,
    AnswersToOpinionsForm,
    AssignForm,
    ForwardForm,
    MergeForm,
    NoteForm,
    OpinionEditForm,
    OpinionEntryForm,
    OpinionFilter,
    SurveyAnswerFilter,
    UnitByNameField,
    assignee_choices,
)
from events.forms.questions import QuestionForm
from events.forms.responses import ResponseForm
from events.forms.shared import EditFormMixin, VersionForm
from events.forms.surveys import SurveyForm
from events.forms.themes import ThemeForm

__all__ = [
    "AnswerForm",
    "AnswersToOpinionsForm",
    "AssignForm",
    "EditFormMixin",
    "EventForm",
    "ForwardForm",
    "GuestForm",
    "MergeForm",
    "NoteForm",
    "OpinionEditForm",
    "OpinionEntryForm",
    "OpinionFilter",
    "QuestionForm",
    "ReplyForm",
    "ResponseForm",
    "SurveyAnswerFilter",
    "SurveyForm",
    "ThemeForm",
    "UnitByNameField",
    "VersionForm",
    "assignee_choices",
]
