"""Survey responses: one per invited unit, saved with its answers, editable until the survey closes."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches.models import Unit
from events.models import Answer, Invitation, Question, QuestionKind, Response, Survey
from events.permissions import can_respond_for, require
from unionhub.accounts.models import User
from unionhub.core.versions import claim_version, conflict_message, describe_save

SCALE_RANGE = (1, 5)

AnswerValue = tuple[str, Decimal | None, list[str]]
_BLANK: AnswerValue = ("", None, [])


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def validate_answer(question: Question, value) -> AnswerValue:
    """One answer as (text, number, chosen options); ValidationError with a clear reason."""
    if _blank(value):
        if question.required:
            raise ValidationError(_("This question must be answered."))
        return _BLANK
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
    if question.max_choices and len(set(chosen)) > question.max_choices:
        raise ValidationError(
            _("Choose at most %(n)s options.") % {"n": question.max_choices}, code="max_choices"
        )
    # Keep the survey's order, not the order of the clicks, and each option once.
    return ("", None, [c for c in question.choices if c in chosen])


def _shown(text: str, number, choices: list) -> str:
    return Answer(text=text, number=number, choices=list(choices or [])).display or "—"


def _conflict(response: Response, base_version: int, questions: list[Question]) -> ValidationError:
    """Who saved the response after `base_version` (0: before any) and which answers changed."""
    history = response.history.select_related("history_user").order_by("history_date", "history_id")
    later = history.filter(version__gt=base_version)
    first_later, latest = later.first(), later.last()
    then = {}  # the answers as they stood at base_version, by question id
    if base_version and first_later is not None:
        rows = Answer.history.filter(
            response_id=response.pk, history_date__lt=first_later.history_date
        ).order_by("history_date", "history_id")
        for row in rows:
            then[row.question_id] = (
                None if row.history_type == "-" else (row.text, row.number, row.choices)
            )
    now = {a.question_id: (a.text, a.number, a.choices) for a in response.answers.all()}
    lines = []
    for question in questions:
        old = _shown(*(then.get(question.pk) or _BLANK))
        new = _shown(*(now.get(question.pk) or _BLANK))
        if old != new:
            lines.append(f"{question.text}: {old} → {new}")
    return conflict_message(*describe_save(latest), lines)


def _response_row(survey: Survey, unit: Unit, *, by: User, now) -> tuple[Response, bool]:
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


def _claim(response: Response, base_version: int, questions: list[Question]) -> None:
    """Take the response's next version, or refuse naming the answers that changed meanwhile."""
    try:
        claim_version(response, base_version=base_version)
    except ValidationError as error:
        if error.code != "conflict":
            raise
        # The core message compares the response's own fields; what matters here is the answers.
        raise _conflict(response, base_version, questions) from None


@transaction.atomic
def submit_response(
    survey: Survey,
    *,
    by: User,
    unit: Unit,
    answers: dict[int, object],
    base_version: int = 0,
    at: datetime | None = None,
    questions: list[Question] | None = None,
) -> tuple[Response, bool]:
    """Save `unit`'s answers (by question id): one response per unit, editable until it closes.

    Returns (response, created). `base_version` is the version of the response the sender saw
    (0: there was none). A second submission of the same answers (a double tap, a resend)
    changes nothing; different answers over a version the sender did not see are refused.
    `at` records a paper form or past data at the time it was given (the window still applies).
    `questions`: the survey's questions when the caller has them already (the form did).
    """
    require(by, can_respond_for, unit)
    now = at or timezone.now()
    if not survey.is_open(now):
        raise ValidationError(
            _("The survey has closed.")
            if now >= survey.closes_at
            else _("The survey is not open yet.")
        )
    if unit.is_closed:
        raise ValidationError(_("This unit is closed; it no longer answers surveys."))
    if not Invitation.objects.filter(event_id=survey.event_id, unit=unit).exists():
        raise ValidationError(_("This unit is not invited to answer this survey."))
    if questions is None:
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
    # A response just created has no answers yet: nothing to read back.
    existing = {} if created else {a.question_id: a for a in response.answers.all()}
    if not created:
        current = {
            qid: (a.text, a.number, list(a.choices)) for qid, a in existing.items() if qid in values
        }
        if all(current.get(qid, _BLANK) == value for qid, value in values.items()):
            return response, False
        _claim(response, int(base_version or 0), questions)
        response.submitted_by = by
        response.updated_at = now
        response._history_user = by
        response.save(update_fields=["submitted_by", "updated_at", "version"])
    new, changed = [], []
    for question in questions:
        text, number, chosen = values[question.pk]
        answer = existing.get(question.pk)
        if answer is None and (text, number, chosen) == _BLANK:
            continue  # no row for a question left blank
        answer = answer or Answer(response=response, question=question)
        if not answer.pk or (answer.text, answer.number, answer.choices) != (text, number, chosen):
            answer.text, answer.number, answer.choices = text, number, chosen
            # The response and question are in hand: no need to query them back to validate them.
            answer.full_clean(exclude=["response", "question"], validate_constraints=False)
            (changed if answer.pk else new).append(answer)
    # In two statements (and their history rows), not two per question: a conference's
    # secretaries all answer in the same few minutes.
    bulk_create_with_history(new, Answer, default_user=by)
    if changed:
        bulk_update_with_history(changed, Answer, ["text", "number", "choices"], default_user=by)
    return response, created
