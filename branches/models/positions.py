"""A unit's committee: who holds which seat, for which term."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models.members import Member
from unionhub.core.versions import Versioned


class PositionRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")


POSITION_ORDER = {
    PositionRole.SECRETARY: 0,
    PositionRole.DEPUTY_SECRETARY: 1,
    PositionRole.COMMITTEE_MEMBER: 2,
}


class Position(Versioned, models.Model):
    """A seat on a unit's committee for a term: held by a member of the register or a named person."""

    unit = models.ForeignKey(
        "branches.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    person_name = models.CharField(
        _("person's name"),
        max_length=120,
        blank=True,
        help_text=_("Only if the person is not on this unit's member register."),
    )
    role = models.CharField(_("position"), max_length=32, choices=PositionRole.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    started_on = models.DateField(_("term started on"))
    ended_on = models.DateField(_("term ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee position")
        verbose_name_plural = _("committee positions")
        ordering = ["ended_on", "role", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(member__isnull=True, person_name=""),
                name="position_has_a_person",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="position_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.holder_name}"

    @property
    def holder_name(self) -> str:
        return self.member.full_name if self.member_id else self.person_name

    @property
    def contact_phone(self) -> str:
        return self.phone or (self.member.phone if self.member_id else "")

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        super().clean()
        if not self.member_id and not self.person_name.strip():
            raise ValidationError({"person_name": _("Choose a member or write the person's name.")})
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A term cannot end before it starts.")})


def current_committee(unit, *, roles=(PositionRole.SECRETARY, PositionRole.DEPUTY_SECRETARY)):
    """The current holders of these seats on the unit's committee, secretary first: one query."""
    seats = Position.objects.filter(
        unit=unit, ended_on__isnull=True, role__in=roles
    ).select_related("member")
    return sorted(seats, key=lambda p: (POSITION_ORDER[p.role], p.started_on))
