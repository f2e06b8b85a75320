from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportLog(models.Model):
    """Who exported or printed which personal data, when: kept for the personal-data law."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="export_logs",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what"), max_length=80, help_text=_("For example: member list"))
    unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="export_logs",
    )
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    file_format = models.CharField(_("format"), max_length=10, default="xlsx")

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.kind}"
