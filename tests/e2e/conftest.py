"""Browser tests: Playwright drives the system Chromium (no browser download needed)."""

import contextlib
import os
import re
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = os.environ.get("E2E_SHOTS_DIR", "")
DEMO_PASSWORD = "unionhub-demo-2021"

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(config, items):
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "locale": "vi-VN",
        "device_scale_factor": 1,
    }


@pytest.fixture
def shot():
    """Save a full-page screenshot when E2E_SHOTS_DIR is set, for people to look at."""

    def take(page, name: str) -> None:
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)

    return take


# --- Screenshots of a failed test ----------------------------------------------------------------

FAILURE_SHOTS = os.environ.get("E2E_SHOTS_DIR") or "/tmp/e2e-failures"


def _open_pages(item) -> list:
    """Every page still open in the test's browser (its own contexts included), or []."""
    funcargs = getattr(item, "funcargs", None) or {}
    browser = funcargs.get("browser")
    if browser is None:
        for name in ("page", "context"):
            owner = funcargs.get(name)
            if owner is not None:
                browser = getattr(owner, "browser", None) or owner.context.browser
                break
    if browser is None:
        return []
    return [page for context in browser.contexts for page in context.pages if not page.is_closed()]


def save_failure_shots(item, directory: str = FAILURE_SHOTS) -> list[str]:
    """A full-page screenshot of each open page, named after the test; never raises."""
    saved: list[str] = []
    # A screenshot must never hide the test's own failure: any error here is swallowed.
    with contextlib.suppress(Exception):
        pages = _open_pages(item)
        if pages:
            os.makedirs(directory, exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", item.nodeid).strip("_")
        for number, page in enumerate(pages, start=1):
            path = os.path.join(directory, f"FAILED-{stem}-{number}.png")
            with contextlib.suppress(Exception):  # a page that cannot be drawn is skipped
                page.screenshot(path=path, full_page=True, timeout=5000)
                saved.append(path)
    return saved


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails (in its setup or its body, while its pages are still open),
    save what each page showed, and name the files in the report."""
    outcome = yield
    with contextlib.suppress(Exception):
        report = outcome.get_result()
        if report.failed and report.when in ("setup", "call"):
            saved = save_failure_shots(item)
            if saved:
                report.sections.append(("Screenshots of the open pages", "\n".join(saved)))


# --- People at their own screens -----------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def label(text: str) -> re.Pattern:
    """A field's label exactly, with or without the asterisk that marks it required."""
    return re.compile(rf"^\s*{re.escape(text)}(\s*\*)?\s*$")


class Screens:
    """Each person in a journey on their own device: a fresh browser context (cookies, viewport),
    logged in through the login page; every console error of every page is kept in `errors`."""

    def __init__(self, browser, live_server) -> None:
        self.browser = browser
        self.url = live_server.url
        self.contexts: list = []
        self.errors: list[str] = []

    def open(self, username: str | None = None, *, viewport: dict = PHONE):
        context = self.browser.new_context(
            viewport=viewport, locale="vi-VN", device_scale_factor=1, accept_downloads=True
        )
        context.set_default_timeout(10_000)  # a missing button fails in seconds, not in 30
        self.contexts.append(context)
        page = context.new_page()
        who = username or "anonymous"
        page.on(
            "console",
            lambda msg: (
                self.errors.append(f"{who} {page.url}: {msg.text}") if msg.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"{who} {page.url}: {error}"))
        if username is not None:
            page.goto(f"{self.url}/accounts/login/")
            page.get_by_label(label("Tên đăng nhập")).fill(username)
            page.get_by_label(label("Mật khẩu")).fill(DEMO_PASSWORD)
            page.locator("main button[type=submit]").click()
            page.wait_for_url(f"{self.url}/")
        return page

    def phone(self, username: str | None = None):
        """A secretary's phone, 390×844."""
        return self.open(username, viewport=PHONE)

    def desktop(self, username: str | None = None):
        """District staff at their office screen, 1280×800."""
        return self.open(username, viewport=DESKTOP)

    def close(self) -> None:
        for context in self.contexts:
            with contextlib.suppress(Exception):  # already closed with the browser
                context.close()


@pytest.fixture
def screens(browser, live_server):
    people = Screens(browser, live_server)
    yield people
    people.close()


@pytest.fixture
def demo_tree_only(transactional_db, settings, tmp_path):
    """The demo tree and its accounts (no records, events or rounds); uploads and generated files
    in a temporary directory; cheap password hashing."""
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--tree-only", verbosity=0)
