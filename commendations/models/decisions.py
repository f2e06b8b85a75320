"""Decisions and the awards they make."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Unit
from commendations.models import DECISION_TYPE, new_verification_code
from commendations.models.nominations import Nomination
from commendations.models.rounds import Round
from unionhub.core.versions import Versioned


class DecisionStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")


class Decision(Versioned, models.Model):
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
    # The certificate's QR code, made once per award (and again only if the site's address
    # changes): printing 500 certificates then makes no QR code at all.
    qr_url = models.CharField(max_length=300, blank=True, editable=False)
    qr_image = models.TextField(blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["qr_url", "qr_image"])

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
        """ "Chi đoàn Khu phố 3 – Đoàn Phường 10"; a unit straight under the top stands alone."""
        return (
            f"{self.recipient_name} – {self.parent_name}"
            if self.parent_name
            else self.recipient_name
        )

    @property
    def verify_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse(
            "verify", kwargs={"code": self.verification_code}
        )
