"""Rounds and the honours awarded in them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from branches.models import UnitLevel
from commendations.models import image_path, private_storage
from commendations.models.criteria import CriteriaSet
from unionhub.core.versions import Versioned


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for nominations")
    CLOSED = "closed", _("Closed")


class RoundPhase(models.TextChoices):
    """Where a round stands, read from its dates, its decision and its status."""

    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open for nominations")
    REVIEWING = "reviewing", _("Nominations closed, under review")
    DECIDED = "decided", _("Decision issued")
    CLOSED = "closed", _("Closed")


class RoundQuerySet(models.QuerySet):
    def open(self) -> "RoundQuerySet":
        """Rounds not closed by staff: nominations may still be corrected, reviewed, awarded."""
        return self.filter(status=RoundStatus.OPEN)

    def taking_nominations(self, today=None) -> "RoundQuerySet":
        """Open rounds between their opening and closing dates, with no decision issued yet."""
        today = today or timezone.localdate()
        return (
            self.open()
            .filter(opens_on__lte=today, closes_on__gte=today)
            .exclude(decisions__status="issued")
        )


class Round(Versioned, models.Model):
    """A yearly commendation round with its criteria set and its honours."""

    title = models.CharField(pgettext_lazy("round", "title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="rounds"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    achievement_line = models.CharField(
        _("achievement line"),
        max_length=300,
        blank=True,
        help_text=_("Printed on each certificate; left empty, it names the criteria and the year."),
    )
    background_image = models.ImageField(
        _("certificate background"),
        storage=private_storage,
        upload_to=image_path,
        blank=True,
    )
    signature_image = models.ImageField(
        _("signature image"), storage=private_storage, upload_to=image_path, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation round")
        verbose_name_plural = _("commendation rounds")
        ordering = ["-year", "-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="round_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commendations:round", kwargs={"pk": self.pk})

    @cached_property
    def is_decided(self) -> bool:
        return self.decisions.filter(status="issued").exists()

    @property
    def is_open(self) -> bool:
        """Not closed by staff: nominations may still be corrected, reviewed and awarded."""
        return self.status == RoundStatus.OPEN

    @property
    def takes_nominations(self) -> bool:
        """Open, today between the opening and closing dates, no decision yet: units nominate."""
        today = timezone.localdate()
        return self.is_open and self.opens_on <= today <= self.closes_on and not self.is_decided

    @property
    def phase(self) -> str:
        if self.is_decided:
            return RoundPhase.DECIDED
        if self.status == RoundStatus.CLOSED:
            return RoundPhase.CLOSED
        today = timezone.localdate()
        if today < self.opens_on:
            return RoundPhase.UPCOMING
        return RoundPhase.OPEN if today <= self.closes_on else RoundPhase.REVIEWING

    def get_phase_display(self) -> str:
        return str(RoundPhase(self.phase).label)

    def certificate_line(self) -> str:
        if self.achievement_line:
            return self.achievement_line
        return (
            "Đã có thành tích tiêu biểu trong thực hiện tiêu chí "
            f"“{self.criteria_set.name}” năm {self.year}"
        )


class Honour(Versioned, models.Model):
    """A title awarded in a round, for one level of unit, with an optional quota."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="honours"
    )
    title = models.CharField(
        pgettext_lazy("honour", "title"),
        max_length=200,
        help_text=_("For example: Chi đoàn mạnh tiêu biểu"),
    )
    unit_level = models.CharField(_("for units of level"), max_length=32, choices=UnitLevel.choices)
    list_heading = models.CharField(
        _("heading in the list"),
        max_length=120,
        help_text=_("The group heading in the printed list, for example: Chi đoàn trực thuộc"),
    )
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["round", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit_level"], name="one_honour_per_level"),
        ]

    def __str__(self) -> str:
        return self.title
