"""Nominations, their scorecards, evidence files and transition log."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Unit, UnitLevel
from commendations.models import evidence_path, private_storage
from commendations.models.criteria import Criterion
from commendations.models.rounds import Honour, Round
from unionhub.core.transitions import Transition, status_fields
from unionhub.core.versions import Versioned


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed by the grassroots union")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for changes")


# The only moves a nomination can make. Who may make each move is in permissions/nominations.py;
# a branch's nomination must be endorsed before district review (services/reviews.py checks that).
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    NominationStatus.DRAFT: {NominationStatus.SUBMITTED},
    NominationStatus.SUBMITTED: {
        NominationStatus.ENDORSED,
        NominationStatus.APPROVED,
        NominationStatus.REJECTED,
        NominationStatus.RETURNED,
    },
    NominationStatus.ENDORSED: {
        NominationStatus.APPROVED,
        NominationStatus.REJECTED,
        NominationStatus.RETURNED,
    },
    NominationStatus.RETURNED: {NominationStatus.SUBMITTED},
    NominationStatus.APPROVED: set(),
    NominationStatus.REJECTED: set(),
}
EDITABLE_STATUSES = {NominationStatus.DRAFT, NominationStatus.RETURNED}


class Nomination(Versioned, models.Model):
    """A unit put forward for the round's honour of its level, with its 9-criterion scorecard."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="nominations"
    )
    honour = models.ForeignKey(
        Honour, verbose_name=_("honour"), on_delete=models.PROTECT, related_name="nominations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nominations"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
        db_index=True,
    )
    summary = models.TextField(_("achievement summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "honour__order", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="one_nomination_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.honour}"

    def get_absolute_url(self) -> str:
        return reverse("commendations:nomination", kwargs={"pk": self.pk})

    @property
    def return_note(self) -> str:
        """Why it was sent back, while it waits for the unit's changes."""
        if self.status != NominationStatus.RETURNED:
            return ""
        last = self.transitions.filter(to_status=NominationStatus.RETURNED).order_by("-at", "-pk")
        return last.values_list("note", flat=True).first() or ""

    @property
    def needs_endorsement(self) -> bool:
        """A branch under a grassroots union goes through that union; others go straight up."""
        return self.unit.level == UnitLevel.BRANCH

    @property
    def is_editable(self) -> bool:
        """Draft or returned: the unit may change its scorecard."""
        return self.status in EDITABLE_STATUSES

    @property
    def accepts_changes(self) -> bool:
        """The scorecard and evidence may change now: editable, in a round still open."""
        return self.is_editable and self.round.is_open

    @property
    def awaits_endorsement(self) -> bool:
        """A branch's submitted nomination, waiting for its grassroots union."""
        return self.needs_endorsement and self.status == NominationStatus.SUBMITTED

    @property
    def awaits_review(self) -> bool:
        """Ready for the district: endorsed, or submitted by a unit that needs no endorsement."""
        if self.status == NominationStatus.ENDORSED:
            return True
        return self.status == NominationStatus.SUBMITTED and not self.needs_endorsement


class NominationTransition(Transition):
    """One move of a nomination's status: kept for audit, never edited."""

    subject_field = "nomination"

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status, to_status = status_fields(NominationStatus)

    class Meta(Transition.Meta):
        verbose_name = _("nomination transition")
        verbose_name_plural = _("nomination transitions")


class Verdict(models.TextChoices):
    PENDING = "", _("Not reviewed")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class Assessment(models.Model):
    """One criterion of a nomination's scorecard: the unit's own view, then the reviewer's."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    self_met = models.BooleanField(_("met (self-assessed)"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    verdict = models.CharField(
        _("reviewer's verdict"), max_length=8, choices=Verdict.choices, blank=True, default=""
    )
    reviewer_comment = models.TextField(_("reviewer's comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["nomination", "criterion__order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="one_assessment_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} – {self.criterion.code}"

    @property
    def current_files(self) -> list["EvidenceFile"]:
        """The files attached now (from `files`, prefetched by the page)."""
        return [f for f in self.files.all() if f.removed_at is None]

    @property
    def removed_files(self) -> list["EvidenceFile"]:
        """Files removed from the scorecard: kept, with who removed them and when."""
        return [f for f in self.files.all() if f.removed_at is not None]


class EvidenceFile(models.Model):
    """A file attached to one criterion. Removing it keeps the row and the file, marked removed."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
