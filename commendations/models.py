"""Commendation rounds under "3 nắm, 3 biết, 3 làm": criteria, nominations, decisions, awards."""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Unit, UnitLevel

DECISION_TYPE = "QĐ"  # the document type code in "Số: 123-QĐ/QĐTB"


class PrivateStorage(FileSystemStorage):
    """Uploaded evidence and images: under MEDIA_ROOT/private, served only by views that check
    permission, never from a public media URL."""

    @property
    def base_location(self) -> str:
        return os.path.join(settings.MEDIA_ROOT, "private")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str) -> str:
        raise NotImplementedError("Private files have no public URL; use the permission-checked view.")


_PRIVATE_STORAGE = PrivateStorage()


def private_storage() -> FileSystemStorage:
    return _PRIVATE_STORAGE


def _random_name(folder: str, filename: str) -> str:
    # The stored name tells nothing about the file and cannot be guessed; the original name is kept
    # in the database for display.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"commendations/{folder}/{secrets.token_hex(16)}.{extension[:5]}"


def evidence_path(instance, filename: str) -> str:
    return _random_name("evidence", filename)


def image_path(instance, filename: str) -> str:
    return _random_name("images", filename)


# --- criteria -------------------------------------------------------------------------------


class CriterionGroup(models.TextChoices):
    NAM = "nam", _("Grasp (nắm)")
    BIET = "biet", _("Know (biết)")
    LAM = "lam", _("Do (làm)")


class CriteriaSet(models.Model):
    """One version of a set of criteria; a round keeps the version it was run with."""

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

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="criteria_set_name_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    group = models.CharField(_("group"), max_length=8, choices=CriterionGroup.choices)
    code = models.CharField(_("code"), max_length=8, help_text=_("For example: N1"))
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_per_set"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


# --- rounds and honours ---------------------------------------------------------------------


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for nominations")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    """A yearly commendation round with its criteria set and its honours."""

    title = models.CharField(_("title"), max_length=300)
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

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    def certificate_line(self) -> str:
        if self.achievement_line:
            return self.achievement_line
        return (
            "Đã có thành tích tiêu biểu trong thực hiện tiêu chí "
            f"“{self.criteria_set.name}” năm {self.year}"
        )


class Honour(models.Model):
    """A title awarded in a round, for one level of unit, with an optional quota."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="honours"
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For example: Chi đoàn mạnh tiêu biểu")
    )
    unit_level = models.CharField(_("for units of level"), max_length=32, choices=UnitLevel.choices)
    list_heading = models.CharField(
        _("heading in the list"),
        max_length=120,
        help_text=_("The group heading in the printed list, for example: Chi đoàn trực thuộc"),
    )
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["round", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit_level"], name="one_honour_per_level"),
        ]

    def __str__(self) -> str:
        return self.title


# --- nominations ----------------------------------------------------------------------------


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed by the grassroots union")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for changes")


# The only moves a nomination can make. Who may make each move is in permissions.py; a branch's
# nomination must be endorsed before district review (services.py checks that).
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


class Nomination(models.Model):
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
    # Bumped on every scorecard save: a form posted from an older copy is refused, not merged.
    version = models.PositiveIntegerField(_("version"), default=1)
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
    def needs_endorsement(self) -> bool:
        """A branch under a grassroots union goes through that union; others go straight up."""
        return self.unit.level == UnitLevel.BRANCH

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class NominationTransition(models.Model):
    """One move of a nomination's status: kept for audit, never edited."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=16, choices=NominationStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=NominationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("nomination transition")
        verbose_name_plural = _("nomination transitions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.from_status} → {self.to_status}"


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


class EvidenceFile(models.Model):
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

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


# --- decisions and awards -------------------------------------------------------------------


class DecisionStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")


class Decision(models.Model):
    """The numbered decision that turns a round's approved nominations into awards."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="decisions"
    )
    issuer = models.ForeignKey(
        Unit, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    signed_on = models.DateField(_("signed on"))
    signer_name = models.CharField(_("signer's name"), max_length=120)
    signer_title = models.CharField(
        _("signer's title"), max_length=60, default="BÍ THƯ", help_text=_("BÍ THƯ or PHÓ BÍ THƯ")
    )
    on_behalf = models.CharField(_("on-behalf line"), max_length=120, default="TM. BAN THƯỜNG VỤ")
    subject = models.CharField(_("subject"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.ISSUED
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-year", "-number"]
        constraints = [
            # Numbering restarts each year per issuer; a revoked decision keeps its number in the
            # register, and the number is never handed out again (services propose max + 1).
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=~Q(status="revoked"),
                name="decision_number_per_issuer_year",
            ),
        ]

    def __str__(self) -> str:
        return self.number_display

    def get_absolute_url(self) -> str:
        return reverse("commendations:decision", kwargs={"pk": self.pk})

    @property
    def number_display(self) -> str:
        """`123-QĐ/QĐTB`, as on the document (without the leading "Số:")."""
        issuer_code = self.issuer.issuer_code if self.issuer_id else ""
        return f"{self.number}-{DECISION_TYPE}/{issuer_code}" if issuer_code else str(self.number)

    @property
    def is_issued(self) -> bool:
        return self.status == DecisionStatus.ISSUED


def new_verification_code() -> str:
    return secrets.token_urlsafe(16)


class Award(models.Model):
    """One unit commended by a decision, with what its certificate prints, frozen at issue time."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="awards"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="awards"
    )
    sequence = models.PositiveIntegerField(_("number in the decision"))
    register_number = models.CharField(_("register number"), max_length=40)
    verification_code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code
    )
    # Copied from the unit and the honour when the decision is issued: a later rename of the unit
    # must not change what a signed certificate says.
    recipient_name = models.CharField(_("recipient"), max_length=200)
    parent_name = models.CharField(_("parent unit"), max_length=200, blank=True)
    honour_title = models.CharField(_("honour"), max_length=200)
    list_heading = models.CharField(_("heading in the list"), max_length=120)
    honour_order = models.PositiveSmallIntegerField(_("honour order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["decision", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "nomination"], name="one_award_per_nomination_per_decision"
            ),
            models.UniqueConstraint(fields=["decision", "sequence"], name="award_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.register_number} {self.recipient_name}"

    def get_absolute_url(self) -> str:
        return reverse("commendations:award", kwargs={"pk": self.pk})

    @property
    def recipient_line(self) -> str:
        """"Chi đoàn Khu phố 3 – Đoàn Phường 10"; a unit straight under the top stands alone."""
        return f"{self.recipient_name} – {self.parent_name}" if self.parent_name else self.recipient_name

    @property
    def verify_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse(
            "verify", kwargs={"code": self.verification_code}
        )


class VerificationCheck(models.Model):
    """One look-up on the public verify page: kept to spot forgeries and abuse."""

    code = models.CharField(_("code tried"), max_length=64)
    award = models.ForeignKey(
        Award,
        verbose_name=_("award"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checks",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    # A keyed hash, not the address: enough to count repeats, not to identify the person.
    ip_hash = models.CharField(_("IP address (hashed)"), max_length=64, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("verification check")
        verbose_name_plural = _("verification checks")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.code}"
