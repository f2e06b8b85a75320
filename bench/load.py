"""A bounded load run: gunicorn (3 workers) on PostgreSQL, with the city data set.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionhub .venv/bin/python bench/load.py
     [--clients 6] [--seconds 15] [--warmup 2] [--secretaries 120] [--json FILE]
(With SQLite it says the load run needs PostgreSQL and exits 0.)
1. Setup here: the city data set of bench/datasets.py (built once, kept), its open survey "Phiếu
   đăng ký nội dung tập huấn" (reopened if the kept data outlived its two weeks), 120 invited
   branches of the grown part (the newest ids), each with a secretary `bench.bithu.<unit id>`
   (create_account, demo password, kept).
2. gunicorn `unionhub.wsgi:application`, 3 sync workers on 127.0.0.1 and a free port, always
   stopped at the end (try/finally; Ctrl-C, SIGTERM). Its log: /tmp/unionhub-bench/gunicorn.log.
3. `--clients` threads here request /healthz, the staff home `/` and `/units/` as `quandoan`
   (logged in once through the form; every thread sends that session cookie), `--warmup` s not
   counted, then `--seconds` s: answered (200) requests/s, median and p95 latency, errors.
4. The secretaries log in one by one and open their form (CSRF token) outside the measure; their
   earlier responses are deleted; then all POST a valid answer form at once (threading.Barrier).
   Anything but the 302 back to the form is an error; then the database must hold them all.
Settings: DEBUG=false, as in production, because DEBUG=true costs per request: every cursor is a
CursorDebugWrapper keeping each query's SQL (composed in Python with psycopg 3), WhiteNoise
re-finds every path (autorefresh). (No debug toolbar or debug-only middleware exists.) What stops
plain http to 127.0.0.1 is turned off by its own variable: ALLOWED_HOSTS=127.0.0.1,
SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE false, SECURE_HSTS_SECONDS=0; a
random SECRET_KEY; TESTING=true keeps the plain static storage (the manifest one needs a
collectstatic). Client: .venv has no httpx, requests, aiohttp or urllib3, so http.client and
threads; gunicorn's sync workers close each connection, so each request opens its own.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402

STAFF, WORKERS = "quandoan", 3
HOME_TARGET_RPS, BURST_TARGET_MS = 30, 500  # staff home requests/s; p95 of the survey burst
STOP = threading.Event()  # set on Ctrl-C or SIGTERM: the client threads stop
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GUNICORN_ENV = {
    "DEBUG": "false", "TESTING": "true", "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false", "SECURE_HSTS_SECONDS": "0", "LOG_LEVEL": "WARNING",
}  # fmt: skip


def prepare(count: int) -> dict:
    """The city database, the paths, the survey and `count` secretaries with their forms."""
    os.environ["DATABASE_URL"] = datasets.ensure("city")
    os.environ["DEBUG"] = "true"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    datasets._setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connections, transaction
    from django.shortcuts import resolve_url
    from django.urls import reverse
    from django.utils import timezone

    from branches.models import RoleKind, UnitLevel
    from branches.services import create_account
    from events.demo import TRAINING_SURVEY
    from events.models import Invitation, Survey
    from unionhub.accounts.models import User
    from unionhub.management.commands.seed_demo import DEMO_PASSWORD

    survey = Survey.objects.filter(title=TRAINING_SURVEY).order_by("pk").first()
    if survey is None:
        raise SystemExit(f"the city data set has no survey {TRAINING_SURVEY!r}")
    if not survey.is_open():
        now = timezone.now()
        Survey.objects.filter(pk=survey.pk).update(opens_at=now - timedelta(days=1),
                                                   closes_at=now + timedelta(days=14))  # fmt: skip
        print(f"survey {survey.pk} was closed: reopened for two weeks", flush=True)
    invited = Invitation.objects.filter(event_id=survey.event_id, unit__level=UnitLevel.BRANCH)
    # The newest units: the grown part of the data set, never the demo's branches that
    # bench/pages.py opens (whose answers the burst would otherwise replace).
    invited = invited.select_related("unit").order_by("-unit_id")
    units = [inv.unit for inv in invited.iterator() if not inv.unit.is_closed][:count]
    names = {unit.pk: f"bench.bithu.{unit.pk}" for unit in units}
    existing = set(User.objects.filter(username__in=names.values()).values_list("username", flat=True))  # fmt: skip
    missing = [unit for unit in units if names[unit.pk] not in existing]
    if missing:
        password = make_password(DEMO_PASSWORD)  # Argon2, as gunicorn will check it
        with transaction.atomic():
            for unit in missing:
                user, _role, _link = create_account(
                    unit, by=None, username=names[unit.pk], full_name=f"Bí thư {unit.name}",
                    kind=RoleKind.EDITOR, title="Bí thư Chi đoàn")  # fmt: skip
                user.password = password
                user.save(update_fields=["password"])
        print(f"{len(missing)} secretary accounts created (kept for later runs)", flush=True)
    paths = {"healthz": reverse("healthz"), "home": reverse("home"),
             "units": reverse("branches:unit_list"), "login": resolve_url(settings.LOGIN_URL)}  # fmt: skip
    secretaries = [(names[u.pk], u.pk, reverse("events:respond", args=[survey.pk, u.pk]))
                   for u in units]  # fmt: skip
    setup = {"database_url": os.environ["DATABASE_URL"], "password": DEMO_PASSWORD,
             "session_cookie": settings.SESSION_COOKIE_NAME, "survey": survey.pk, "paths": paths,
             "secretaries": secretaries, "answers": answer_fields(survey)}  # fmt: skip
    connections.close_all()
    return setup


def answer_fields(survey) -> list[tuple[str, str]]:
    """A valid answer form for the survey: every question answered, as a secretary would."""
    from events.models import QuestionKind as Kind

    fields = [("version", "0")]
    for q in survey.questions.order_by("order", "pk"):
        values = {Kind.SINGLE_CHOICE: q.choices[:1], Kind.NUMBER: ["24"], Kind.SCALE: ["4"],
                  Kind.MULTIPLE_CHOICE: q.choices[: min(2, q.max_choices or 2)]}.get(
            q.kind, ["Đề nghị tập huấn thêm kỹ năng vận động thanh niên."])  # fmt: skip
        fields += [(f"q{q.pk}", value) for value in values]
    return fields


def responses(survey_pk: int, unit_pks: list[int], *, delete: bool = False) -> int:
    """How many of these units' responses there are (or were, deleted now)."""
    from django.db import connections

    from events.models import Response

    found = Response.objects.filter(survey_id=survey_pk, unit_id__in=unit_pks)
    count = found.delete()[1].get("events.Response", 0) if delete else found.count()
    connections.close_all()
    return count


def fetch(port: int, method: str, path: str, cookie: str = "", fields=None):
    """(status, headers, body, milliseconds) of one request on its own connection."""
    headers = {"Accept-Language": "vi", **({"Cookie": cookie} if cookie else {})}
    body = None if fields is None else urlencode(fields).encode()
    if body is not None:
        headers |= {"Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"http://127.0.0.1:{port}"}  # fmt: skip
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
    finally:
        conn.close()
    return response.status, response.headers, content, (time.perf_counter() - started) * 1000


class Browser:
    """One person's cookies, for requests made one after the other (logins, forms)."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}

    def cookie(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, fields=None) -> tuple[int, str]:
        status, headers, content, _ms = fetch(self.port, method, path, self.cookie(), fields)
        for header in headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
                if morsel["max-age"] == "0":
                    del self.cookies[name]
        return status, content.decode(errors="replace")

    def token(self, path: str) -> str:
        status, html = self.request("GET", path)
        if status != 200 or not (found := TOKEN.search(html)):
            raise RuntimeError(f"GET {path}: HTTP {status}, no CSRF token in the form")
        return found[1]

    def log_in(self, login: str, username: str, password: str, session_cookie: str) -> None:
        fields = [("csrfmiddlewaretoken", self.token(login)), ("username", username), ("password", password)]  # fmt: skip
        status, _html = self.request("POST", login, fields)
        if status != 302 or session_cookie not in self.cookies:
            raise RuntimeError(f"logging in as {username} failed (HTTP {status})")


def p95(times: list[float]) -> float:  # as bench/pages.py counts it
    return sorted(times)[max(0, round(0.95 * len(times)) - 1)] if times else 0.0


def run_threads(threads: list[threading.Thread], barrier: threading.Barrier | None = None) -> float:
    """Start the threads (release them through `barrier`), wait for all: seconds taken."""  # fmt: skip
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    if barrier is not None:
        barrier.wait()
        started = time.perf_counter()
    try:
        for thread in threads:
            thread.join()
    except BaseException:  # Ctrl-C, SIGTERM: let the threads end before gunicorn does
        STOP.set()
        for thread in threads:
            thread.join(timeout=30)
        raise
    return time.perf_counter() - started


def hammer(port: int, path: str, cookie: str, clients: int, seconds: float) -> dict:
    """`clients` threads requesting `path` one after the other until `seconds` have passed."""
    results: list[tuple[float, bool]] = []
    deadline = time.perf_counter() + seconds

    def client() -> None:
        mine = []
        while time.perf_counter() < deadline and not STOP.is_set():
            began = time.perf_counter()
            try:
                status, _headers, _body, ms = fetch(port, "GET", path, cookie)
                mine.append((ms, status == 200))
            except (OSError, http.client.HTTPException):
                mine.append(((time.perf_counter() - began) * 1000, False))
        results.extend(mine)  # one list.extend per thread: atomic under the GIL

    elapsed = run_threads([threading.Thread(target=client, daemon=True) for _ in range(clients)])
    times, answered = [ms for ms, _ok in results], sum(ok for _ms, ok in results)
    return {"path": path, "clients": clients, "seconds": round(elapsed, 2),
            "requests": len(results), "errors": len(results) - answered,
            "rps": answered / elapsed, "median_ms": statistics.median(times) if times else 0.0,
            "p95_ms": p95(times), "max_ms": max(times, default=0.0)}  # fmt: skip


def burst(port: int, people: list[tuple[Browser, str, str]], answers: list) -> dict:
    """Every (browser, form path, CSRF token) POSTs `answers` at the same moment."""
    barrier = threading.Barrier(len(people) + 1)
    results: list = [None] * len(people)

    def submit(i: int, browser: Browser, path: str, token: str) -> None:
        cookie, fields = browser.cookie(), [*answers, ("csrfmiddlewaretoken", token)]
        barrier.wait()
        began = time.perf_counter()
        try:
            status, headers, body, ms = fetch(port, "POST", path, cookie, fields)
            back = status == 302 and headers.get("Location", "").endswith(path)
            results[i] = (ms, back or (status == 200 and b"alert-danger" not in body), status)
        except (OSError, http.client.HTTPException) as error:
            results[i] = ((time.perf_counter() - began) * 1000, False, type(error).__name__)

    threads = [threading.Thread(target=submit, args=(i, *person), daemon=True)
               for i, person in enumerate(people)]  # fmt: skip
    elapsed = run_threads(threads, barrier)
    times = [ms for ms, _ok, _status in results]
    statuses = Counter(str(status) for _ms, _ok, status in results)
    return {"posts": len(people), "errors": sum(not ok for _ms, ok, _s in results),
            "statuses": dict(statuses), "median_ms": statistics.median(times),
            "p95_ms": p95(times), "max_ms": max(times), "all_done_ms": elapsed * 1000}  # fmt: skip


def start_gunicorn(database_url: str, port: int, log) -> subprocess.Popen:
    env = {**os.environ, **GUNICORN_ENV, "DATABASE_URL": database_url,
           "SECRET_KEY": secrets.token_urlsafe(50)}  # fmt: skip
    command = [sys.executable, "-m", "gunicorn", "unionhub.wsgi:application",
               "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
               "--chdir", str(datasets.ROOT), "--log-level", "warning", "--timeout", "120"]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(server: subprocess.Popen, port: int, path: str, log_path: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}): {Path(log_path).read_text()}")  # fmt: skip
        with contextlib.suppress(OSError):
            if fetch(port, "GET", path)[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {path} within 60 s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()  # a no-op once it has exited
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def run(args, setup: dict) -> dict:
    paths, cookie_name = setup["paths"], setup["session_cookie"]
    with socket.socket() as sock:  # a free port (free still when gunicorn binds it, a moment later)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    datasets.SQLITE_DIR.mkdir(parents=True, exist_ok=True)
    log = open(datasets.SQLITE_DIR / "gunicorn.log", "w")  # noqa: SIM115 (closed in finally)
    server = start_gunicorn(setup["database_url"], port, log)
    try:
        wait_ready(server, port, paths["healthz"], log.name)
        print(f"gunicorn: {WORKERS} workers on 127.0.0.1:{port} (log {log.name})", flush=True)
        staff = Browser(port)
        staff.log_in(paths["login"], STAFF, setup["password"], cookie_name)
        results = {}
        for key in ("healthz", "home", "units"):
            hammer(port, paths[key], staff.cookie(), args.clients, args.warmup)
            results[key] = r = hammer(port, paths[key], staff.cookie(), args.clients, args.seconds)
            print(f"{paths[key]:<10} {r['rps']:6.1f} req/s  median {r['median_ms']:5.0f} ms  "
                  f"p95 {r['p95_ms']:5.0f} ms  {r['errors']} errors of {r['requests']}", flush=True)  # fmt: skip
        started, people = time.perf_counter(), []
        for username, _unit, path in setup["secretaries"]:
            browser = Browser(port)
            browser.log_in(paths["login"], username, setup["password"], cookie_name)
            people.append((browser, path, browser.token(path)))
        print(f"{len(people)} secretaries logged in and opened their form in "
              f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        units = [unit for _name, unit, _path in setup["secretaries"]]
        removed = responses(setup["survey"], units, delete=True)
        results["burst"] = b = burst(port, people, setup["answers"])
        b["removed_before"], b["saved"] = removed, responses(setup["survey"], units)
        print(f"{b['posts']} POSTs at once: median {b['median_ms']:.0f} ms, p95 {b['p95_ms']:.0f} "
              f"ms, max {b['max_ms']:.0f} ms, statuses {b['statuses']}; {b['saved']} responses "
              f"saved ({removed} earlier ones deleted first)", flush=True)  # fmt: skip
        return results
    finally:
        stop(server)
        log.close()


def load_average() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def rows(results: dict, clients: int, seconds: float) -> list[dict]:
    """The table's rows: measure, figure, target, verdict."""
    out = []
    for key, title, target in (("healthz", "/healthz (trivial view)", None),
                               ("home", "staff home /", HOME_TARGET_RPS),
                               ("units", "unit list /units/", None)):  # fmt: skip
        r = results[key]
        met = r["errors"] == 0 and (target is None or r["rps"] >= target)
        out.append({"measure": f"{title}, {clients} clients × {seconds:g} s",
                    "figure": f"{r['rps']:.1f} req/s, median {r['median_ms']:.0f} ms, "
                              f"p95 {r['p95_ms']:.0f} ms, {r['errors']} errors of {r['requests']}",
                    "target": (f"≥ {target} req/s, " if target else "") + "no error",
                    "verdict": "met" if met else "missed"})  # fmt: skip
    b = results["burst"]
    met = b["p95_ms"] <= BURST_TARGET_MS and b["errors"] == 0 and b["saved"] == b["posts"]
    out.append({"measure": f"{b['posts']} secretaries submit the survey at once",
                "figure": f"p95 {b['p95_ms']:.0f} ms (median {b['median_ms']:.0f}, max "
                          f"{b['max_ms']:.0f}), {b['errors']} errors, {b['saved']}/{b['posts']} saved",
                "target": f"p95 ≤ {BURST_TARGET_MS} ms, no error",
                "verdict": "met" if met else "missed"})  # fmt: skip
    return out


def table(lines: list[dict]) -> str:
    out = ["| measure | figure | target | verdict |", "| --- | --- | --- | --- |"]
    out += [f"| {r['measure']} | {r['figure']} | {r['target']} | {r['verdict']} |" for r in lines]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--secretaries", type=int, default=120)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not datasets.server_url():
        message = "the load run needs PostgreSQL (DATABASE_URL=postgres://…): skipped"
        print(message)
        if args.json:
            Path(args.json).write_text(json.dumps({"skipped": message}))
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops gunicorn
    setup = prepare(args.secretaries)
    print(f"city data set: {setup['database_url']}; survey {setup['survey']}, "
          f"{len(setup['secretaries'])} secretaries; load average {load_average()}", flush=True)  # fmt: skip
    results = run(args, setup)
    lines = rows(results, args.clients, args.seconds)
    print(table(lines))
    print(f"load average after: {load_average()} ({os.cpu_count()} CPUs, shared by gunicorn, "
          "PostgreSQL and this client)")  # fmt: skip
    if args.json:
        settings = {"workers": WORKERS, "clients": args.clients, "seconds": args.seconds,
                    "env": GUNICORN_ENV, "load_average_after": load_average()}  # fmt: skip
        Path(args.json).write_text(json.dumps({"rows": lines, "results": results, "settings": settings}, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
