"""A unit's own records: the member register, transfers, committee seats, meetings and activities.

Imported at the end of branches/models.py, so these are models of the `branches` app.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionhub.core.text import fold

__all__ = [
    "member_sort_key",
    "Gender",
    "MemberStatus",
    "MEMBER_TRANSITIONS",
    "MemberQuerySet",
    "Member",
    "MemberTransfer",
    "PositionRole",
    "POSITION_ORDER",
    "Position",
    "MeetingKind",
    "ActivityKind",
    "Meeting",
    "Activity",
]

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

    def sorted(self) -> "MemberQuerySet":
        return self.order_by("sort_key", "full_name", "pk")


class Member(models.Model):
    """A union member (đoàn viên) on the register of their home unit. Never deleted."""

    unit = models.ForeignKey(
        "branches.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    joined_on = models.DateField(
        _("admitted on"), null=True, blank=True, help_text=_("The day the member joined the union.")
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
    # Bumped by every save; a form carries the version it was opened at (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=1)
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
        return reverse("records:member", kwargs={"pk": self.pk})

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

    def clean(self) -> None:
        super().clean()
        if self.birth_date and self.joined_on and self.joined_on < self.birth_date:
            raise ValidationError({"joined_on": _("A member cannot join before being born.")})
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


class PositionRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")


POSITION_ORDER = {
    PositionRole.SECRETARY: 0,
    PositionRole.DEPUTY_SECRETARY: 1,
    PositionRole.COMMITTEE_MEMBER: 2,
}


class Position(models.Model):
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


class Meeting(LogEntry):
    """A branch meeting (sinh hoạt chi đoàn)."""

    unit = models.ForeignKey(
        "branches.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.REGULAR
    )

    history = HistoricalRecords()

    class Meta(LogEntry.Meta):
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["unit", "held_on"])]


class Activity(LogEntry):
    """An activity or youth project run by a unit."""

    unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.OTHER
    )

    history = HistoricalRecords()

    class Meta(LogEntry.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["unit", "held_on"])]
