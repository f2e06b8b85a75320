"""Time the member export beside a raw openpyxl write-only workbook of the same rows, in one run.

Run: DEBUG=true .venv/bin/python bench/exports.py [--rows 200000] [--repeat 3] [--json FILE]
Builds a throwaway SQLite database with one branch holding N members (bulk_create), then:
  - raw: the same rows (already in memory as tuples) written by a bare write-only openpyxl workbook;
  - export: `branches.member_list` rendered through the core renderer, as the background job does
    (values_list rows streamed from the database, labels looked up once).
Each runs in its own child process, so the peak resident size printed is that run's alone; the
two take turns `--repeat` times and the median times are compared.
Not a test: nothing is asserted.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(workdir: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.settings")
    import django

    django.setup()


def build(workdir: str, rows: int) -> None:
    _setup(workdir)
    from datetime import date

    from django.core.management import call_command

    from branches.models import Gender, Member, UnitArea, UnitLevel, member_sort_key
    from branches.services import create_unit

    call_command("migrate", verbosity=0)
    top = create_unit(by=None, parent=None, level=UnitLevel.DISTRICT_UNION, name="Quận Đoàn Bench")
    ward = create_unit(by=None, parent=top, level=UnitLevel.GRASSROOTS_UNION, name="Đoàn Phường 1",
                       area=UnitArea.WARD)  # fmt: skip
    branch = create_unit(by=None, parent=ward, level=UnitLevel.BRANCH, name="Chi đoàn Khu phố 1",
                         area=UnitArea.NEIGHBOURHOOD)  # fmt: skip
    batch = []
    for i in range(rows):
        name = f"Nguyễn Văn Thử {i:06d}"
        batch.append(Member(unit=branch, full_name=name, gender=Gender.MALE if i % 2 else Gender.FEMALE,
                            birth_date=date(1995 + i % 10, 1 + i % 12, 1 + i % 28),
                            card_number=f"TB-{i:06d}", phone=f"09{i:08d}",
                            address=f"{i % 500} Âu Cơ", sort_key=member_sort_key(name)))  # fmt: skip
        if len(batch) == 5000:
            Member.objects.bulk_create(batch)
            batch = []
    Member.objects.bulk_create(batch)
    print(top.pk)


def run(workdir: str, which: str, top_pk: int) -> None:
    _setup(workdir)
    from io import BytesIO

    from openpyxl import Workbook

    from branches.exports import MEMBER_COLUMNS, MemberListExporter, member_header
    from branches.models import Member
    from unionhub.accounts.models import User

    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench", password="bench-bench-bench"
    )
    if which == "raw":
        names = [name for name, _w in MEMBER_COLUMNS]
        rows = list(Member.objects.values_list("unit__name", *names))
        started = time.perf_counter()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Đoàn viên")
        ws.append(member_header())
        for number, row in enumerate(rows, start=1):
            ws.append([number, *row])
        buffer = BytesIO()
        wb.save(buffer)
    else:
        started = time.perf_counter()
        MemberListExporter(user=user, unit=top_pk, filters={"status": ""}).render()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {peak:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bench-exports-")
    me = [sys.executable, __file__]
    started = time.perf_counter()
    top = subprocess.run([*me, "--build", workdir, str(args.rows)], capture_output=True, text=True,
                         check=True).stdout.split()[-1]  # fmt: skip
    print(f"{args.rows} members built in {time.perf_counter() - started:.1f} s ({workdir})")
    # The two take turns, `--repeat` times each: a slow moment of the machine (one run seen at
    # 15 s and another at 19 s for the same raw write) falls on both, and the medians are kept.
    runs: dict[str, list[tuple[float, float]]] = {"raw": [], "export": []}
    for turn in range(args.repeat):
        for which in ("raw", "export"):
            out = subprocess.run([*me, "--run", workdir, which, top], capture_output=True,
                                 text=True, check=True).stdout.split()  # fmt: skip
            runs[which].append((float(out[-2]), float(out[-1])))
            print(f"{turn + 1}: {which:<7} {runs[which][-1][0]:7.2f} s  peak RSS "
                  f"{runs[which][-1][1]:7.1f} MB", flush=True)  # fmt: skip
    results = {which: (statistics.median(s for s, _p in done), max(p for _s, p in done))
               for which, done in runs.items()}  # fmt: skip
    print(f"medians of {args.repeat}: raw {results['raw'][0]:.2f} s, export "
          f"{results['export'][0]:.2f} s (peaks: the largest)")  # fmt: skip
    ratio = results["export"][0] / results["raw"][0]
    verdict = "OK" if ratio <= 1.2 else "MISS"
    print(f"export / raw write-only: {ratio:.2f}x (target <= 1.2x: {verdict}); "
          f"export peak {results['export'][1]:.0f} MB (target <= 120 MB: "
          f"{'OK' if results['export'][1] <= 120 else 'MISS'})")  # fmt: skip
    if args.json:
        figures = {"rows": args.rows, "raw_s": results["raw"][0], "raw_peak_mb": results["raw"][1],
                   "export_s": results["export"][0], "export_peak_mb": results["export"][1],
                   "ratio": ratio, "repeat": args.repeat}  # fmt: skip
        Path(args.json).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--build":
        build(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--run":
        run(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
