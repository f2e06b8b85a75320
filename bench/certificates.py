"""Time the certificates PDF: the demo decision's 47 certificates, then 500, each in one document
and as a naive loop of one document per certificate.

Run: DEBUG=true .venv/bin/python bench/certificates.py [--tracemalloc] [--json FILE]
Builds its own data (the demo tree and the demo commendation round) in a throwaway SQLite
database, prints seconds and peak memory (Python allocations by tracemalloc, and the process's
peak resident size). Not a test: nothing is asserted.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="bench-certificates-")
os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{workdir}/media"
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from weasyprint.text.ffi import harfbuzz_subset  # noqa: E402

from commendations.documents import render_certificates_pdf  # noqa: E402
from commendations.models import Award, Decision, new_verification_code  # noqa: E402
from unionhub.management.commands import seed_demo  # noqa: E402

TRACE = "--tracemalloc" in sys.argv


def measure(label: str, decision: Decision, awards: list[Award]) -> dict:
    """Seconds and the process's peak resident size (runs go small to large, so the peak after a
    run is that run's). With --tracemalloc, also Python's own peak (which slows rendering ~2x)."""
    if TRACE:
        tracemalloc.start()
    started = time.perf_counter()
    pdf = render_certificates_pdf(decision, awards)
    seconds = time.perf_counter() - started
    traced = ""
    if TRACE:
        traced = f"  peak Python {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MB"
        tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:<18} {len(awards):>4} pages  {seconds:6.2f} s  {len(awards) / seconds:5.1f} pages/s"
        f"  peak RSS {rss_mb:6.1f} MB{traced}  PDF {len(pdf) / 2**20:5.2f} MB",
        flush=True,
    )
    return {"pages": len(awards), "seconds": seconds, "peak_rss_mb": rss_mb,
            "pdf_mb": len(pdf) / 2**20}  # fmt: skip


def naive(decision: Decision, awards: list[Award], what: str) -> dict:
    """One document per award, one after the other."""
    started = time.perf_counter()
    for award in awards:
        render_certificates_pdf(decision, [award])
    seconds = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'naive loop':<18} {len(awards):>4} docs   {seconds:6.2f} s  peak RSS {rss_mb:6.1f} MB"
          f"  (one document per {what})", flush=True)  # fmt: skip
    return {"documents": len(awards), "seconds": seconds, "peak_rss_mb": rss_mb}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tracemalloc", action="store_true", help="also Python's own peak")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    print(f"Throwaway database in {workdir}")
    if not harfbuzz_subset:
        print("NOTE: libharfbuzz-subset0 is not installed, so WeasyPrint subsets the fonts with "
              "fontTools (about 1.7x slower): apt-get install libharfbuzz-subset0")  # fmt: skip
    call_command("migrate", verbosity=0)
    seed_demo.DEMO_EXTENSIONS = ["commendations.demo"]  # only this app's demo is needed
    started = time.perf_counter()
    call_command("seed_demo", stdout=StringIO())
    print(f"seed_demo (tree + commendation round): {time.perf_counter() - started:.2f} s")
    decision = Decision.objects.get(status="issued")
    awards = list(decision.awards.order_by("sequence"))
    measure("warm-up (1 page)", decision, awards[:1])
    figures = {"demo": measure("demo decision", decision, awards)}
    figures["demo_naive"] = naive(decision, awards, "award")
    # 500 distinct certificates in memory (names, register numbers and QR codes all differ): the
    # renderer's cost does not depend on whether they were saved.
    many = [
        Award(
            decision=decision,
            nomination=awards[i % len(awards)].nomination,
            sequence=i + 1,
            register_number=f"{decision.number}.{i + 1:03d}/QĐTB-TD",
            verification_code=new_verification_code(),
            recipient_name=f"Chi đoàn Khu phố {i % 17 + 1}",
            parent_name=f"Đoàn Phường {i % 15 + 1}",
            honour_title="Chi đoàn mạnh tiêu biểu",
            list_heading="Chi đoàn trực thuộc",
        )
        for i in range(500)
    ]
    figures["many"] = measure("500 certificates", decision, many)
    figures["many_naive"] = naive(decision, many, "certificate")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
