"""What a survey and an opinion register add up to: the response rate, the results per
question, the free-text answers, the opinions by theme and those of a secretary's units.

Read-only. Each function runs a fixed number of queries whatever the number of rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Sum,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from branches.models import Unit
from events.models import (
    TEXT_KINDS,
    Answer,
    Invitation,
    Opinion,
    Question,
    QuestionKind,
    Survey,
    Theme,
    format_number,
)
from unionhub.core.fingerprints import kept, state_of
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
    groups: list[RateGroup]  # the groups of `page`, each with the units still to answer
    reminder: str
    page: Page | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0

    @property
    def missing(self) -> int:
        return self.invited - self.answered


# Grassroots unions shown at a time on the rate page, as on the report board (a city has 300).
RATE_GROUPS_PER_PAGE = 20
# The reminder names the units still to answer up to this many; beyond, it counts them by group
# (a message naming 5,000 units is read by nobody).
REMINDER_NAMES = 200
# Past that, the unions with the most units still to answer, this many (then the others summed).
REMINDER_GROUPS = 30

# A branch belongs to its grassroots union; a unit straight under the top stands for itself.
_GROUP = Case(
    When(unit__parent__parent__isnull=False, then=F("unit__parent_id")), default=F("unit_id")
)


def response_rate(survey: Survey, page_number=None) -> ResponseRate:
    """Who was invited, who answered, and who has not, grouped by grassroots union: counted by
    the database; the units still to answer listed for one page of groups. Kept until an
    invitation, an answer or a unit changes (the page's list with it)."""
    fingerprint = (
        survey.pk,
        state_of(Invitation.objects.filter(event_id=survey.event_id)),
        state_of(survey.responses.all()),
        state_of(Unit.objects.all()),
        str(page_number),
    )
    return kept("rate", fingerprint, lambda: _response_rate(survey, page_number))


def _response_rate(survey: Survey, page_number) -> ResponseRate:
    invited = Invitation.objects.filter(event_id=survey.event_id, unit__isnull=False).annotate(
        group=_GROUP
    )
    answered = Q(unit_id__in=survey.responses.values("unit_id"))
    groups = [
        (gid, RateGroup(parent=name, invited=n, answered=a))
        for gid, name, n, a in _group_counts(invited, answered)
    ]
    page = Paginator(groups, RATE_GROUPS_PER_PAGE).get_page(page_number)
    rate = ResponseRate(
        invited=sum(g.invited for _id, g in groups),
        answered=sum(g.answered for _id, g in groups),
        groups=[group for _id, group in page.object_list],
        reminder="",
        page=page,
    )
    named = groups if rate.missing <= REMINDER_NAMES else page.object_list
    _list_missing(survey, dict(named))
    rate.reminder = reminder_text(survey, rate, [g for _id, g in groups])
    return rate


def _group_counts(invited, answered: Q) -> list[tuple[int, str, int, int]]:
    """(group id, name, invited, answered) per grassroots union, in natural order of names."""
    rows = (
        invited.order_by().values("group").annotate(n=Count("pk"), a=Count("pk", filter=answered))
    )
    names = dict(
        Unit.objects.filter(pk__in=[row["group"] for row in rows]).values_list("pk", "name")
    )
    counted = [(row["group"], names[row["group"]], row["n"], row["a"]) for row in rows]
    return sorted(counted, key=lambda row: natural_key(row[1]))


def _list_missing(survey: Survey, groups: dict[int, RateGroup]) -> None:
    # Found through the groups' own units (a group is a union and the branches under it), by
    # index: the invitations and answers of those units alone, not of a city's whole conference.
    below = Unit.objects.filter(parent_id__in=list(groups)).values_list("pk", flat=True)
    units = [*groups, *below]
    answered = set(survey.responses.filter(unit__in=units).values_list("unit_id", flat=True))
    rows = Invitation.objects.filter(event_id=survey.event_id, unit__in=units).select_related(
        "unit"
    )
    for invitation in rows.only("unit__name", "unit__parent_id"):
        unit = invitation.unit
        group = unit.parent_id if unit.parent_id in groups else unit.pk
        if group in groups and unit.pk not in answered:
            groups[group].missing.append(unit)
    for group in groups.values():
        group.missing.sort(key=lambda u: natural_key(u.name))


def reminder_text(survey: Survey, rate: ResponseRate, groups: list[RateGroup]) -> str:
    """A message to paste into Zalo: which units have not answered (or how many in each
    grassroots union, when they are too many to name), and the deadline."""
    if not rate.missing:
        return ""
    deadline = date_format(timezone.localtime(survey.closes_at), "H:i d/m/Y")
    lines = [
        _("Reminder: the survey “%(title)s” closes at %(deadline)s.")
        % {"title": survey.title, "deadline": deadline},
        _("%(missing)s of %(invited)s units have not answered yet:")
        % {"missing": rate.missing, "invited": rate.invited},
    ]
    if rate.missing <= REMINDER_NAMES:
        for group in groups:
            if group.missing:
                lines.append(f"- {group.parent}: {', '.join(u.name for u in group.missing)}")
    else:
        # Too many to name: the unions with the most still to answer, then how many more.
        behind = sorted(
            (g for g in groups if g.invited > g.answered), key=lambda g: g.answered - g.invited
        )
        for group in behind[:REMINDER_GROUPS]:
            count = group.invited - group.answered
            lines.append(f"- {group.parent}: " + _("%(count)s units") % {"count": count})
        if rest := behind[REMINDER_GROUPS:]:
            lines.append(
                _("- and %(unions)s other grassroots unions: %(count)s units")
                % {"unions": len(rest), "count": sum(g.invited - g.answered for g in rest)}
            )
    lines.append(_("Please answer before the deadline. Thank you!"))
    return "\n".join(lines)


LATEST_TEXTS = 10  # free-text answers shown under a question; the rest are on the answers page


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    labels: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # the latest (unit name, text)
    minimum: str = ""
    maximum: str = ""
    average: str = ""

    @property
    def has_chart(self) -> bool:
        return bool(self.labels)

    @property
    def rows(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.counts, strict=True))

    @property
    def more_texts(self) -> bool:
        return self.answered > len(self.texts)

    def chart_data(self) -> dict:
        return {"labels": self.labels, "counts": self.counts, "title": self.question.text}


# An answer counts as given when it holds something: options, a number or a text.
GIVEN = ~Q(choices=[]) | Q(number__isnull=False) | ~Q(text="")


# The options of an answer are a JSON list, which the ORM cannot unnest on SQLite: each database
# gets its own statement, and this is the one place with SQL written by hand.
CHOSEN_OPTIONS_SQL = {
    "sqlite": (
        "SELECT a.question_id, o.value, COUNT(*)"
        " FROM events_answer a JOIN events_response r ON r.id = a.response_id,"
        " json_each(a.choices) o"
        " WHERE r.survey_id = %s GROUP BY a.question_id, o.value"
    ),
    "postgresql": (
        "SELECT a.question_id, o.value, COUNT(*)"
        " FROM events_answer a JOIN events_response r ON r.id = a.response_id"
        " CROSS JOIN LATERAL jsonb_array_elements_text(a.choices) AS o(value)"
        " WHERE r.survey_id = %s GROUP BY a.question_id, o.value"
    ),
}


def chosen_option_counts(survey: Survey) -> dict[tuple[int, str], int]:
    """How many answers chose each option, per question: {(question id, label): count}."""
    sql = CHOSEN_OPTIONS_SQL.get(connection.vendor)
    if sql is None:
        raise NotImplementedError(f"Counting chosen options on {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [survey.pk])
        return {(question_id, label): n for question_id, label, n in cursor.fetchall()}


def _scale_counts(survey: Survey) -> dict[tuple[int, str], int]:
    rows = (
        Answer.objects.filter(
            response__survey=survey, question__kind=QuestionKind.SCALE, number__isnull=False
        )
        .order_by()
        .values_list("question_id", "number")
        .annotate(n=Count("pk"))
    )
    return {(question_id, format_number(number)): n for question_id, number, n in rows}


def latest_texts(survey: Survey, *, per_question: int = LATEST_TEXTS) -> dict[int, list]:
    """The newest free-text answers of each text question, as (unit name, text)."""
    newest = Window(
        RowNumber(),
        partition_by=F("question_id"),
        order_by=(F("response__updated_at").desc(), F("pk").desc()),
    )
    rows = (
        Answer.objects.filter(response__survey=survey, question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .annotate(rank=newest)
        .filter(rank__lte=per_question)
        .order_by("question_id", "rank")
        .values_list("question_id", "response__unit__name", "text")
    )
    texts: dict[int, list] = defaultdict(list)
    for question_id, unit, text in rows:
        texts[question_id].append((unit, text))
    return texts


def _average(total: Decimal, n: int) -> str:
    return format_number((total / n).quantize(Decimal("0.01")))


def kept_survey_results(survey: Survey) -> tuple[list[QuestionResult], int]:
    """`survey_results`, counted again only when a response or a question has changed since:
    during a conference staff reload the results far more often than units answer."""
    fingerprint = (
        survey.pk,
        survey.version,
        state_of(survey.responses.all()),
        state_of(survey.questions.all()),
        state_of(Unit.objects.all()),  # the latest texts name their unit
    )
    return kept("survey-results", fingerprint, lambda: survey_results(survey))


def survey_results(survey: Survey) -> tuple[list[QuestionResult], int]:
    """Per question: counts per option (choices, scale), statistics (numbers), or the latest
    texts; counted by the database in six queries whatever the number of answers."""
    questions = list(survey.questions.all())
    stats = {
        row["question_id"]: row
        for row in Answer.objects.filter(response__survey=survey)
        .order_by()
        .values("question_id")
        .annotate(
            answered=Count("pk", filter=GIVEN),
            numbers=Count("number"),
            # Wide enough for the sum of every answer (each under 10¹²), to the cent.
            total=Sum("number", output_field=DecimalField(max_digits=30, decimal_places=2)),
            lowest=Min("number"),
            highest=Max("number"),
        )
    }
    counts = chosen_option_counts(survey) | _scale_counts(survey)
    texts = latest_texts(survey)
    results = []
    for question in questions:
        row = stats.get(question.pk, {"answered": 0, "numbers": 0})
        result = QuestionResult(question=question, answered=row["answered"])
        if question.is_choice:
            result.labels = list(question.choices)
        elif question.kind == QuestionKind.SCALE:
            result.labels = [str(n) for n in range(1, 6)]
        result.counts = [counts.get((question.pk, label), 0) for label in result.labels]
        if row["numbers"] and question.kind == QuestionKind.NUMBER:
            result.minimum = format_number(row["lowest"])
            result.maximum = format_number(row["highest"])
            result.average = _average(row["total"], row["numbers"])
        elif row["numbers"]:
            result.average = _average(row["total"], row["numbers"])
        result.texts = texts.get(question.pk, [])
        results.append(result)
    return results, survey.responses.count()


def free_text_answers(survey: Survey):
    """The survey's non-empty text answers, with whether each is already an opinion (a test for
    each answer shown, not a count grouped over every answer of the survey)."""
    return (
        Answer.objects.filter(
            response__survey=survey,
            question__kind__in=TEXT_KINDS,
        )
        .exclude(text="")
        .select_related("question", "response__survey", "response__unit", "response__unit__parent")
        .annotate(in_register=Exists(Opinion.objects.filter(source_answer=OuterRef("pk"))))
        .order_by("question__order", "question_id", "response__unit__path", "pk")
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
