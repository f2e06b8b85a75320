"""Invitations: who is invited to an event, who replied, who came."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models.events import Event
from unionhub.core.versions import Versioned


class Reply(models.TextChoices):
    PENDING = "pending", _("Not replied yet")
    YES = "yes", _("Attending")
    NO = "no", _("Not attending")


def new_checkin_code() -> str:
    """An unguessable personal check-in code (128 random bits)."""
    return secrets.token_urlsafe(16)


class Invitation(Versioned, models.Model):
    """An invited unit (addressed to its secretary) or a named guest, with reply and check-in."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    guest_name = models.CharField(_("guest's name"), max_length=150, blank=True)
    guest_position = models.CharField(_("position"), max_length=150, blank=True)
    guest_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    reply = models.CharField(_("reply"), max_length=8, choices=Reply.choices, default=Reply.PENDING)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.CharField(
        _("check-in code"), max_length=32, unique=True, default=new_checkin_code, editable=False
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "unit"],
                condition=models.Q(unit__isnull=False),
                name="one_invitation_per_event_and_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | ~models.Q(guest_name=""),
                name="invitation_has_unit_or_guest",
            ),
        ]
        # The response rate is kept until an invitation changes (unionhub/core/fingerprints.py).
        indexes = [models.Index(fields=["event", "version"], name="invitation_event_version")]

    def __str__(self) -> str:
        return self.invitee_name

    def get_absolute_url(self) -> str:
        return reverse("events:invitation", kwargs={"pk": self.pk})

    @property
    def is_guest(self) -> bool:
        return self.unit_id is None

    @property
    def invitee_name(self) -> str:
        return self.guest_name if self.is_guest else self.unit.name

    @property
    def invitee_detail(self) -> str:
        """The guest's position and organisation, or the unit's parent."""
        if self.is_guest:
            return ", ".join(p for p in (self.guest_position, self.guest_organisation) if p)
        return self.unit.parent.name if self.unit.parent_id else ""

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None
