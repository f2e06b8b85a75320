"""The member register of a unit, and the transfers between registers."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionhub.core.text import fold
from unionhub.core.versions import Versioned

_LETTERS = re.compile(r"[a-z]+")


def member_sort_key(full_name: str) -> str:
    """A stored key that sorts like unionhub.core.text.person_sort_key in any database collation.

    Given name, then middle names, then family name. Words are joined with "1" and the three parts
    with "0": digits sort before letters in every collation, and, unlike spaces or punctuation,
    are never ignored by PostgreSQL's linguistic collations.
    """
    words = full_name.split()
    if not words:
        return ""
    given, family, middle = words[-1], words[0] if len(words) > 1 else "", words[1:-1]
    parts = [given, " ".join(middle), family]
    return "0".join("1".join(_LETTERS.findall(fold(part))) for part in parts)


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    TRANSFERRED = "transferred", _("Transferred out")
    GRADUATED = "graduated", _("Graduated (age limit)")
    REMOVED = "removed", _("Removed")


# A member who left can be re-admitted (a mistake corrected, or a member who came back).
MEMBER_TRANSITIONS: dict[str, set[str]] = {
    MemberStatus.ACTIVE: {MemberStatus.TRANSFERRED, MemberStatus.GRADUATED, MemberStatus.REMOVED},
    MemberStatus.TRANSFERRED: {MemberStatus.ACTIVE},
    MemberStatus.GRADUATED: {MemberStatus.ACTIVE},
    MemberStatus.REMOVED: {MemberStatus.ACTIVE},
}


class MemberQuerySet(models.QuerySet):
    def active(self) -> "MemberQuerySet":
        return self.filter(status=MemberStatus.ACTIVE)

    def in_units(self, units) -> "MemberQuerySet":
        return self.filter(unit__in=units)

    def below(self, unit) -> "MemberQuerySet":
        """Members on the register of `unit` or of a unit under it."""
        if unit.parent_id is None:
            # Every unit is under the one top unit: no join with the units to count them all.
            return self.all()
        return self.filter(unit__path__startswith=unit.path)

    def sorted(self) -> "MemberQuerySet":
        return self.order_by("sort_key", "full_name", "pk")


class Member(Versioned, models.Model):
    """A union member (đoàn viên) on the register of their home unit. Never deleted."""

    unit = models.ForeignKey(
        "branches.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # Many lists know only the year: it is kept as a year, never invented as 1 January.
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    joined_on = models.DateField(
        _("admitted on"), null=True, blank=True, help_text=_("The day the member joined the union.")
    )
    joined_year = models.PositiveSmallIntegerField(
        _("year admitted"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    card_number = models.CharField(_("card number"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    party_referred_on = models.DateField(_("recommended to the Party on"), null=True, blank=True)
    party_admitted_on = models.DateField(_("admitted to the Party on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    sort_key = models.CharField(max_length=200, editable=False, default="", db_index=True)
    search_text = models.TextField(editable=False, default="", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["sort_key", "search_text", "updated_at"])
    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["sort_key", "full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="active", left_on__isnull=True)
                | (~models.Q(status="active") & models.Q(left_on__isnull=False)),
                name="member_left_on_iff_left",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("branches:member", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def is_incomplete(self) -> bool:
        return not (self.birth_date and self.joined_on and self.card_number)

    def build_search_text(self) -> str:
        return fold(" ".join([self.full_name, self.card_number, self.phone, self.email]))

    @property
    def birth_known_year_only(self) -> bool:
        return self.birth_date is None and self.birth_year is not None

    @property
    def joined_known_year_only(self) -> bool:
        return self.joined_on is None and self.joined_year is not None

    def clean(self) -> None:
        super().clean()
        if self.birth_date and self.birth_year and self.birth_year != self.birth_date.year:
            raise ValidationError(
                {"birth_year": _("The year of birth is not the year of the date of birth.")}
            )
        if self.joined_on and self.joined_year and self.joined_year != self.joined_on.year:
            raise ValidationError(
                {"joined_year": _("The year admitted is not the year of the date admitted.")}
            )
        if self.birth_date and self.joined_on and self.joined_on < self.birth_date:
            raise ValidationError({"joined_on": _("A member cannot join before being born.")})
        born = self.birth_date.year if self.birth_date else self.birth_year
        joined = self.joined_on.year if self.joined_on else self.joined_year
        if born and joined and joined < born:
            field = "joined_on" if self.joined_on else "joined_year"
            raise ValidationError({field: _("A member cannot join before being born.")})
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("A member cannot leave before joining.")})
        if self.unit_id and self.unit.is_closed and self._state.adding:
            raise ValidationError({"unit": _("A closed unit cannot get new members.")})


class MemberTransfer(models.Model):
    """A move of a member from one unit's register to another's; kept for both units' history."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("from unit"),
        on_delete=models.PROTECT,
        related_name="transfers_out",
    )
    to_unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("to unit"),
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    transferred_on = models.DateField(_("transferred on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member transfer")
        verbose_name_plural = _("member transfers")
        ordering = ["-transferred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_unit=models.F("to_unit")), name="transfer_between_units"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.from_unit} → {self.to_unit}"
