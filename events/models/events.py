"""Events: something the union holds on a date, organised by a unit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionhub.core.versions import Versioned


class EventKind(models.TextChoices):
    DIALOGUE = "dialogue", _("Dialogue conference")
    CEREMONY = "ceremony", _("Ceremony")
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Meeting")
    ACTIVITY = "activity", _("Activity")


class Event(Versioned, models.Model):
    """Something the union holds on a date: a dialogue conference, a ceremony, a training…"""

    kind = models.CharField(
        pgettext_lazy("event", "kind"), max_length=16, choices=EventKind.choices
    )
    organiser = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    title = models.CharField(pgettext_lazy("event", "title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    # The digest of questions and answers sent after the event, as a numbered report (BC).
    digest_number = models.PositiveIntegerField(
        _("digest number"),
        null=True,
        blank=True,
        help_text=_("The number of the digest report: 25 prints as “Số: 25-BC/…”."),
    )
    digest_signer_title = models.CharField(
        _("digest signed as"), max_length=60, blank=True, default="BÍ THƯ"
    )
    digest_signer_name = models.CharField(_("digest signed by"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]
