"""Time the main pages, as each role opens them, at district and at city scale.

Run: DEBUG=true .venv/bin/python bench/pages.py [--repeat 20] [--scales district,city] [--json F]
Builds (or reuses) the data sets of bench/datasets.py, then for each scale, in its own process:
every page of PAGES is requested through Django's test client as its user (logged in), a few
times to warm up, then `--repeat` times timed; one more request counts its queries. The homes
are timed twice: as people mostly see them (the subtree's sums kept in the cache) and counted
afresh on every request (what one visit in DASHBOARD_CACHE_SECONDS pays). Printed per
page and scale: median and p95 server time, queries, HTML size, and the median as a ratio to the
trivial view (/healthz, one SELECT 1) measured in the same process. Not a test: nothing asserted.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import datasets  # noqa: E402

STAFF, WARD, BRANCH = "quandoan", "bithu.p10", "bithu.p10.kp3"

# (name, user, url name, how the url's arguments are found, query string)
PAGES = [
    ("trivial view (/healthz)", STAFF, "healthz", None, ""),
    ("home", STAFF, "home", None, ""),
    ("home, figures counted afresh", STAFF, "home", None, ""),
    ("unit list", STAFF, "branches:unit_list", None, ""),
    ("unit list, search", STAFF, "branches:unit_list", None, "q=khu+pho+3"),
    ("unit tree", STAFF, "branches:unit_tree", None, ""),
    ("top unit page", STAFF, "branches:unit", "top", ""),
    ("district member list", STAFF, "branches:member_list", "top", ""),
    ("member search", STAFF, "branches:member_list", "top", "q=nguyen+an"),
    ("member page", STAFF, "branches:member", "member", ""),
    ("member transfer form", STAFF, "branches:member_transfer", "member", ""),
    ("report periods", STAFF, "branches:period_list", None, ""),
    ("report board", STAFF, "branches:board", "period", ""),
    ("report board group", STAFF, "branches:board_group", "period_group", ""),
    ("report totals", STAFF, "branches:totals", "period", ""),
    ("event list", STAFF, "events:event_list", None, ""),
    ("event page", STAFF, "events:event", "event", ""),
    ("invitation list", STAFF, "events:invitation_list", "event", ""),
    ("survey results", STAFF, "events:survey_results", "survey", ""),
    ("survey free-text answers", STAFF, "events:survey_answers", "survey", ""),
    ("survey response rate", STAFF, "events:survey_rate", "survey", ""),
    ("opinion register", STAFF, "events:opinion_list", "event", ""),
    ("opinion entry form", STAFF, "events:opinion_create", "event", ""),
    ("new event form", STAFF, "events:event_create", None, ""),
    ("commendation round (nominations board)", STAFF, "commendations:round", "round", ""),
    ("a unit's nominations tab", STAFF, "commendations:unit_nominations", "top", ""),
    ("my files", STAFF, "jobs:job_list", None, ""),
    ("ward home", WARD, "home", None, ""),
    ("ward home, figures counted afresh", WARD, "home", None, ""),
    ("ward unit page", WARD, "branches:unit", "ward", ""),
    ("ward member list", WARD, "branches:member_list", "ward", ""),
    ("branch home", BRANCH, "home", None, ""),
    ("branch unit page", BRANCH, "branches:unit", "branch", ""),
    ("branch member list", BRANCH, "branches:member_list", "branch", ""),
    ("branch report form", BRANCH, "branches:report_file", "branch_period", ""),
    ("branch survey form", BRANCH, "events:respond", "branch_survey", ""),
]


# Pages whose sums over a subtree are kept a few minutes (unionhub/dashboard/kept.py): timed
# once as people mostly see them, and once with the cache emptied before every request.
AFRESH = "counted afresh"


def _arguments(which: str | None) -> list:
    from branches.models import Member, ReportPeriod, Unit
    from commendations.models import Round
    from events.models import Event, Survey

    if which is None:
        return []
    top = Unit.objects.get(code="qdtb")
    branch = Unit.objects.get(code="dp-10-kp-3")
    period = ReportPeriod.objects.order_by("-ends_on").first()
    found = {
        "top": lambda: [top.pk],
        "ward": lambda: [Unit.objects.get(code="dp-10").pk],
        "branch": lambda: [branch.pk],
        "member": lambda: [Member.objects.filter(unit=branch).order_by("pk").first().pk],
        "period": lambda: [period.pk],
        "period_group": lambda: [period.pk, Unit.objects.get(code="dp-10").pk],
        "event": lambda: [Event.objects.order_by("pk").first().pk],
        "survey": lambda: [Survey.objects.order_by("pk").first().pk],
        "round": lambda: [Round.objects.order_by("-year").first().pk],
        "branch_period": lambda: [branch.pk, period.pk],
        "branch_survey": lambda: [Survey.objects.order_by("-pk").first().pk, branch.pk],
    }
    return found[which]()


def measure(scale: str, repeat: int) -> list[dict]:
    datasets._setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    # Not setup_test_environment(): it makes every template render send a signal that the test
    # client answers by copying the context, which no server pays (a 100-row page took 2× longer).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=[STAFF, WARD, BRANCH])
    }
    clients = {}
    for name, user in users.items():
        clients[name] = Client(HTTP_ACCEPT_LANGUAGE="vi")
        clients[name].force_login(user)
    results = []
    for title, username, url_name, which, query in PAGES:
        url = reverse(url_name, args=_arguments(which)) + (f"?{query}" if query else "")
        client = clients[username]
        afresh = AFRESH in title
        for _ in range(3):
            response = client.get(url)
        status = response.status_code
        times = []
        for _ in range(repeat):
            if afresh:
                cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        if afresh:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.sort()
        results.append({
            "page": title, "user": username, "url": url, "status": status, "scale": scale,
            "median_ms": statistics.median(times),
            "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
            "queries": len(queries), "html_kb": len(response.content) / 1024,
        })  # fmt: skip
    return results


def _in_process(scale: str, repeat: int) -> list[dict]:
    env = {**os.environ, "DATABASE_URL": datasets.ensure(scale), "DEBUG": "true"}
    env.setdefault("LOG_LEVEL", "WARNING")
    out = subprocess.run(
        [sys.executable, __file__, "--measure-here", scale, "--repeat", str(repeat)],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(results: list[dict]) -> str:
    by = {(r["scale"], r["page"]): r for r in results}
    trivial = {
        s: by[(s, PAGES[0][0])]["median_ms"] for s in datasets.SCALES if (s, PAGES[0][0]) in by
    }
    lines = [
        "| page (user) | district median / p95 ms | city median / p95 ms | city p95 ÷ district p95 "
        "| queries district / city | HTML KB city | city median ÷ trivial |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for title, user, *_rest in PAGES:
        d, c = by.get(("district", title)), by.get(("city", title))
        if not c:
            continue
        growth = f"{c['p95_ms'] / d['p95_ms']:.2f}×" if d else ""
        district = f"{d['median_ms']:.0f} / {d['p95_ms']:.0f}" if d else ""
        queries = f"{d['queries'] if d else ''} / {c['queries']}"
        flag = "" if c["status"] == 200 else f" (HTTP {c['status']})"
        lines.append(
            f"| {title} ({user}){flag} | {district} | {c['median_ms']:.0f} / {c['p95_ms']:.0f} "
            f"| {growth} | {queries} | {c['html_kb']:.0f} | {c['median_ms'] / trivial['city']:.1f}× |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--scales", default=",".join(datasets.SCALES))
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--measure-here", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_here:
        print(json.dumps(measure(args.measure_here, args.repeat)))
        return 0
    results = []
    for scale in args.scales.split(","):
        print(f"measuring {scale} scale ({args.repeat} requests per page) …", flush=True)
        results.extend(_in_process(scale, args.repeat))
    print(table(results))
    worst = max(
        (r for r in results if r["scale"] == "city"), key=lambda r: r["p95_ms"], default=None
    )
    if worst:
        print(f"\nslowest at city scale: {worst['page']} p95 {worst['p95_ms']:.0f} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
