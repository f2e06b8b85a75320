"""Themes and the opinion register: record, merge, assign, answer, forward, close."""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Unit
from events.models import (
    ALLOWED_TRANSITIONS,
    THEMES_2021,
    Answer,
    AnswerChannel,
    Event,
    Opinion,
    OpinionSource,
    OpinionStatus,
    OpinionTransition,
    Theme,
)

OPINION_FIELDS = (
    "raised_by_unit",
    "speaker",
    "theme",
    "content",
    "addressee",
    "addressee_detail",
)


# --- themes --------------------------------------------------------------------------------


@transaction.atomic
def ensure_default_themes() -> list[Theme]:
    """The 2021 themes, created if missing (an edited theme under a new name is left alone)."""
    return [
        Theme.objects.get_or_create(name=name, defaults={"order": order})[0]
        for order, name in enumerate(THEMES_2021, start=1)
    ]


@transaction.atomic
def create_theme(*, by, name: str, order: int = 0, active: bool = True) -> Theme:
    """Add a theme to the list."""
    theme = Theme(name=" ".join(name.split()), order=order, active=active)
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def update_theme(theme: Theme, *, by, name: str, order: int, active: bool) -> Theme:
    """Rename, reorder or retire a theme; its opinions keep it."""
    theme.name, theme.order, theme.active = " ".join(name.split()), order, active
    theme.full_clean()
    theme.save()
    return theme


# --- the register --------------------------------------------------------------------------


def opinion_version(opinion: Opinion) -> str:
    """What an edit form remembers about the opinion it showed, to refuse a lost update."""
    return opinion.updated_at.isoformat()


def _locked(opinion: Opinion, version: str | None) -> Opinion:
    fresh = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if version is not None and version != opinion_version(fresh):
        raise ValidationError(
            _(
                "Someone else changed this opinion while you were editing it. "
                "Nothing was saved: look at the opinion as it is now and try again."
            )
        )
    return fresh


def _save(opinion: Opinion, *, by, reason: str = "") -> Opinion:
    opinion.content = opinion.content.strip()
    opinion.full_clean()
    opinion._history_user = by
    if reason:
        opinion._change_reason = reason
    opinion.save()
    return opinion


def _transition(opinion: Opinion, to: str, *, by, note: str = "") -> None:
    """Move the opinion to status `to` if allowed, and log the change."""
    if to not in ALLOWED_TRANSITIONS.get(opinion.status, set()):
        raise ValidationError(
            _("An opinion that is “%(current)s” cannot become “%(to)s”.")
            % {
                "current": OpinionStatus(opinion.status).label,
                "to": OpinionStatus(to).label,
            }
        )
    OpinionTransition.objects.create(
        opinion=opinion, from_status=opinion.status, to_status=to, by=by, note=note[:500]
    )
    opinion.status = to


def _check_unit_invited(event: Event, unit: Unit | None) -> None:
    if unit is not None and not event.invitations.filter(unit=unit).exists():
        raise ValidationError({"raised_by_unit": _("This unit is not invited to the event.")})


@transaction.atomic
def record_opinion(
    event: Event,
    *,
    by,
    source: str,
    theme: Theme,
    content: str,
    raised_by_unit: Unit | None = None,
    speaker: str = "",
    addressee: str = "",
    addressee_detail: str = "",
    source_answer: Answer | None = None,
) -> Opinion:
    """Add an opinion to the event's register (from the floor, in writing, or a survey answer)."""
    _check_unit_invited(event, raised_by_unit)
    opinion = Opinion(
        event=event,
        source=source,
        theme=theme,
        content=content,
        raised_by_unit=raised_by_unit,
        speaker=" ".join(speaker.split()),
        addressee=addressee,
        addressee_detail=addressee_detail.strip(),
        source_answer=source_answer,
        created_by=by,
    )
    if not opinion.content.strip():
        raise ValidationError({"content": _("Write what was said.")})
    return _save(opinion, by=by)


@transaction.atomic
def opinions_from_answers(answers: Iterable[Answer], *, by, event: Event, theme: Theme) -> int:
    """Turn free-text survey answers into opinions (one each); an answer is turned only once."""
    answers = list(answers)
    done = set(
        Opinion.objects.filter(source_answer__in=answers).values_list("source_answer_id", flat=True)
    )
    made = 0
    for answer in answers:
        if answer.pk in done or not answer.text.strip():
            continue
        if answer.response.survey.event_id != event.pk:
            raise ValidationError(_("These answers belong to another event."))
        record_opinion(
            event,
            by=by,
            source=OpinionSource.SURVEY,
            theme=theme,
            content=answer.text,
            raised_by_unit=answer.response.unit,
            source_answer=answer,
        )
        made += 1
    return made


@transaction.atomic
def update_opinion(opinion: Opinion, *, by, version: str | None = None, **fields) -> Opinion:
    """Correct an opinion: who raised it, its theme, content and addressee."""
    opinion = _locked(opinion, version)
    for field, value in fields.items():
        if field not in OPINION_FIELDS:
            raise TypeError(f"update_opinion() got an unexpected field {field!r}")
        setattr(opinion, field, value)
    _check_unit_invited(opinion.event, opinion.raised_by_unit)
    return _save(opinion, by=by)


@transaction.atomic
def assign_opinion(
    opinion: Opinion, *, by, assignee, due_on: date | None, note: str = "", version=None
) -> Opinion:
    """Say who answers it and by when."""
    opinion = _locked(opinion, version)
    if opinion.merged_into_id:
        raise ValidationError(_("This opinion was merged; follow up the one it was merged into."))
    opinion.assignee, opinion.due_on = assignee, due_on
    if opinion.status != OpinionStatus.ASSIGNED or note:
        _transition(opinion, OpinionStatus.ASSIGNED, by=by, note=note or str(assignee or ""))
    return _save(opinion, by=by, reason=note)


@transaction.atomic
def answer_opinion(
    opinion: Opinion,
    *,
    by,
    answer: str,
    channel: str,
    version: str | None = None,
    at: datetime | None = None,
) -> Opinion:
    """Record the answer, given at the conference or in writing."""
    opinion = _locked(opinion, version)
    if opinion.merged_into_id:
        raise ValidationError(_("This opinion was merged; answer the one it was merged into."))
    if channel not in (AnswerChannel.AT_CONFERENCE, AnswerChannel.IN_WRITING):
        raise ValidationError({"answer_channel": _("Choose how the answer was given.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    opinion.answer, opinion.answer_channel = answer.strip(), channel
    opinion.answered_at = at or timezone.now()
    _transition(opinion, OpinionStatus.ANSWERED, by=by, note=AnswerChannel(channel).label)
    return _save(opinion, by=by)


@transaction.atomic
def forward_opinion(
    opinion: Opinion, *, by, forwarded_to: str, note: str = "", version: str | None = None
) -> Opinion:
    """Send an opinion outside the union's remit to the body that can answer it."""
    opinion = _locked(opinion, version)
    if opinion.merged_into_id:
        raise ValidationError(_("This opinion was merged; forward the one it was merged into."))
    if not forwarded_to.strip():
        raise ValidationError({"forwarded_to": _("Say which body it goes to.")})
    opinion.forwarded_to = " ".join(forwarded_to.split())
    opinion.answer_channel = AnswerChannel.FORWARDED
    if note.strip():
        opinion.answer = note.strip()
    opinion.answered_at = timezone.now()
    _transition(opinion, OpinionStatus.FORWARDED, by=by, note=opinion.forwarded_to)
    return _save(opinion, by=by)


@transaction.atomic
def close_opinion(opinion: Opinion, *, by, note: str = "") -> Opinion:
    """Close the follow-up of an opinion."""
    opinion = _locked(opinion, None)
    _transition(opinion, OpinionStatus.CLOSED, by=by, note=note)
    return _save(opinion, by=by, reason=note)


@transaction.atomic
def reopen_opinion(opinion: Opinion, *, by, note: str = "") -> Opinion:
    """Open it again (an answer that did not settle it; carried to next year)."""
    opinion = _locked(opinion, None)
    if opinion.merged_into_id:
        raise ValidationError(_("This opinion was merged; reopen the one it was merged into."))
    _transition(opinion, OpinionStatus.OPEN, by=by, note=note)
    return _save(opinion, by=by, reason=note)


@transaction.atomic
def merge_opinions(originals: Iterable[Opinion], *, by, into: Opinion) -> int:
    """Merge duplicates into `into`: they close, stay linked to it, and stay visible."""
    target = Opinion.objects.select_for_update().get(pk=into.pk)
    if target.merged_into_id:
        raise ValidationError(_("Choose an opinion that was not itself merged."))
    merged = 0
    for original in originals:
        original = Opinion.objects.select_for_update().get(pk=original.pk)
        if original.pk == target.pk or original.merged_into_id == target.pk:
            continue
        if original.event_id != target.event_id:
            raise ValidationError(_("Only opinions of the same event can be merged."))
        # What was merged into the original follows it, so the chain stays one level deep.
        for child in Opinion.objects.select_for_update().filter(merged_into=original):
            child.merged_into = target
            _save(child, by=by, reason=_("Merged into #%(n)s") % {"n": target.pk})
        note = _("Merged into #%(n)s") % {"n": target.pk}
        original.merged_into = target
        if original.status != OpinionStatus.CLOSED:
            _transition(original, OpinionStatus.CLOSED, by=by, note=note)
        _save(original, by=by, reason=note)
        merged += 1
    return merged
