"""The public checks of awards on the verify page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from commendations.models.decisions import Award

__all__ = ["VerificationCheck"]


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
        # The rate limit counts an address's checks of the last minute.
        indexes = [models.Index(fields=["ip_hash", "at"], name="verify_check_ip_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.code}"
