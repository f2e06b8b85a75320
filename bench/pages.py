"""Time the main pages, as each role opens them, at district and at city scale.

Run: DEBUG=true .venv/bin/python bench/pages.py [--repeat 100] [--scales district,city] [--json F]
Builds (or reuses) the data sets of bench/datasets.py and starts one process per scale; each
requests every page of PAGES through Django's test client as its user (logged in), a few times
to warm up, then `--repeat` times timed, the scales taking turns five requests at a time (so a
busy moment of this shared machine falls on both alike); one more request counts its queries. The homes
are timed twice: as people mostly see them (the subtree's sums kept in the cache) and counted
afresh on every request (what one visit in DASHBOARD_CACHE_SECONDS pays). Printed per
page and scale: median and p95 server time, queries, HTML size, and the median as a ratio to the
trivial view (/healthz, one SELECT 1) measured in the same process. Not a test: nothing asserted.
"""

import argparse
import gc
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


ROUND = 5  # requests to one scale before the other scale's turn


class Pages:
    """One scale's side of the bench, in its own process: Django set up on that scale's
    database, a logged-in test client per user, each page timed on request."""

    def __init__(self) -> None:
        datasets._setup()
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        # Not setup_test_environment(): it makes every template render send a signal that the
        # test client answers by copying the context, which no server pays (2× on a long page).
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        settings.DEBUG = False
        users = get_user_model().objects.filter(username__in=[STAFF, WARD, BRANCH])
        self.clients = {}
        for user in users:
            self.clients[user.username] = Client(HTTP_ACCEPT_LANGUAGE="vi")
            self.clients[user.username].force_login(user)
        self.urls = [
            reverse(url_name, args=_arguments(which)) + (f"?{query}" if query else "")
            for _title, _user, url_name, which, query in PAGES
        ]

    def time(self, index: int, count: int) -> list[float]:
        from django.core.cache import cache

        title, username, *_rest = PAGES[index]
        client, url, times = self.clients[username], self.urls[index], []
        # A full collection before each round, outside the timing and on both sides alike: the
        # side that has read more rows so far would otherwise pay its longer pauses in the p95.
        gc.collect()
        for _ in range(count):
            if AFRESH in title:
                cache.clear()
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        return times

    def inspect(self, index: int) -> dict:
        """Status, queries and HTML size of one more request."""
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        title, username, *_rest = PAGES[index]
        if AFRESH in title:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.clients[username].get(self.urls[index])
        return {"url": self.urls[index], "status": response.status_code,
                "queries": len(queries), "html_kb": len(response.content) / 1024}  # fmt: skip

    def serve(self) -> None:
        """Answer the driver's requests, one JSON line each, until it closes the pipe."""
        print(json.dumps("ready"), flush=True)
        for line in sys.stdin:
            verb, index, count = json.loads(line)
            answer = self.time(index, count) if verb == "time" else self.inspect(index)
            print(json.dumps(answer), flush=True)


class Side:
    """The driver's handle on one scale's process."""

    def __init__(self, scale: str) -> None:
        env = {**os.environ, "DATABASE_URL": datasets.ensure(scale), "DEBUG": "true"}
        env.setdefault("LOG_LEVEL", "WARNING")
        self.scale = scale
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--measure-here", scale], env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        self.ask(None)

    def ask(self, request):
        if request is not None:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.scale} side stopped (exit {self.process.wait()})")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def measure(scales: list[str], repeat: int) -> list[dict]:
    """Every page at every scale, the scales taking turns ROUND requests at a time so that a
    busier moment of the machine falls on both alike."""
    sides = [Side(scale) for scale in scales]
    results = []
    try:
        for index, (title, username, *_rest) in enumerate(PAGES):
            times = {side.scale: [] for side in sides}
            for side in sides:
                side.ask(["time", index, 3])  # warm up
            for start in range(0, repeat, ROUND):
                for side in sides:
                    times[side.scale] += side.ask(["time", index, min(ROUND, repeat - start)])
            for side in sides:
                found = sorted(times[side.scale])
                results.append({
                    "page": title, "user": username, "scale": side.scale, **side.ask(["inspect", index, 0]),
                    "median_ms": statistics.median(found),
                    "p95_ms": found[max(0, round(0.95 * len(found)) - 1)],
                })  # fmt: skip
            print(f"  {title}: " + ", ".join(
                f"{r['scale']} {r['median_ms']:.0f}/{r['p95_ms']:.0f} ms" for r in results[-len(sides):]
            ), flush=True)  # fmt: skip
    finally:
        for side in sides:
            side.close()
    return results


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
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--scales", default=",".join(datasets.SCALES))
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--measure-here", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_here:
        Pages().serve()
        return 0
    scales = args.scales.split(",")
    print(f"measuring {', '.join(scales)} in turns ({args.repeat} requests per page) …", flush=True)
    results = measure(scales, args.repeat)
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
