"""Survey questions: add, change, reorder, delete (a deleted question stays in the history)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from events.models import CHOICE_KINDS, Answer, Question, Survey
from events.permissions import can_edit_question, can_run_survey, require
from unionhub.accounts.models import User
from unionhub.core.versions import claim_version, keeps_version_on_failure

QUESTION_FIELDS = ("kind", "text", "help_text", "required", "choices", "max_choices")
# An answer row that holds something (a row cleared back to blank stays, but counts as no answer).
GIVEN = ~Q(text="") | Q(number__isnull=False) | ~Q(choices=[])


def _clean_choices(choices) -> list[str]:
    return [" ".join(str(c).split()) for c in (choices or []) if str(c).strip()]


def _save(question: Question, *, by: User) -> Question:
    question.full_clean()
    question._history_user = by
    question.save()
    return question


@transaction.atomic
def add_question(
    survey: Survey,
    *,
    by: User,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    choices: list[str] | None = None,
    max_choices: int | None = None,
) -> Question:
    """Add a question at the end of the survey."""
    require(by, can_run_survey, survey)
    last = survey.questions.aggregate(last=Max("order"))["last"]
    question = Question(
        survey=survey,
        kind=kind,
        text=" ".join(text.split()),
        help_text=help_text.strip(),
        required=required,
        choices=_clean_choices(choices) if kind in CHOICE_KINDS else [],
        max_choices=max_choices,
        order=0 if last is None else last + 1,
    )
    return _save(question, by=by)


@keeps_version_on_failure
@transaction.atomic
def update_question(
    question: Question, *, by: User, base_version: int | None = None, **fields
) -> Question:
    """Change a question; once answered, its kind stays and options in use stay."""
    require(by, can_edit_question, question)
    claim_version(question, base_version=base_version)
    answered = Answer.objects.filter(question=question).filter(GIVEN)
    if "choices" in fields:
        kind = fields.get("kind", question.kind)
        fields["choices"] = _clean_choices(fields["choices"]) if kind in CHOICE_KINDS else []
    for field in fields:
        if field not in QUESTION_FIELDS:
            raise TypeError(f"update_question() got an unexpected field {field!r}")
    if answered.exists():
        if fields.get("kind", question.kind) != question.kind:
            raise ValidationError({"kind": _("This question has answers: its kind cannot change.")})
        if question.kind in CHOICE_KINDS and "choices" in fields:
            used = {c for chosen in answered.values_list("choices", flat=True) for c in chosen}
            missing = sorted(used - set(fields["choices"]))
            if missing:
                raise ValidationError(
                    {
                        "choices": _("These options have been chosen and must stay: %(options)s")
                        % {"options": ", ".join(missing)}
                    }
                )
    for field, value in fields.items():
        setattr(question, field, value)
    question.text = " ".join(question.text.split())
    return _save(question, by=by)


@keeps_version_on_failure
@transaction.atomic
def delete_question(question: Question, *, by: User, base_version: int | None = None) -> None:
    """Remove a question nobody has answered yet; its history keeps who deleted it and when."""
    require(by, can_edit_question, question)
    claim_version(question, base_version=base_version)
    answers = list(Answer.objects.filter(question=question))
    if any(a.text or a.number is not None or a.choices for a in answers):
        raise ValidationError(_("This question has answers and cannot be deleted."))
    for answer in answers:  # answers cleared back to blank by their units
        answer._history_user = by
        answer.delete()
    question._history_user = by
    question.delete()


@transaction.atomic
def move_question(question: Question, *, by: User, up: bool) -> None:
    """Swap the question with the one above (or below) it."""
    require(by, can_edit_question, question)
    questions = list(Question.objects.select_for_update().filter(survey_id=question.survey_id))
    questions.sort(key=lambda q: (q.order, q.pk))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for order, q in enumerate(questions):
        if q.order != order:
            claim_version(q)
            q.order = order
            q._history_user = by
            q.save(update_fields=["order", "version"])
