"""axe-core (vendored, served from our own origin) on the main pages, as each role sees them,
at a phone's and a desktop's width: no serious or critical violation, and no page wider than
the screen."""

import os

import pytest
from django.core.management import call_command

from branches.models import ImportKind, ReportPeriod, Unit
from branches.services import start_import
from commendations.models import Nomination
from events.models import Survey
from tests.branches.import_helpers import SMALL_LIST
from tests.e2e.test_phone_pages import log_in, overflow

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = "/static/vendor/axe-core-4.14.1/axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}"""


def violations(page, live_server) -> list[str]:
    page.add_script_tag(url=f"{live_server.url}{AXE}")
    return page.evaluate(RUN_AXE)


def _pages(secretary) -> dict[str, list[str]]:
    """The pages to check, by the account that opens them."""
    kp3 = Unit.objects.get(name="Chi đoàn Khu phố 3", parent__name="Đoàn Phường 10")
    ward = kp3.parent
    period = ReportPeriod.objects.order_by("-ends_on").first()
    survey = Survey.objects.order_by("pk").first()
    nomination = Nomination.objects.filter(
        status__in=["draft", "returned"], round__status="open"
    ).first()
    record = start_import(
        kp3, by=secretary, kind=ImportKind.MEMBERS, file_name="ds.csv", content=SMALL_LIST
    )
    staff_pages = [
        "/",
        "/units/",
        ward.get_absolute_url(),
        f"/commendations/nominations/{nomination.pk}/edit/",  # the scorecard
    ]
    ward_pages = ["/", f"/units/{kp3.pk}/"]
    branch_pages = [
        "/",
        f"/units/{kp3.pk}/members/new/",
        f"/units/{kp3.pk}/reports/{period.pk}/",
        f"/events/surveys/{survey.pk}/answer/{kp3.pk}/",
        record.get_absolute_url(),
    ]
    return {"quandoan": staff_pages, "bithu.p10": ward_pages, "bithu.p10.kp3": branch_pages}


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_serious_violation_on_the_main_pages(
    page, live_server, transactional_db, settings, width
):
    from django.contrib.auth import get_user_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 800})
    found: dict[str, list[str]] = {}
    page.goto(f"{live_server.url}/accounts/login/")
    found["login"] = violations(page, live_server)
    pages = _pages(get_user_model().objects.get(username="bithu.p10.kp3"))
    for username, urls in pages.items():
        page.context.clear_cookies()
        log_in(page, live_server, username)
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, (username, url)
            found[f"{username} {url}"] = violations(page, live_server) + (
                [f"overflows by {overflow(page)} px"] if overflow(page) else []
            )
    assert {where: v for where, v in found.items() if v} == {}
