"""Periodic reports: a period opened by district staff for a set of units, one report per unit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionhub.core.transitions import Transition, status_fields
from unionhub.core.versions import Versioned


class ReportPeriod(models.Model):
    """A reporting period such as "Quý I/2021", with a due date, for a chosen set of units."""

    title = models.CharField(
        pgettext_lazy("report period", "title"),
        max_length=120,
        help_text=_("For example: Quý I/2021"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    due_on = models.DateField(_("due on"))
    units = models.ManyToManyField(
        "branches.Unit", verbose_name=_("units"), related_name="report_periods"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report period")
        verbose_name_plural = _("report periods")
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("branches:board", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A period cannot end before it starts.")})
        if self.ends_on and self.due_on and self.due_on < self.ends_on:
            raise ValidationError({"due_on": _("The due date cannot be before the period ends.")})


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
    # Back to draft: the unit recalls it before the due date (and before anyone returned it).
    ReportStatus.SUBMITTED: {ReportStatus.RETURNED, ReportStatus.DRAFT},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
}
EDITABLE_STATUSES = {ReportStatus.DRAFT, ReportStatus.RETURNED}


# The figures a branch reports, in the order of the form.
FIGURE_FIELDS = [
    "members_total",
    "members_female",
    "admissions",
    "transfers_in",
    "transfers_out",
    "graduations",
    "removals",
    "cards_issued",
    "youth_in_area",
    "youth_gathered",
    "children",
    "party_referrals",
    "party_admissions",
    "meetings_held",
    "activities_held",
    "youth_projects",
    "dues_collected",
]


def _figure(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class UnitReport(Versioned, models.Model):
    """One unit's report for one period: figures, difficulties and proposals."""

    period = models.ForeignKey(
        ReportPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        "branches.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    members_total = _figure(_("members"))
    members_female = _figure(_("female members"))
    admissions = _figure(_("new admissions"))
    transfers_in = _figure(_("transfers in"))
    transfers_out = _figure(_("transfers out"))
    graduations = _figure(_("graduations (age limit)"))
    removals = _figure(_("removals"))
    cards_issued = _figure(_("member cards issued"))
    youth_in_area = _figure(_("young people (16–30) in the area"))
    youth_gathered = _figure(_("young people gathered into activities"))
    children = _figure(_("children in the area"))
    party_referrals = _figure(_("members recommended to the Party"))
    party_admissions = _figure(_("members admitted to the Party"))
    meetings_held = _figure(_("meetings held"))
    activities_held = _figure(_("activities held"))
    youth_projects = _figure(_("youth projects"))
    dues_collected = models.PositiveBigIntegerField(_("dues collected (VND)"), default=0)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_comment = models.TextField(_("comment for correction"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["period", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_report_per_unit_period"),
            models.CheckConstraint(
                condition=models.Q(members_female__lte=models.F("members_total")),
                name="report_female_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(youth_gathered__lte=models.F("youth_in_area")),
                name="report_gathered_within_youth",
            ),
        ]
        # A period's board and totals are kept until its reports change: their count and the
        # sum of their versions are read from this index alone (unionhub/core/fingerprints.py).
        indexes = [models.Index(fields=["period", "version"], name="report_period_version")]

    def __str__(self) -> str:
        return f"{self.period} – {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("branches:report", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def can_be_recalled(self) -> bool:
        """The unit may take it back: submitted, not returned since, and the due date not passed."""
        return self.status == ReportStatus.SUBMITTED and timezone.localdate() <= self.period.due_on

    @property
    def is_late(self) -> bool:
        """Filed after the due date (judged by the first submission, not a corrected one)."""
        if self.first_submitted_at is None:
            return False
        return timezone.localdate(self.first_submitted_at) > self.period.due_on

    def clean(self) -> None:
        super().clean()
        if self.members_female > self.members_total:
            raise ValidationError(
                {"members_female": _("Female members cannot be more than all members.")}
            )
        if self.youth_gathered > self.youth_in_area:
            raise ValidationError(
                {
                    "youth_gathered": _(
                        "Young people gathered cannot be more than the young people in the area."
                    )
                }
            )


class ReportTransition(Transition):
    """A report's change of status: who, when, from, to, and the comment (kept for audit)."""

    subject_field = "report"

    report = models.ForeignKey(
        UnitReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status, to_status = status_fields(ReportStatus)

    class Meta(Transition.Meta):
        verbose_name = _("report status change")
        verbose_name_plural = _("report status changes")
