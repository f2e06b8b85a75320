"""Who may change a survey's questions."""

from django.http import Http404

from events.models import Question
from events.permissions.surveys import can_run_survey


def can_edit_question(user, question: Question) -> bool:
    """Add, change, move or delete a question: those who run the survey."""
    return can_run_survey(user, question.survey)


def get_question_for(user, pk: int) -> Question:
    """The question with this id if the user may edit it; 404 otherwise."""
    question = (
        Question.objects.select_related("survey", "survey__event", "survey__event__organiser")
        .filter(pk=pk)
        .first()
    )
    if question is None or not can_edit_question(user, question):
        raise Http404
    return question
