"""HTML templates in, PDF out (WeasyPrint), with fonts bundled and no fetching beyond our own files."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def _allowed_roots() -> list[Path]:
    roots = [STATIC_DIR, Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)]
    return [root.resolve() for root in roots]


class LocalFilesOnlyFetcher(URLFetcher):
    """Serve our static and media files and data: URLs; refuse everything else.

    User text printed in a PDF can never make WeasyPrint fetch a URL or read another local file.
    """

    def fetch(self, url: str, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise ValueError(f"PDF rendering does not fetch {scheme}: URLs")
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(root) for root in _allowed_roots()) or not path.is_file():
            raise ValueError("PDF rendering reads only UnionHub's own static and media files")
        return super().fetch(path.as_uri(), headers)


def render_pdf(template_name: str, context: dict, *, request=None, progress=None) -> bytes:
    """Render a template to one PDF document; relative URLs resolve against static/.

    `progress(share)` hears how far it got (0.1 once the HTML is made, 0.9 once laid out).
    """
    html = render_to_string(template_name, context, request=request)
    if progress:
        progress(0.1)
    document = HTML(
        string=html,
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=LocalFilesOnlyFetcher(allowed_protocols={"file", "data"}),
    ).render()
    if progress:
        progress(0.9)
    return document.write_pdf()


def media_uri(path: str | Path) -> str:
    """A file:// URI for an uploaded file, to place in a PDF template."""
    return Path(path).resolve().as_uri()
