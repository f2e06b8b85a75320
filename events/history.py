"""A survey's history: who created and changed it, and who added, changed or deleted a question.

A deleted question is gone from the survey but not from here: its last historical row says what
it asked, who deleted it and when. Two queries whatever the length of the history.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from django.utils.translation import gettext as _

from events.models import Question, Survey

_NOT_SHOWN = ["version"]


@dataclass
class HistoryEntry:
    at: datetime
    by: str
    what: str
    subject: str
    changes: list[str] = field(default_factory=list)


def _value(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return "—" if value in (None, "") else str(value)


def _changes(model, new, old) -> list[str]:
    if old is None:
        return []
    delta = new.diff_against(old, excluded_fields=_NOT_SHOWN)
    return [
        f"{model._meta.get_field(c.field).verbose_name}: {_value(c.old)} → {_value(c.new)}"
        for c in delta.changes
    ]


def _entries(model, rows, labels: dict[str, str], subject) -> list[HistoryEntry]:
    entries = []
    for _id, versions in groupby(rows, key=lambda row: row.id):
        previous = None
        for row in versions:
            entries.append(
                HistoryEntry(
                    at=row.history_date,
                    by=str(row.history_user) if row.history_user else "—",
                    what=labels[row.history_type],
                    subject=subject(row),
                    changes=_changes(model, row, previous) if row.history_type == "~" else [],
                )
            )
            previous = row
    return entries


def survey_history(survey: Survey) -> list[HistoryEntry]:
    """Every recorded change to the survey and its questions, newest first."""
    survey_rows = (
        Survey.history.filter(id=survey.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    question_rows = (
        Question.history.filter(survey_id=survey.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    survey_labels = {"+": _("Survey created"), "~": _("Survey changed"), "-": _("Survey deleted")}
    question_labels = {
        "+": _("Question added"),
        "~": _("Question changed"),
        "-": _("Question deleted"),
    }
    entries = _entries(Survey, survey_rows, survey_labels, lambda row: row.title)
    entries += _entries(Question, question_rows, question_labels, lambda row: row.text)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
