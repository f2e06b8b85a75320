"""Surveys, their questions, and the invited units' responses."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Unit
from events.models import (
    CHOICE_KINDS,
    Answer,
    Event,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
)

SURVEY_FIELDS = ("title", "intro", "opens_at", "closes_at")
QUESTION_FIELDS = ("kind", "text", "help_text", "required", "choices")
SCALE_RANGE = (1, 5)
# An answer row that holds something (a row cleared back to blank stays, but counts as no answer).
_GIVEN = ~Q(text="") | Q(number__isnull=False) | ~Q(choices=[])


def _save_survey(survey: Survey, *, by) -> Survey:
    survey.title = " ".join(survey.title.split())
    survey.full_clean()
    survey._history_user = by
    survey.save()
    return survey


@transaction.atomic
def create_survey(
    event: Event, *, by, title: str, opens_at: datetime, closes_at: datetime, intro: str = ""
) -> Survey:
    """Attach a survey to an event; its audience is the event's invited units."""
    survey = Survey(
        event=event, title=title, intro=intro, opens_at=opens_at, closes_at=closes_at, created_by=by
    )
    return _save_survey(survey, by=by)


@transaction.atomic
def update_survey(survey: Survey, *, by, **fields) -> Survey:
    """Change a survey's title, introduction or opening and closing times."""
    for field, value in fields.items():
        if field not in SURVEY_FIELDS:
            raise TypeError(f"update_survey() got an unexpected field {field!r}")
        setattr(survey, field, value)
    return _save_survey(survey, by=by)


def _clean_choices(choices) -> list[str]:
    return [" ".join(str(c).split()) for c in (choices or []) if str(c).strip()]


@transaction.atomic
def add_question(
    survey: Survey,
    *,
    by,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    choices: list[str] | None = None,
) -> Question:
    """Add a question at the end of the survey."""
    last = survey.questions.aggregate(last=Max("order"))["last"]
    question = Question(
        survey=survey,
        kind=kind,
        text=" ".join(text.split()),
        help_text=help_text.strip(),
        required=required,
        choices=_clean_choices(choices) if kind in CHOICE_KINDS else [],
        order=0 if last is None else last + 1,
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def update_question(question: Question, *, by, **fields) -> Question:
    """Change a question; once answered, its kind stays and options in use stay."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    answered = Answer.objects.filter(question=question).filter(_GIVEN)
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
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def delete_question(question: Question, *, by) -> None:
    """Remove a question nobody has answered yet."""
    answers = Answer.objects.filter(question=question)
    if answers.filter(_GIVEN).exists():
        raise ValidationError(_("This question has answers and cannot be deleted."))
    answers.delete()  # answers cleared back to blank by their units
    question.delete()


@transaction.atomic
def move_question(question: Question, *, by, up: bool) -> None:
    """Swap the question with the one above (or below) it."""
    questions = list(Question.objects.select_for_update().filter(survey_id=question.survey_id))
    questions.sort(key=lambda q: (q.order, q.pk))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for order, q in enumerate(questions):
        if q.order != order:
            q.order = order
            q.save(update_fields=["order"])


# --- responses -----------------------------------------------------------------------------

AnswerValue = tuple[str, Decimal | None, list[str]]


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def validate_answer(question: Question, value) -> AnswerValue:
    """One answer as (text, number, chosen options); ValidationError with a clear reason."""
    if _blank(value):
        if question.required:
            raise ValidationError(_("This question must be answered."))
        return ("", None, [])
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        text = str(value).strip()
        if kind == QuestionKind.SHORT_TEXT and len(text) > 500:
            raise ValidationError(_("Keep this answer under 500 characters."))
        if question.required and not text:
            raise ValidationError(_("This question must be answered."))
        return (text, None, [])
    if kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except ArithmeticError:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValidationError(_("Enter a number."))
        if kind == QuestionKind.SCALE and (
            number != number.to_integral_value() or not SCALE_RANGE[0] <= number <= SCALE_RANGE[1]
        ):
            raise ValidationError(_("Choose a whole number from 1 to 5."))
        return ("", number.quantize(Decimal("0.01")), [])
    chosen = [value] if isinstance(value, str) else list(value)
    offered = set(question.choices)
    if any(c not in offered for c in chosen):
        raise ValidationError(_("Choose from the options offered."))
    if kind == QuestionKind.SINGLE_CHOICE and len(chosen) != 1:
        raise ValidationError(_("Choose one option."))
    # Keep the survey's order, not the order of the clicks, and each option once.
    return ("", None, [c for c in question.choices if c in chosen])


def response_version(response: Response | None) -> str:
    """What the form remembers about the response it showed, to refuse a lost update."""
    return response.updated_at.isoformat() if response is not None else ""


def _response_row(survey: Survey, unit: Unit, *, by, now) -> tuple[Response, bool]:
    # Insert first and let the unique constraint decide: a "does it exist?" check before the
    # insert would let two simultaneous submissions both see nothing and both insert.
    try:
        with transaction.atomic():
            response = Response(
                survey=survey, unit=unit, submitted_by=by, submitted_at=now, updated_at=now
            )
            response.full_clean(
                exclude=["survey", "unit", "submitted_by"], validate_constraints=False
            )
            response._history_user = by
            response.save()
            return response, True
    except IntegrityError:
        return Response.objects.select_for_update().get(survey=survey, unit=unit), False


@transaction.atomic
def submit_response(
    survey: Survey,
    *,
    by,
    unit: Unit,
    answers: dict[int, object],
    seen_version: str = "",
    at: datetime | None = None,
) -> tuple[Response, bool]:
    """Save `unit`'s answers (by question id): one response per unit, editable until it closes.

    Returns (response, created). A second submission of the same answers (a double tap, a resend)
    changes nothing; different answers over a version the sender did not see are refused.
    `at` records a paper form or past data at the time it was given (the window still applies).
    """
    now = at or timezone.now()
    if not survey.is_open(now):
        raise ValidationError(
            _("The survey has closed.")
            if now >= survey.closes_at
            else _("The survey is not open yet.")
        )
    if not Invitation.objects.filter(event_id=survey.event_id, unit=unit).exists():
        raise ValidationError(_("This unit is not invited to answer this survey."))
    questions = list(survey.questions.all())
    values: dict[int, AnswerValue] = {}
    errors: dict[str, list] = {}
    for question in questions:
        try:
            values[question.pk] = validate_answer(question, answers.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)

    response, created = _response_row(survey, unit, by=by, now=now)
    existing = {a.question_id: a for a in response.answers.all()}
    if not created:
        current = {
            qid: (a.text, a.number, list(a.choices)) for qid, a in existing.items() if qid in values
        }
        unchanged = all(current.get(qid, ("", None, [])) == value for qid, value in values.items())
        if unchanged:
            return response, False
        if seen_version != response_version(response):
            raise ValidationError(
                _(
                    "Someone else saved this unit's response while you were filling it in. "
                    "Your answers were not saved: reload the page to see theirs, then send yours again."
                )
            )
        response.submitted_by = by
        response.updated_at = now
        response._history_user = by
        response.save(update_fields=["submitted_by", "updated_at"])
    for question in questions:
        text, number, chosen = values[question.pk]
        answer = existing.get(question.pk)
        if answer is None and (text, number, chosen) == ("", None, []):
            continue  # no row for a question left blank
        answer = answer or Answer(response=response, question=question)
        if not answer.pk or (answer.text, answer.number, answer.choices) != (text, number, chosen):
            answer.text, answer.number, answer.choices = text, number, chosen
            answer._history_user = by
            # The response and question are in hand: no need to query them back to validate them.
            answer.full_clean(exclude=["response", "question"], validate_constraints=False)
            answer.save()
    return response, created
