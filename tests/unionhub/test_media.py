"""Uploaded files are served only by views that check who asks, never as static files."""

import importlib

import pytest
from django.urls import clear_url_caches

import unionhub.urls


@pytest.fixture
def debug_urlconf(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    importlib.reload(unionhub.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(unionhub.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_private_media_is_not_served_statically_even_in_debug(
    client, debug_urlconf, tmp_path, district_client
):
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "evidence.txt").write_text("personal data")
    (tmp_path / "public.txt").write_text("anything")
    for url in ["/media/private/evidence.txt", "/media/public.txt"]:
        assert client.get(url).status_code == 404
        assert district_client.get(url).status_code == 404
