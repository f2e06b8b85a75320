"""`make bench`: every benchmark in one run, each in its own process, one after the other.

  exports.py       the member export of 200,000 rows beside a raw write-only openpyxl workbook
  certificates.py  47 and 500 certificates in one document beside a naive loop of documents
  imports.py       a 10,000-member import beside a bare bulk_create of the same members
  pages.py         the main pages as each role opens them, at district and city scale
                   (bench/datasets.py builds both data sets once, in their own databases)

Arguments after `--` go to none of them; set BENCH_ROWS to change the export's row count.
Not a test: nothing is asserted, and CI does not run it.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = [
    ("Member export vs raw openpyxl write-only", ["exports.py", "--rows", os.environ.get("BENCH_ROWS", "200000")]),
    ("Certificates vs a naive loop", ["certificates.py"]),
    ("Import vs bare bulk_create", ["imports.py"]),
    ("Pages at district and city scale", ["pages.py"]),
]  # fmt: skip


def main() -> int:
    started = time.perf_counter()
    print(f"UnionHub bench, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}", flush=True)  # fmt: skip
    failed = 0
    for title, args in RUNS:
        print(f"\n== {title} ({' '.join(args)})", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / args[0]), *args[1:]]).returncode != 0
    print(f"\nAll benchmarks: {time.perf_counter() - started:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
