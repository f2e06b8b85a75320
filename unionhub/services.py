"""Services shared by every app."""

from django.db import transaction

from unionhub.models import ExportLog


@transaction.atomic
def log_export(
    *, by, kind: str, unit=None, row_count: int = 0, detail: str = "", file_format: str = "xlsx"
) -> ExportLog:
    """Record an export or print of personal data (who, when, which unit, how many rows)."""
    entry = ExportLog(
        user=by,
        kind=kind,
        unit=unit,
        row_count=row_count,
        detail=detail[:255],
        file_format=file_format,
    )
    entry.full_clean()
    entry.save()
    return entry
