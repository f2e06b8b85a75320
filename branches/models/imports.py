"""Imports from the union's own spreadsheets: each upload is one record, kept as the import log."""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhub.core.storage import private_storage
from unionhub.core.transitions import Transition, status_fields


class ImportKind(models.TextChoices):
    MEMBERS = "members", _("Members")
    UNITS = "units", _("Units")


class ImportState(models.TextChoices):
    READY = "ready", _("Checked, waiting for confirmation")
    REFUSED = "refused", _("Rows refused")
    APPLYING = "applying", _("Being written")
    APPLIED = "applied", _("Written")
    FAILED = "failed", _("Failed")


# A check can be run again (a corrected column mapping) until the import is written; a write that
# finds a refused row, or fails, writes nothing and the import can be confirmed again.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    ImportState.READY: {ImportState.REFUSED, ImportState.APPLYING, ImportState.APPLIED},
    ImportState.REFUSED: {ImportState.READY},
    ImportState.APPLYING: {ImportState.APPLIED, ImportState.REFUSED, ImportState.FAILED},
    ImportState.FAILED: {ImportState.APPLYING, ImportState.APPLIED, ImportState.REFUSED},
    ImportState.APPLIED: set(),
}
CHECKED_STATES = (ImportState.READY, ImportState.REFUSED)


def _import_file_path(instance: "Import", filename: str) -> str:
    stamp = timezone.now().strftime("%Y/%m")
    return f"imports/{stamp}/{instance.unit_id}-{instance.kind}{Path(filename).suffix.lower()}"


class Import(models.Model):
    """One uploaded list: who, when, which unit, the file, its column mapping, check and outcome."""

    kind = models.CharField(
        pgettext_lazy("import", "kind"), max_length=10, choices=ImportKind.choices
    )
    unit = models.ForeignKey(
        "branches.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="imports",
        help_text=_("Members go onto this unit's register; units go under it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    file = models.FileField(_("file"), storage=private_storage, upload_to=_import_file_path)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    # The columns found in the file, in order (their header as written), and what each holds.
    columns = models.JSONField(_("columns"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    sheets = models.JSONField(_("sheets read"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ImportState.choices, default=ImportState.READY
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    refused_count = models.PositiveIntegerField(_("refused"), default=0)
    # Every refused cell: sheet, row (as the spreadsheet numbers it), column header, value, reason.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # A sample of what the confirmation will change, for the preview.
    changes = models.JSONField(_("changes"), default=list, blank=True)
    # The register (or tree) as it was checked: a confirmation finding it unchanged need not
    # check every row against its rules again.
    checked_against = models.JSONField(_("checked against"), default=dict, blank=True)
    # What the confirmation will write (members): kept from the check until it is written.
    planned = models.JSONField(_("planned changes"), null=True, blank=True, editable=False)
    job = models.ForeignKey(
        "unionhub.Job",
        verbose_name=_("background job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-created_at"], name="import_unit_recent")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("branches:import", kwargs={"pk": self.pk})

    @property
    def is_checked(self) -> bool:
        return self.state in CHECKED_STATES

    @property
    def can_confirm(self) -> bool:
        return self.state in (ImportState.READY, ImportState.FAILED) and not self.refused_count

    @property
    def is_members(self) -> bool:
        return self.kind == ImportKind.MEMBERS


class ImportTransition(Transition):
    """An import's change of state: who confirmed it, when it was written or refused."""

    subject_field = "import_record"

    import_record = models.ForeignKey(
        Import, verbose_name=_("import"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status, to_status = status_fields(ImportState)

    class Meta(Transition.Meta):
        verbose_name = _("import state change")
        verbose_name_plural = _("import state changes")
