"""Private files: uploads and generated documents, served only by views that check who asks."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private, never at a public media URL."""

    @property
    def base_location(self) -> str:
        return os.path.join(settings.MEDIA_ROOT, "private")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str) -> str:
        raise NotImplementedError(
            "Private files have no public URL; use the permission-checked view."
        )


_PRIVATE_STORAGE = PrivateStorage()


def private_storage() -> FileSystemStorage:
    return _PRIVATE_STORAGE
