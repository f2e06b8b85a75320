"""The opinion register: opinions raised for an event, their answers and follow-up."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from events.models.events import Event
from events.models.responses import Answer
from events.models.themes import Theme
from unionhub.core.transitions import Transition, status_fields
from unionhub.core.versions import Versioned


class OpinionSource(models.TextChoices):
    SURVEY = "survey", _("Survey")
    SPOKEN = "spoken", _("Spoken at the conference")
    WRITTEN = "written", _("In writing")


class OpinionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    FORWARDED = "forwarded", _("Forwarded")
    CLOSED = "closed", pgettext_lazy("opinion", "Closed")


# Which status may follow which; `unionhub.core.transitions.move` enforces it.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    OpinionStatus.OPEN: {
        OpinionStatus.ASSIGNED,
        OpinionStatus.ANSWERED,
        OpinionStatus.FORWARDED,
        OpinionStatus.CLOSED,
    },
    OpinionStatus.ASSIGNED: {
        OpinionStatus.ASSIGNED,
        OpinionStatus.ANSWERED,
        OpinionStatus.FORWARDED,
        OpinionStatus.CLOSED,
    },
    OpinionStatus.ANSWERED: {OpinionStatus.ANSWERED, OpinionStatus.CLOSED, OpinionStatus.OPEN},
    OpinionStatus.FORWARDED: {OpinionStatus.ANSWERED, OpinionStatus.CLOSED, OpinionStatus.OPEN},
    OpinionStatus.CLOSED: {OpinionStatus.OPEN},
}
UNANSWERED_STATUSES = (OpinionStatus.OPEN, OpinionStatus.ASSIGNED)


class AnswerChannel(models.TextChoices):
    AT_CONFERENCE = "at_conference", _("At the conference")
    IN_WRITING = "in_writing", _("In writing")
    FORWARDED = "forwarded", _("Forwarded to another body")


class Addressee(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("The standing committee")
    DISTRICT_DEPARTMENT = "district_department", _("A district department")
    OUTSIDE_BODY = "outside_body", _("An outside body")


class Opinion(Versioned, models.Model):
    """An opinion, petition or proposal raised for an event, and what was done with it."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="opinions"
    )
    raised_by_unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    speaker = models.CharField(_("speaker"), max_length=150, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=OpinionSource.choices)
    source_answer = models.ForeignKey(
        Answer,
        verbose_name=_("survey answer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="opinions"
    )
    content = models.TextField(_("content"))
    addressee = models.CharField(
        _("addressed to"), max_length=24, choices=Addressee.choices, blank=True
    )
    addressee_detail = models.CharField(
        _("which body"),
        max_length=200,
        blank=True,
        help_text=_("For example: Phòng Văn hóa và Thông tin Quận"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who answers"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_opinions",
    )
    due_on = models.DateField(_("answer by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_channel = models.CharField(
        _("answered"), max_length=16, choices=AnswerChannel.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.OPEN
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")), name="opinion_not_merged_into_self"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.content[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("events:opinion", kwargs={"pk": self.pk})

    @property
    def raised_by(self) -> str:
        """Who raised it, as a line: the branch and the speaker."""
        parts = []
        if self.raised_by_unit_id:
            unit = self.raised_by_unit
            parent = unit.parent.name if unit.parent_id and unit.parent.parent_id else ""
            parts.append(f"{unit.name} – {parent}" if parent else unit.name)
        if self.speaker:
            parts.append(self.speaker)
        return ", ".join(parts)

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_on is not None
            and self.status in UNANSWERED_STATUSES
            and self.due_on < timezone.localdate()
        )


class OpinionTransition(Transition):
    """One change of an opinion's status: kept for the follow-up tracker."""

    subject_field = "opinion"

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("opinion"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status, to_status = status_fields(OpinionStatus)

    class Meta(Transition.Meta):
        verbose_name = _("opinion status change")
        verbose_name_plural = _("opinion status changes")
