"""Every file a user downloads is a named exporter, rendered by one function that logs it.

An exporter (pretix's idea) is a permission-scoped row generator plus a title. It is built from the
user and plain parameters (ids, filters), so the same exporter runs in a request or in a
background job, and it fetches what it prints through the app's permission helpers: a user who may
not see the records gets 404 from the constructor. `export_response()` renders it, writes the
export log (who, when, what, which unit, how many rows) and sets the download headers.
"""

from collections.abc import Iterable
from io import BytesIO
from typing import ClassVar

from django.http import HttpResponse
from openpyxl import Workbook

from unionhub.core.exportlog import log_export
from unionhub.core.xlsx import XLSX_MIME, Sheet, content_disposition, write_sheet

EXPORTERS: dict[str, type["Exporter"]] = {}


def register(cls: type["Exporter"]) -> type["Exporter"]:
    """Class decorator: make the exporter known by its identifier (jobs and tests find it here)."""
    if not cls.identifier:
        raise ValueError(f"{cls.__name__} has no identifier")
    if cls.identifier in EXPORTERS and EXPORTERS[cls.identifier] is not cls:
        raise ValueError(f"Two exporters are named {cls.identifier!r}")
    EXPORTERS[cls.identifier] = cls
    return cls


class Exporter:
    """One kind of file: what it is called, whom it is for, and how its bytes are made."""

    identifier: ClassVar[str] = ""
    title: ClassVar[str] = ""
    file_format: ClassVar[str] = "xlsx"
    content_type: ClassVar[str] = XLSX_MIME
    inline: ClassVar[bool] = False
    # The setting that says how many records make the file a background job.
    job_threshold_setting: ClassVar[str] = "JOB_EXPORT_THRESHOLD"

    def __init__(self, *, user, **params) -> None:
        self.user = user
        self.params = params

    def log_unit(self):
        """The unit the file is about, for the export log (None when it spans several)."""
        return None

    def log_detail(self) -> str:
        return ""

    def filename(self) -> str:
        return f"{self.title}.{self.file_format}"

    def count(self) -> int | None:
        """How many records the file will hold, if cheap to know: large files become jobs."""
        return None

    def render(self, *, progress=None) -> tuple[bytes, int]:
        """The file's bytes and how many records it holds; `progress(n)` is told as rows go."""
        raise NotImplementedError


class XlsxExporter(Exporter):
    """An Excel file: `sheets()` yields the sheets, each with its rows (a generator is fine)."""

    def sheets(self) -> Iterable[Sheet]:
        raise NotImplementedError

    def render(self, *, progress=None) -> tuple[bytes, int]:
        wb = Workbook(write_only=True)
        count = 0
        for sheet in self.sheets():
            count += write_sheet(wb, sheet, progress=progress)
        buffer = BytesIO()
        wb.save(buffer)
        return buffer.getvalue(), count


class PdfExporter(Exporter):
    """A PDF document; `render()` returns its bytes and how many records it prints."""

    file_format: ClassVar[str] = "pdf"
    content_type: ClassVar[str] = "application/pdf"
    inline: ClassVar[bool] = True
    job_threshold_setting: ClassVar[str] = "JOB_DOCUMENT_THRESHOLD"


def log_exporter(exporter: Exporter, *, row_count: int) -> None:
    log_export(
        by=exporter.user,
        kind=str(exporter.title),
        unit=exporter.log_unit(),
        row_count=row_count,
        detail=exporter.log_detail(),
        file_format=exporter.file_format,
    )


def file_response(
    content: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A download: RFC 6266 file name, never cached."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_response(exporter: Exporter) -> HttpResponse:
    """Render the exporter, log the export, and answer with the file."""
    content, row_count = exporter.render()
    log_exporter(exporter, row_count=row_count)
    return file_response(
        content,
        filename=exporter.filename(),
        content_type=exporter.content_type,
        inline=exporter.inline,
    )
