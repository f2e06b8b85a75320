"""The export log: who exported or printed which personal data, when (kept for the personal-data law)."""

from django.conf import settings
from django.db import models, transaction
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
        app_label = "unionhub"
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.kind}"


@transaction.atomic
def log_export(
    *, by, kind: str, unit=None, row_count: int = 0, detail: str = "", file_format: str = "xlsx"
) -> ExportLog:
    """Record an export or print of personal data (who, when, which unit, how many rows)."""
    entry = ExportLog(
        user=by,
        kind=str(kind)[:80],
        unit=unit,
        row_count=row_count,
        detail=str(detail)[:255],
        file_format=file_format,
    )
    entry.full_clean()
    entry.save()
    return entry
