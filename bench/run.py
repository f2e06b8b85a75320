"""`make bench`: every benchmark in one run, each in its own process, one after the other.

  exports.py       the member export of 200,000 rows beside a raw write-only openpyxl workbook
  certificates.py  47 and 500 certificates in one document beside a naive loop of documents
  imports.py       a 10,000-member import beside a bare bulk_create of the same members
  pages.py         the main pages as each role opens them, at district and city scale
                   (bench/datasets.py builds both data sets once, in their own databases)
  load.py          gunicorn (3 workers) under concurrent clients and a burst of 120 survey
                   submissions, on the city data set (PostgreSQL only: skipped on SQLite)

Each script prints its own detailed output and writes its figures with `--json` to a temporary
file; at the end one table gathers them all, each figure beside its target, with a verdict.
Environment: BENCH_ROWS (export rows, 200000), BENCH_PAGES_REPEAT (timed requests per page, 100),
BENCH_LOAD_SECONDS (each load window, 15), BENCH_ONLY (e.g. "pages,load": run only these).
Not a test: nothing is asserted, and CI does not run it.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = os.environ.get
RUNS = [
    ("exports", "Member export vs raw openpyxl write-only", ["exports.py", "--rows", ENV("BENCH_ROWS", "200000")]),
    ("certificates", "Certificates vs a naive loop", ["certificates.py"]),
    ("imports", "Import vs bare bulk_create", ["imports.py"]),
    ("pages", "Pages at district and city scale", ["pages.py", "--repeat", ENV("BENCH_PAGES_REPEAT", "100")]),
    ("load", "Load run: gunicorn and PostgreSQL at city scale", ["load.py", "--seconds", ENV("BENCH_LOAD_SECONDS", "15")]),
]  # fmt: skip
PAGE_P95_MS, PAGE_GROWTH, PAGE_KB = 150, 1.5, 150
CERTIFICATES_47_S, EXPORT_RATIO, EXPORT_PEAK_MB, IMPORT_RATIO = 1.0, 1.2, 120, 3.0


def row(measure: str, figure: str, target: str = "", met: bool | None = None) -> dict:
    verdict = "" if met is None else "met" if met else "missed"
    return {"measure": measure, "figure": figure, "target": target, "verdict": verdict}


def pages_rows(results: list[dict]) -> list[dict]:
    by = {(r["scale"], r["page"]): r for r in results}
    titles = list(dict.fromkeys(r["page"] for r in results))  # PAGES' order, the trivial view first
    trivial = by.get(("city", titles[0])) if titles else None
    rows = []
    for title in titles:
        d, c = by.get(("district", title)), by.get(("city", title))
        if c is None:
            continue
        growth = c["p95_ms"] / d["p95_ms"] if d and d["p95_ms"] else None
        figure = (f"district p95 {d['p95_ms']:.0f} ms; " if d else "") + (
            f"city {c['median_ms']:.0f} / {c['p95_ms']:.0f} ms"
        )
        figure += f" ({growth:.2f}×)" if growth is not None else ""
        figure += f"; {d['queries'] if d else '–'} / {c['queries']} queries; {c['html_kb']:.0f} KB"
        if trivial and trivial["median_ms"]:
            figure += f"; {c['median_ms'] / trivial['median_ms']:.1f}× trivial"  # fmt: skip
        measure = f"page: {title} ({c['user']})"
        if title == titles[0]:
            rows.append({**row(measure, figure), "verdict": "baseline"})
            continue
        if "counted afresh" in title:  # what one visit a union pays per DASHBOARD_CACHE_SECONDS
            rows.append(row(measure, figure, "paid by one visit per union every 5 minutes"))
            continue
        missed = [f"HTTP {c['status']}"] if c["status"] != 200 else []
        missed += ["p95"] if c["p95_ms"] > PAGE_P95_MS else []
        missed += ["× district"] if growth is not None and growth > PAGE_GROWTH else []
        missed += ["KB"] if c["html_kb"] > PAGE_KB else []
        target = f"p95 ≤ {PAGE_P95_MS} ms, ≤ {PAGE_GROWTH}×, ≤ {PAGE_KB} KB"
        rows.append(row(measure, figure, target, not missed))
        if missed:
            rows[-1]["verdict"] = f"missed: {', '.join(missed)}"
    return rows


def certificates_rows(f: dict) -> list[dict]:
    out = []
    for key, target in (("demo", CERTIFICATES_47_S), ("many", None)):
        one, naive = f[key], f[f"{key}_naive"]
        figure = (
            f"{one['seconds']:.2f} s ({one['pages'] / one['seconds']:.0f} pages/s), peak "
            f"{one['peak_rss_mb']:.0f} MB, {one['pdf_mb']:.2f} MB PDF; naive loop "
            f"{naive['seconds']:.2f} s: {naive['seconds'] / one['seconds']:.1f}× slower"
        )
        met = None if target is None else one["seconds"] <= target
        limit = f"≤ {target} s" if target else ""
        out.append(row(f"{one['pages']} certificates in one PDF", figure, limit, met))
    return out


def exports_rows(f: dict) -> list[dict]:
    return [
        row(f"{f['rows']:,}-row member export vs raw write-only",
            f"{f['export_s']:.2f} s vs {f['raw_s']:.2f} s: {f['ratio']:.2f}× (medians of {f.get('repeat', 1)}, in turns)",
            f"≤ {EXPORT_RATIO}×", f["ratio"] <= EXPORT_RATIO),
        row(f"export peak resident memory ({f['rows']:,} rows)",
            f"{f['export_peak_mb']:.0f} MB (raw, rows held in memory: {f['raw_peak_mb']:.0f} MB)",
            f"≤ {EXPORT_PEAK_MB} MB", f["export_peak_mb"] <= EXPORT_PEAK_MB),
    ]  # fmt: skip


def imports_rows(f: dict) -> list[dict]:
    figure = (
        f"{f['import_s']:.2f} s (check {f['check_s']:.2f} + write {f['write_s']:.2f}) vs "
        f"{f['bulk_create_s']:.2f} s: {f['ratio']:.2f}× (median of {f['repeat']}, {f['database']})"
    )
    measure = f"{f['rows']:,}-member import (check + write) vs bare bulk_create"
    return [row(measure, figure, f"≤ {IMPORT_RATIO:g}×", f["ratio"] <= IMPORT_RATIO)]


def load_rows(f: dict) -> list[dict]:
    if "skipped" in f:
        return [{**row("load run (gunicorn + PostgreSQL)", f["skipped"]), "verdict": "skipped"}]
    return [{**r, "measure": f"load: {r['measure']}"} for r in f["rows"]]


ROWS = {"exports": exports_rows, "certificates": certificates_rows, "imports": imports_rows,
        "pages": pages_rows, "load": load_rows}  # fmt: skip


def table(rows: list[dict]) -> str:
    lines = ["| measure | figure | target | verdict |", "| --- | --- | --- | --- |"]
    lines += [f"| {r['measure']} | {r['figure']} | {r['target']} | {r['verdict']} |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    started = time.perf_counter()
    only = [name for name in ENV("BENCH_ONLY", "").split(",") if name]
    print(f"UnionHub bench, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)  # fmt: skip
    failed, rows = 0, []
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        for name, title, args in RUNS:
            if only and name not in only:
                continue
            print(f"\n== {title} ({' '.join(args)})", flush=True)
            out = Path(tmp) / f"{name}.json"
            code = subprocess.run([sys.executable, str(HERE / args[0]), *args[1:], "--json", str(out)]).returncode  # fmt: skip
            failed += code != 0
            try:
                rows += ROWS[name](json.loads(out.read_text()))
            except (OSError, ValueError, KeyError, TypeError, ZeroDivisionError) as error:
                reason = f"exit {code}" if code else f"unreadable figures ({error!r})"
                rows.append({**row(f"{name}.py", f"failed ({reason}): no figures"), "verdict": "failed"})  # fmt: skip
    print(f"\n== All figures ({time.perf_counter() - started:.0f} s)\n")
    if any(r["measure"].startswith("page: ") for r in rows):
        print("Pages: district p95; city median / p95 (× = city p95 ÷ district p95); queries "
              "district / city; HTML at city scale;\ncity median ÷ the trivial view's. Targets "
              f"at city scale: p95 ≤ {PAGE_P95_MS} ms, ≤ {PAGE_GROWTH}× district p95, HTML ≤ "
              f"{PAGE_KB} KB.\n")  # fmt: skip
    print(table(rows))
    verdicts = [r["verdict"].split(":")[0] for r in rows if r["verdict"]]
    counts = {v: verdicts.count(v) for v in ("met", "missed", "failed", "skipped") if v in verdicts}
    print("\n" + ", ".join(f"{n} {v}" for v, n in counts.items()), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
