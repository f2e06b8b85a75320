"""A unit's logs: the meetings it held and the activities it ran."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionhub.core.versions import Versioned


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular monthly meeting")
    THEMATIC = "thematic", _("Thematic meeting")
    EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")
    CONGRESS = "congress", _("Congress")


class ActivityKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer work")
    CULTURE_SPORTS = "culture_sports", _("Culture and sports")
    LEARNING = "learning", _("Learning and training")
    YOUTH_PROJECT = "youth_project", _("Youth project")
    OTHER = "other", _("Other")


class LogEntry(models.Model):
    """What meetings and activities share; each adds its unit and kind."""

    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.topic}"


class Meeting(Versioned, LogEntry):
    """A branch meeting (sinh hoạt chi đoàn)."""

    unit = models.ForeignKey(
        "branches.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(
        pgettext_lazy("meeting", "kind"),
        max_length=20,
        choices=MeetingKind.choices,
        default=MeetingKind.REGULAR,
    )

    history = HistoricalRecords()

    class Meta(LogEntry.Meta):
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["unit", "held_on"])]


class Activity(Versioned, LogEntry):
    """An activity or youth project run by a unit."""

    unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    kind = models.CharField(
        pgettext_lazy("activity", "kind"),
        max_length=20,
        choices=ActivityKind.choices,
        default=ActivityKind.OTHER,
    )

    history = HistoricalRecords()

    class Meta(LogEntry.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["unit", "held_on"])]
