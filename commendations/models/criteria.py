"""Criteria sets: versioned lists of criteria such as "3 nắm, 3 biết, 3 làm"."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionhub.core.versions import Versioned


class CriterionGroup(models.TextChoices):
    NAM = "nam", _("Grasp (nắm)")
    BIET = "biet", _("Know (biết)")
    LAM = "lam", _("Do (làm)")


class CriteriaSet(models.Model):
    """One version of a set of criteria; a round keeps the version it was run with.

    `version` is the set's wording version ("v2"); edits are guarded by `lock_version`.
    """

    version_field = "lock_version"

    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("The guidance the wording comes from, for example: 12/HD-TV, 08/5/2003"),
    )
    is_active = models.BooleanField(_("offered for new rounds"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="criteria_set_name_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("commendations:criteria_set", kwargs={"pk": self.pk})


class Criterion(Versioned, models.Model):
    """One criterion of a set, such as N1 "Nắm đoàn viên"."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    group = models.CharField(_("group"), max_length=8, choices=CriterionGroup.choices)
    code = models.CharField(_("code"), max_length=8, help_text=_("For example: N1"))
    title = models.CharField(pgettext_lazy("criterion", "title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_per_set"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"
