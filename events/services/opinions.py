"""The opinion register: record, correct, merge, assign, answer, forward, close, reopen.

Every status change goes through `unionhub.core.transitions.move` with the table beside the model;
every change to an opinion first takes its next version, so a stale form is refused.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Unit
from events.models import (
    ALLOWED_TRANSITIONS,
    Answer,
    AnswerChannel,
    Event,
    Opinion,
    OpinionSource,
    OpinionStatus,
    OpinionTransition,
    Theme,
)
from events.permissions import can_keep_register, require
from unionhub.accounts.models import User
from unionhub.core.transitions import move
from unionhub.core.versions import claim_version, keeps_version_on_failure

OPINION_FIELDS = (
    "raised_by_unit",
    "speaker",
    "theme",
    "content",
    "addressee",
    "addressee_detail",
)


def _claim(opinion: Opinion, *, by: User, base_version: int | None) -> None:
    require(by, can_keep_register, opinion.event)
    claim_version(opinion, base_version=base_version)


def _save(opinion: Opinion, *, by: User, reason: str = "") -> Opinion:
    opinion.content = opinion.content.strip()
    opinion.full_clean()
    opinion._history_user = by
    if reason:
        opinion._change_reason = reason
    opinion.save()
    return opinion


def _move(opinion: Opinion, to: str, *, by: User, note: str = "") -> Opinion:
    """Move the opinion to status `to` if the table allows it: saved, with its log row."""
    opinion.content = opinion.content.strip()
    move(
        opinion,
        to,
        by=by,
        allowed=ALLOWED_TRANSITIONS,
        log=OpinionTransition,
        note=note,
        message=_("An opinion that is “%(from)s” cannot become “%(to)s”."),
    )
    return opinion


def _refuse_if_merged(opinion: Opinion, message: str) -> None:
    if opinion.merged_into_id:
        raise ValidationError(message)


def _check_unit_invited(event: Event, unit: Unit | None) -> None:
    if unit is not None and not event.invitations.filter(unit=unit).exists():
        raise ValidationError({"raised_by_unit": _("This unit is not invited to the event.")})


def _record(event: Event, *, by: User, content: str, speaker: str = "", **fields) -> Opinion:
    _check_unit_invited(event, fields.get("raised_by_unit"))
    if not content.strip():
        raise ValidationError({"content": _("Write what was said.")})
    opinion = Opinion(
        event=event, content=content, speaker=" ".join(speaker.split()), created_by=by, **fields
    )
    opinion.addressee_detail = opinion.addressee_detail.strip()
    return _save(opinion, by=by)


@transaction.atomic
def record_opinion(
    event: Event,
    *,
    by: User,
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
    require(by, can_keep_register, event)
    return _record(
        event,
        by=by,
        content=content,
        speaker=speaker,
        source=source,
        theme=theme,
        raised_by_unit=raised_by_unit,
        addressee=addressee,
        addressee_detail=addressee_detail,
        source_answer=source_answer,
    )


@transaction.atomic
def opinions_from_answers(
    answers: Iterable[Answer], *, by: User, event: Event, theme: Theme
) -> int:
    """Turn free-text survey answers into opinions (one each); an answer is turned only once."""
    require(by, can_keep_register, event)
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
        _record(
            event,
            by=by,
            content=answer.text,
            source=OpinionSource.SURVEY,
            theme=theme,
            raised_by_unit=answer.response.unit,
            source_answer=answer,
        )
        made += 1
    return made


@keeps_version_on_failure
@transaction.atomic
def update_opinion(
    opinion: Opinion, *, by: User, base_version: int | None = None, **fields
) -> Opinion:
    """Correct an opinion: who raised it, its theme, content and addressee."""
    _claim(opinion, by=by, base_version=base_version)
    for field, value in fields.items():
        if field not in OPINION_FIELDS:
            raise TypeError(f"update_opinion() got an unexpected field {field!r}")
        setattr(opinion, field, value)
    _check_unit_invited(opinion.event, opinion.raised_by_unit)
    return _save(opinion, by=by)


@keeps_version_on_failure
@transaction.atomic
def assign_opinion(
    opinion: Opinion,
    *,
    by: User,
    assignee: User | None,
    due_on: date | None,
    note: str = "",
    base_version: int | None = None,
) -> Opinion:
    """Say who answers it and by when."""
    _claim(opinion, by=by, base_version=base_version)
    _refuse_if_merged(opinion, _("This opinion was merged; follow up the one it was merged into."))
    opinion.assignee, opinion.due_on = assignee, due_on
    if opinion.status != OpinionStatus.ASSIGNED or note:
        return _move(opinion, OpinionStatus.ASSIGNED, by=by, note=note or str(assignee or ""))
    return _save(opinion, by=by)


@keeps_version_on_failure
@transaction.atomic
def answer_opinion(
    opinion: Opinion,
    *,
    by: User,
    answer: str,
    channel: str,
    base_version: int | None = None,
    at: datetime | None = None,
) -> Opinion:
    """Record the answer, given at the conference or in writing."""
    _claim(opinion, by=by, base_version=base_version)
    _refuse_if_merged(opinion, _("This opinion was merged; answer the one it was merged into."))
    if channel not in (AnswerChannel.AT_CONFERENCE, AnswerChannel.IN_WRITING):
        raise ValidationError({"answer_channel": _("Choose how the answer was given.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    opinion.answer, opinion.answer_channel = answer.strip(), channel
    opinion.answered_at = at or timezone.now()
    return _move(opinion, OpinionStatus.ANSWERED, by=by, note=str(AnswerChannel(channel).label))


@keeps_version_on_failure
@transaction.atomic
def forward_opinion(
    opinion: Opinion,
    *,
    by: User,
    forwarded_to: str,
    note: str = "",
    base_version: int | None = None,
) -> Opinion:
    """Send an opinion outside the union's remit to the body that can answer it."""
    _claim(opinion, by=by, base_version=base_version)
    _refuse_if_merged(opinion, _("This opinion was merged; forward the one it was merged into."))
    if not forwarded_to.strip():
        raise ValidationError({"forwarded_to": _("Say which body it goes to.")})
    opinion.forwarded_to = " ".join(forwarded_to.split())
    opinion.answer_channel = AnswerChannel.FORWARDED
    if note.strip():
        opinion.answer = note.strip()
    opinion.answered_at = timezone.now()
    return _move(opinion, OpinionStatus.FORWARDED, by=by, note=opinion.forwarded_to)


@keeps_version_on_failure
@transaction.atomic
def close_opinion(
    opinion: Opinion, *, by: User, note: str = "", base_version: int | None = None
) -> Opinion:
    """Close the follow-up of an opinion."""
    _claim(opinion, by=by, base_version=base_version)
    return _move(opinion, OpinionStatus.CLOSED, by=by, note=note)


@keeps_version_on_failure
@transaction.atomic
def reopen_opinion(
    opinion: Opinion, *, by: User, note: str = "", base_version: int | None = None
) -> Opinion:
    """Open it again (an answer that did not settle it; carried to next year)."""
    _claim(opinion, by=by, base_version=base_version)
    _refuse_if_merged(opinion, _("This opinion was merged; reopen the one it was merged into."))
    return _move(opinion, OpinionStatus.OPEN, by=by, note=note)


@transaction.atomic
def merge_opinions(originals: Iterable[Opinion], *, by: User, into: Opinion) -> int:
    """Merge duplicates into `into`: they close, stay linked to it, and stay visible."""
    require(by, can_keep_register, into.event)
    target = Opinion.objects.select_for_update().get(pk=into.pk)
    if target.merged_into_id:
        raise ValidationError(_("Choose an opinion that was not itself merged."))
    note = _("Merged into #%(n)s") % {"n": target.pk}
    merged = 0
    for original in originals:
        original = Opinion.objects.select_for_update().get(pk=original.pk)
        if original.pk == target.pk or original.merged_into_id == target.pk:
            continue
        if original.event_id != target.event_id:
            raise ValidationError(_("Only opinions of the same event can be merged."))
        # What was merged into the original follows it, so the chain stays one level deep.
        for child in Opinion.objects.select_for_update().filter(merged_into=original):
            claim_version(child)
            child.merged_into = target
            _save(child, by=by, reason=note)
        claim_version(original)
        original.merged_into = target
        if original.status != OpinionStatus.CLOSED:
            _move(original, OpinionStatus.CLOSED, by=by, note=note)
        else:
            _save(original, by=by, reason=note)
        merged += 1
    return merged
