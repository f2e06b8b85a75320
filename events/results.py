"""What a survey and an opinion register add up to: the response rate, the results per
question, the free-text answers, the opinions by theme and those of a secretary's units.

Read-only. Each function runs a fixed number of queries whatever the number of rows.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from branches.models import Unit
from events.models import (
    Answer,
    Invitation,
    Opinion,
    Question,
    QuestionKind,
    Survey,
    Theme,
    format_number,
)
from unionhub.core.text import natural_key


@dataclass
class RateGroup:
    parent: str
    invited: int = 0
    answered: int = 0
    missing: list[Unit] = field(default_factory=list)


@dataclass
class ResponseRate:
    invited: int
    answered: int
    groups: list[RateGroup]
    reminder: str

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0

    @property
    def missing(self) -> int:
        return self.invited - self.answered


def _group_name(unit: Unit) -> str:
    # A branch belongs to its grassroots union; a unit straight under the top stands for itself.
    if unit.parent_id and unit.parent.parent_id:
        return unit.parent.name
    return unit.name


def response_rate(survey: Survey) -> ResponseRate:
    """Who was invited, who answered, and who has not, grouped by grassroots union."""
    units = [
        inv.unit
        for inv in Invitation.objects.filter(event_id=survey.event_id, unit__isnull=False)
        .select_related("unit", "unit__parent")
        .only("unit__name", "unit__parent__name", "unit__parent__parent_id", "unit__parent_id")
    ]
    answered = set(survey.responses.values_list("unit_id", flat=True))
    groups: dict[str, RateGroup] = {}
    for unit in units:
        group = groups.setdefault(_group_name(unit), RateGroup(parent=_group_name(unit)))
        group.invited += 1
        if unit.pk in answered:
            group.answered += 1
        else:
            group.missing.append(unit)
    ordered = sorted(groups.values(), key=lambda g: natural_key(g.parent))
    for group in ordered:
        group.missing.sort(key=lambda u: natural_key(u.name))
    rate = ResponseRate(
        invited=len(units),
        answered=sum(g.answered for g in ordered),
        groups=ordered,
        reminder="",
    )
    rate.reminder = reminder_text(survey, rate)
    return rate


def reminder_text(survey: Survey, rate: ResponseRate) -> str:
    """A message to paste into Zalo: which units have not answered, and the deadline."""
    if not rate.missing:
        return ""
    deadline = date_format(timezone.localtime(survey.closes_at), "H:i d/m/Y")
    lines = [
        _("Reminder: the survey “%(title)s” closes at %(deadline)s.")
        % {"title": survey.title, "deadline": deadline},
        _("%(missing)s of %(invited)s units have not answered yet:")
        % {"missing": rate.missing, "invited": rate.invited},
    ]
    for group in rate.groups:
        if group.missing:
            names = ", ".join(u.name for u in group.missing)
            lines.append(f"- {group.parent}: {names}")
    lines.append(_("Please answer before the deadline. Thank you!"))
    return "\n".join(lines)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    labels: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (unit name, text)
    minimum: str = ""
    maximum: str = ""
    average: str = ""

    @property
    def has_chart(self) -> bool:
        return bool(self.labels)

    @property
    def rows(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.counts, strict=True))

    def chart_data(self) -> dict:
        return {"labels": self.labels, "counts": self.counts, "title": self.question.text}


def survey_results(survey: Survey) -> tuple[list[QuestionResult], int]:
    """Per question: counts per option (choices, scale), statistics (numbers), or the texts."""
    questions = list(survey.questions.all())
    results = {q.pk: QuestionResult(question=q) for q in questions}
    counters: dict[int, Counter] = defaultdict(Counter)
    numbers: dict[int, list[Decimal]] = defaultdict(list)
    answers = (
        Answer.objects.filter(response__survey=survey)
        .select_related("response__unit")
        .only("question_id", "text", "number", "choices", "response__unit__name")
        .order_by("response__unit__path")
    )
    for answer in answers:
        result = results.get(answer.question_id)
        if result is None:
            continue
        kind = result.question.kind
        if answer.choices:
            counters[answer.question_id].update(answer.choices)
        elif answer.number is not None:
            numbers[answer.question_id].append(answer.number)
            if kind == QuestionKind.SCALE:
                counters[answer.question_id][format_number(answer.number)] += 1
        elif answer.text:
            result.texts.append((answer.response.unit.name, answer.text))
        else:
            continue
        result.answered += 1
    for question in questions:
        result = results[question.pk]
        if question.is_choice:
            result.labels = list(question.choices)
        elif question.kind == QuestionKind.SCALE:
            result.labels = [str(n) for n in range(1, 6)]
        if result.labels:
            result.counts = [counters[question.pk][label] for label in result.labels]
        values = numbers[question.pk]
        if values and question.kind == QuestionKind.NUMBER:
            result.minimum = format_number(min(values))
            result.maximum = format_number(max(values))
            result.average = format_number((sum(values) / len(values)).quantize(Decimal("0.01")))
        elif values:
            result.average = format_number((sum(values) / len(values)).quantize(Decimal("0.01")))
    return [results[q.pk] for q in questions], survey.responses.count()


def free_text_answers(survey: Survey):
    """The survey's non-empty text answers, with whether each is already an opinion."""
    return (
        Answer.objects.filter(
            response__survey=survey,
            question__kind__in=[QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT],
        )
        .exclude(text="")
        .select_related("question", "response__unit", "response__unit__parent")
        .annotate(opinion_count=Count("opinions"))
        .order_by("question__order", "question_id", "response__unit__path")
    )


def counts_by_theme(opinions) -> dict:
    """Opinions per theme (merged duplicates not counted twice), for the chart."""
    rows = (
        opinions.filter(merged_into__isnull=True)
        .order_by()
        .values("theme_id")
        .annotate(n=Count("pk"))
    )
    per_theme = {row["theme_id"]: row["n"] for row in rows}
    themes = Theme.objects.filter(pk__in=per_theme)
    return {
        "labels": [t.name for t in themes],
        "counts": [per_theme[t.pk] for t in themes],
        "title": _("Opinions by theme"),
    }


def register_opinions(event, opinions=None):
    """The event's opinions (or these of them) with what the register shows, in order."""
    qs = opinions if opinions is not None else Opinion.objects.filter(event=event)
    return qs.select_related(
        "theme", "raised_by_unit", "raised_by_unit__parent", "assignee", "merged_into"
    ).order_by("pk")


def opinions_of_units(event, units):
    """The opinions raised by these units at the event, for the secretary's page."""
    return (
        Opinion.objects.filter(event=event, raised_by_unit__in=units)
        .select_related("theme", "raised_by_unit", "merged_into")
        .order_by("pk")
    )
