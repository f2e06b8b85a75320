"""Every page the demo reaches, as each role, in Vietnamese: no English left from any catalogue.

The check compares what a page shows with the catalogues themselves: every English message of
our own `locale/` and of Django's catalogues (the English sources list every message Django has).
A text on the page that *is* one of those English messages was not translated. Only words that
read the same in Vietnamese are allowed through.
"""

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import django
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

PASSWORD = "unionhub-demo-2021"
ROLES = ["quandoan", "bithu.p10", "bithu.p10.kp3", "bithu.p11.kp1"]
PAGES_PER_ROLE = 90
# Messages that are the same word in Vietnamese (names, abbreviations, formats).
NEUTRAL = {"UnionHub", "Excel", "PDF", "QR", "Email", "E-mail", "OK", "ID", "URL", "Zalo", "CSV"}
SKIP_PATHS = ("/accounts/logout", "/admin/", "/i18n/", "/static/", "/media/")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{\w*\}")


def _catalogue_messages() -> set[str]:
    files = list((Path(settings.BASE_DIR) / "locale").rglob("django.po"))
    django_root = Path(django.__file__).parent
    files += list(django_root.glob("conf/locale/en/LC_MESSAGES/django.po"))
    files += list(django_root.glob("contrib/*/locale/en/LC_MESSAGES/django.po"))
    messages = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.M):
            message = "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"').replace("\\n", " ")
            message = " ".join(message.split())
            if message and not _PLACEHOLDER.search(message) and re.search(r"[A-Za-z]{2}", message):
                messages.add(message)
    return messages - NEUTRAL


class _Texts(HTMLParser):
    """Visible text and the attributes people read (placeholders, labels, button values)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("placeholder", "aria-label", "title", "alt"):
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def _walk(client: Client, start: str = "/") -> dict[str, list[str]]:
    """Breadth-first over the site's own pages (GET only), returning each page's texts."""
    seen, found = {start}, {}
    queue = deque([start])
    while queue and len(found) < PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Texts()
        parser.feed(response.content.decode())
        found[url] = [" ".join(t.split()) for t in parser.texts]
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PATHS):
                continue
            if any(parts.path.endswith(end) for end in (".xlsx", ".pdf", "/export/", "/file/")):
                continue
            clean = parts.path + (f"?{parts.query}" if parts.query else "")
            if clean not in seen:
                seen.add(clean)
                queue.append(clean)
    return found


@pytest.mark.django_db
def test_every_page_the_demo_reaches_is_in_vietnamese_for_every_role(settings):
    settings.AXES_ENABLED = False
    call_command("seed_demo", stdout=StringIO())
    english = _catalogue_messages()
    untranslated = set()
    for username in ROLES:
        client = Client()
        assert client.login(username=username, password=PASSWORD)
        pages = _walk(client)
        assert len(pages) > 10, username
        untranslated |= {
            (text, url) for url, texts in pages.items() for text in texts if text in english
        }
    where = {}
    for text, url in sorted(untranslated):
        where.setdefault(text, url)
    report = "\n".join(f"{text!r} on {url}" for text, url in where.items())
    assert not untranslated, f"{len(where)} English texts:\n{report}"


def test_the_login_page_is_in_vietnamese():
    client = Client()
    parser = _Texts()
    parser.feed(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="vi").content.decode())
    english = _catalogue_messages()
    assert [t for t in (" ".join(x.split()) for x in parser.texts) if t in english] == []


def _po_field(block: str, name: str) -> str:
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block, flags=re.M)
    return "".join(re.findall(r'"(.*)"', match.group(1))) if match else ""


def _po_entries(path: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(context, msgid) → (msgstr, fuzzy) of a .po file, obsolete entries left out."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~") or "msgid" not in block:
            continue
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block

        msgid = _po_field(block, "msgid")
        if msgid:
            msgstr = _po_field(block, "msgstr") or _po_field(block, r"msgstr\[0\]")
            entries[(_po_field(block, "msgctxt"), msgid)] = (msgstr, fuzzy)
    return entries


def test_the_vietnamese_catalogue_holds_every_message_of_the_code_translated(tmp_path):
    """makemessages on a copy of the code finds nothing that the committed catalogue lacks."""
    import shutil
    import subprocess
    import sys

    root = Path(settings.BASE_DIR)
    if shutil.which("xgettext") is None:
        pytest.skip("gettext is not installed")
    copy = tmp_path / "code"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "media",
            "staticfiles",
            "vendor",
            "node_modules",
            "*.sqlite3*",
            "test-results",
            "__pycache__",
            "fixtures",
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--ignore=static",
         "--ignore=tests", "--ignore=bench", "-v0"],
        cwd=copy, check=True, capture_output=True, env={**__import__("os").environ, "DEBUG": "true"},
    )  # fmt: skip
    committed = _po_entries(root / "locale/vi/LC_MESSAGES/django.po")
    fresh = _po_entries(copy / "locale/vi/LC_MESSAGES/django.po")
    missing = sorted(key for key in fresh if key not in committed)
    untranslated = sorted(
        key for key, (msgstr, fuzzy) in committed.items() if key in fresh and (not msgstr or fuzzy)
    )
    assert missing == [], f"{len(missing)} messages not in the catalogue, e.g. {missing[:15]}"
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:15]}"
