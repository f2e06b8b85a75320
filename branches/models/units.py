"""The organisation tree: one unit per node, with a materialised path for "everything below"."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionhub.core.text import fold
from unionhub.core.versions import Versioned

PATH_SEGMENT = 8  # digits of one unit's id in a materialised path: "00000001/00000015/"


class UnitLevel(models.TextChoices):
    CITY_UNION = "city_union", _("City union")
    DISTRICT_UNION = "district_union", _("District union")
    GRASSROOTS_UNION = "grassroots_union", _("Grassroots union")
    GRASSROOTS_BRANCH = "grassroots_branch", _("Grassroots-level branch")
    BRANCH = "branch", _("Branch")


class UnitArea(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    WARD = "ward", _("Ward")
    SCHOOL = "school", _("School")
    AGENCY = "agency", _("Agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    OTHER = "other", _("Other")


# Which levels a unit of each level may sit under; None means "may be the top unit".
ALLOWED_PARENT_LEVELS: dict[str, set[str | None]] = {
    UnitLevel.CITY_UNION: {None},
    UnitLevel.DISTRICT_UNION: {None, UnitLevel.CITY_UNION},
    UnitLevel.GRASSROOTS_UNION: {None, UnitLevel.CITY_UNION, UnitLevel.DISTRICT_UNION},
    UnitLevel.GRASSROOTS_BRANCH: {UnitLevel.CITY_UNION, UnitLevel.DISTRICT_UNION},
    UnitLevel.BRANCH: {UnitLevel.GRASSROOTS_UNION},
}


def child_levels(level: str) -> list[str]:
    """The levels a unit of `level` may have under it."""
    return [child for child, parents in ALLOWED_PARENT_LEVELS.items() if level in parents]


class UnitQuerySet(models.QuerySet):
    def open(self) -> "UnitQuerySet":
        return self.filter(closed_on__isnull=True)

    def below(self, unit: "Unit", *, include_self: bool = True) -> "UnitQuerySet":
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def like(self, unit: "Unit") -> "UnitQuerySet":
        """The unit's open siblings of the same level and area (itself excluded)."""
        return (
            self.open()
            .filter(parent_id=unit.parent_id, level=unit.level, area=unit.area)
            .exclude(pk=unit.pk)
        )


class Unit(Versioned, models.Model):
    """One node of the organisation tree: the top union, a grassroots union or a branch."""

    level = models.CharField(_("level"), max_length=32, choices=UnitLevel.choices)
    area = models.CharField(
        _("area"), max_length=32, choices=UnitArea.choices, default=UnitArea.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(
        _("path"), max_length=255, db_index=True, editable=False, blank=True, default=""
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A stable identifier used by imports; letters, digits and hyphens."),
    )
    ward = models.CharField(_("ward"), max_length=100, blank=True)
    neighbourhood = models.CharField(_("neighbourhood (khu phố)"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The unit this one was merged into."),
    )
    # The top unit's letterhead, printed on decisions, lists and certificates.
    letterhead_superior = models.CharField(
        _("letterhead: superior line"),
        max_length=120,
        blank=True,
        help_text=_("For example: BCH ĐOÀN TP. HỒ CHÍ MINH"),
    )
    letterhead_name = models.CharField(
        _("letterhead: own name line"),
        max_length=120,
        blank=True,
        help_text=_("For example: BCH QUẬN TÂN BÌNH"),
    )
    issuer_code = models.CharField(
        _("document issuer code"),
        max_length=20,
        blank=True,
        help_text=_("For example: QĐTB, as in “Số: 12-QĐ/QĐTB”"),
    )
    place_name = models.CharField(
        _("place name"),
        max_length=80,
        blank=True,
        help_text=_("For the place-and-date line, for example: Tân Bình"),
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(successor=models.F("pk")), name="unit_not_own_successor"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(founded_on__isnull=True)
                | models.Q(closed_on__gte=models.F("founded_on")),
                name="unit_closed_after_founded",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "area"]),
            # Kept figures that name units are counted again once a unit changes: the sum of
            # the units' versions is read from this index alone (unionhub/core/fingerprints.py).
            models.Index(fields=["version"], name="unit_version"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("branches:unit", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def is_top(self) -> bool:
        return self.parent_id is None

    def ancestor_ids(self) -> list[int]:
        """Ids of the units above this one, top first."""
        return [int(seg) for seg in self.path.split("/") if seg][:-1]

    def ancestors(self) -> list["Unit"]:
        ids = self.ancestor_ids()
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def build_search_text(self) -> str:
        return fold(
            " ".join([self.name, self.short_name, self.code, self.ward, self.neighbourhood])
        )

    def clean(self) -> None:
        super().clean()
        parent_level = self.parent.level if self.parent_id else None
        allowed = ALLOWED_PARENT_LEVELS.get(self.level, set())
        if parent_level not in allowed:
            if parent_level is None:
                raise ValidationError({"parent": _("A unit of this level needs a parent unit.")})
            raise ValidationError(
                {
                    "parent": _(
                        "A unit of level “%(level)s” cannot be placed under a unit of level “%(parent)s”."
                    )
                    % {
                        "level": self.get_level_display(),
                        "parent": self.parent.get_level_display(),
                    }
                }
            )
        if self.parent_id is None:
            others = Unit.objects.filter(parent__isnull=True).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"parent": _("There is already a top unit; choose a parent unit.")}
                )
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("A unit cannot be moved under itself.")})
        if self.parent_id and self.parent.is_closed and not self.is_closed:
            raise ValidationError({"parent": _("The parent unit is closed.")})
        if self.founded_on and self.closed_on and self.closed_on < self.founded_on:
            raise ValidationError({"closed_on": _("A unit cannot close before it was founded.")})
