"""Uploaded files: the content decides the type, never the name the browser sent; and how the
private files are served back (their real type, never cached, never run as a page)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OCTET_STREAM = "application/octet-stream"


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


# Magic bytes at the start of each accepted type: (test, content type, extension).
_SIGNATURES = [
    (lambda head: head.startswith(b"%PDF-"), "application/pdf", "pdf"),
    (lambda head: head.startswith(b"\xff\xd8\xff"), "image/jpeg", "jpg"),
    (lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), "image/png", "png"),
    (_is_webp, "image/webp", "webp"),
]
EVIDENCE_TYPES = {"application/pdf", "image/jpeg", "image/png"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}


def sniff_bytes(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from a file's first bytes, or None if it is none of ours."""
    for test, content_type, extension in _SIGNATURES:
        if test(head):
            return content_type, extension
    return None


def sniff(upload) -> tuple[str, str] | None:
    """(content type, extension) of an upload or stored file, from its first bytes."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return sniff_bytes(head)


def _check_size(upload) -> None:
    limit = settings.UPLOAD_MAX_FILE_SIZE
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")


def check_evidence_file(upload) -> tuple[str, str]:
    """A PDF, JPEG or PNG within the size limit: its (content type, extension); else an error."""
    _check_size(upload)
    found = sniff(upload)
    if found is None or found[0] not in EVIDENCE_TYPES:
        raise ValidationError(_("Only PDF, JPEG and PNG files are accepted."), code="type")
    if found[0] in IMAGE_TYPES:
        _check_image(upload)
    return found


def check_image_file(upload) -> tuple[str, str]:
    """A JPEG, PNG or WebP image that opens as one, within the size limit."""
    _check_size(upload)
    found = sniff(upload)
    if found is None or found[0] not in IMAGE_TYPES:
        raise ValidationError(
            _(
                "Only JPEG, PNG and WebP images are accepted: this file is not one, whatever "
                "its name says."
            ),
            code="type",
        )
    _check_image(upload)
    return found


def _check_image(upload) -> None:
    from PIL import Image  # Pillow comes with WeasyPrint

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except Exception as error:  # noqa: BLE001 (any decoding failure means "not an image")
        raise ValidationError(_("The image could not be read."), code="broken") from error
    finally:
        upload.seek(0)


def stored_type(field: FieldFile) -> str:
    """The content type of a stored file by its bytes (an old upload's name may say otherwise)."""
    with field.open("rb") as handle:
        found = sniff_bytes(handle.read(16))
    return found[0] if found else OCTET_STREAM


def private_file_response(
    field: FieldFile, *, content_type: str, filename: str | None = None
) -> FileResponse:
    """A private upload: its real type, never cached, never sniffed or run as a page."""
    response = FileResponse(
        field.open("rb"),
        content_type=content_type,
        filename=filename or "",
        as_attachment=content_type == OCTET_STREAM,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
