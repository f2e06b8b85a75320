"""Checks on uploaded files: the content decides the type, never the name the browser sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Magic bytes at the start of each accepted type.
_SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]
EVIDENCE_TYPES = {"application/pdf", "image/jpeg", "image/png"}
IMAGE_TYPES = {"image/jpeg", "image/png"}


def sniff(upload) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, or None if it is none of ours."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, extension in _SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


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
    """A JPEG or PNG image that opens as one, within the size limit."""
    _check_size(upload)
    found = sniff(upload)
    if found is None or found[0] not in IMAGE_TYPES:
        raise ValidationError(_("Only JPEG and PNG images are accepted."), code="type")
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
