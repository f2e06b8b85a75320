"""Time a 10,000-member import beside a bare bulk_create of the same members, in one run.

Run: DEBUG=true .venv/bin/python bench/imports.py [--rows N] [--repeat K] [--json FILE]
Builds a 10,000-row .xlsx with openpyxl in a temporary directory (a letterhead, a two-row header
with the date of birth under "Nam" / "Nữ", phones that lost their 0), and a small tree in a
throwaway SQLite database, or, when DATABASE_URL is a PostgreSQL URL, in a throwaway database on
that server (created and dropped by the run). Then, for each repeat, on an empty branch each time:
  - bulk_create: the same members, already parsed, written by one Member.objects.bulk_create
    (the same rows: sort key and search text included);
  - import: the file's bytes checked (read, table found, every row validated and matched against
    the register) and written by the import services (members and their history rows), as a
    secretary's upload and confirmation do.
Prints seconds for each and the ratio (medians over the repeats). Not a test: nothing is asserted.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="bench-imports-")
SERVER_URL = os.environ.get("DATABASE_URL", "")
THROWAWAY = f"unionhub_bench_{os.getpid()}"
if SERVER_URL.startswith(("postgres://", "postgresql://")):
    import psycopg

    SERVER_BASE = SERVER_URL.rpartition("/")[0]
    with psycopg.connect(f"{SERVER_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{THROWAWAY}"')
    os.environ["DATABASE_URL"] = f"{SERVER_BASE}/{THROWAWAY}"
else:
    SERVER_BASE = ""
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{workdir}/media"
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from branches.models import (  # noqa: E402
    Gender,
    ImportKind,
    Member,
    RoleKind,
    UnitArea,
    UnitLevel,
    member_sort_key,
)
from branches.services import (  # noqa: E402
    confirm_import,
    create_unit,
    grant_role,
    start_import,
)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Hoàng", "Ngọc", "Thanh", "Quốc", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hằng", "Khôi", "Lan", "Mai", "Nam", "Phúc", "Quân"]


def people(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        name = f"{FAMILY[i % 10]} {MIDDLE[i % 8]} {GIVEN[i % 11]} {i:05d}"
        rows.append(
            {
                "full_name": name,
                "gender": Gender.MALE if i % 2 else Gender.FEMALE,
                "birth_date": date(1990 + i % 15, 1 + i % 12, 1 + i % 28),
                "joined_on": date(2008 + i % 12, 3, 26),
                "card_number": f"TB-{i:05d}",
                "phone": f"09{i:08d}",
                "address": f"{1 + i % 300} Trường Chinh",
            }
        )
    return rows


def build_xlsx(rows: list[dict], path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("DS đoàn viên")
    ws.append(["ĐOÀN TNCS HỒ CHÍ MINH"])
    ws.append(["BCH ĐOÀN PHƯỜNG 10"])
    ws.append([])
    ws.append(["DANH SÁCH ĐOÀN VIÊN"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Ngày sinh", None, "Ngày vào Đoàn", "Số thẻ đoàn viên",
               "SĐT", "Địa chỉ"])  # fmt: skip
    ws.append([None, None, "Nam", "Nữ"])
    for n, row in enumerate(rows, start=1):
        male = row["gender"] == Gender.MALE
        ws.append([n, row["full_name"], row["birth_date"] if male else None,
                   None if male else row["birth_date"], row["joined_on"].strftime("%d/%m/%Y"),
                   row["card_number"], int(row["phone"]), row["address"]])  # fmt: skip
    ws.append([f"Tổng cộng: {len(rows)} đoàn viên"])
    wb.save(path)


def bare_bulk_create(unit, rows: list[dict]) -> float:
    """The same rows as the register stores them: with their sort key and their search text (on
    PostgreSQL a trigram index keeps the search text, so an empty one would spare the baseline
    the index work every real member row costs)."""
    started = time.perf_counter()
    members = []
    for r in rows:
        member = Member(unit=unit, sort_key=member_sort_key(r["full_name"]), **r)
        member.search_text = member.build_search_text()
        members.append(member)
    with transaction.atomic():
        Member.objects.bulk_create(members, batch_size=500)
    return time.perf_counter() - started


def through_the_import(unit, content: bytes, user) -> tuple[float, float]:
    started = time.perf_counter()
    record = start_import(unit, by=user, kind=ImportKind.MEMBERS, file_name="ds.xlsx",
                          content=content)  # fmt: skip
    checked = time.perf_counter()
    record = confirm_import(record, by=user)
    done = time.perf_counter()
    assert (
        record.state == "applied"
        and record.created_count == Member.objects.filter(unit=unit).count()
    ), (record.state, record.errors[:3])
    return checked - started, done - checked


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    settings.IMPORT_JOB_THRESHOLD = args.rows + 1  # write in this process: the work, not the queue
    where = THROWAWAY if SERVER_BASE else workdir
    print(f"Database: {connection.vendor} ({where})")
    call_command("migrate", verbosity=0)
    top = create_unit(by=None, parent=None, level=UnitLevel.DISTRICT_UNION, name="Quận Đoàn")
    ward = create_unit(by=None, parent=top, level=UnitLevel.GRASSROOTS_UNION, name="Đoàn P10",
                       area=UnitArea.WARD)  # fmt: skip
    user = get_user_model().objects.create_user(username="bithu.p10", full_name="Bí Thư")
    grant_role(ward, by=None, user=user, kind=RoleKind.MANAGER)
    rows = people(args.rows)
    path = Path(workdir) / "ds.xlsx"
    started = time.perf_counter()
    build_xlsx(rows, path)
    content = path.read_bytes()
    print(f"{args.rows} members: the .xlsx ({len(content) / 2**20:.2f} MB) written in "
          f"{time.perf_counter() - started:.2f} s")  # fmt: skip
    bulk, check, write = [], [], []
    for run in range(args.repeat):
        bulk_unit = create_unit(by=None, parent=ward, level=UnitLevel.BRANCH, name=f"Bulk {run}")
        import_unit = create_unit(by=None, parent=ward, level=UnitLevel.BRANCH, name=f"Imp {run}")
        bulk.append(bare_bulk_create(bulk_unit, rows))
        seconds = through_the_import(import_unit, content, user)
        check.append(seconds[0])
        write.append(seconds[1])
        print(f"  run {run + 1}: bulk_create {bulk[-1]:.2f} s, import {sum(seconds):.2f} s "
              f"(check {seconds[0]:.2f} s + write {seconds[1]:.2f} s)", flush=True)  # fmt: skip
    b, c, w = statistics.median(bulk), statistics.median(check), statistics.median(write)
    print(f"bare bulk_create            {b:6.2f} s")
    print(f"import (check + write)      {c + w:6.2f} s   = {c:.2f} s + {w:.2f} s")
    print(f"ratio                       {(c + w) / b:6.2f} x  (target: at most 3 x)")
    if args.json:
        figures = {"rows": args.rows, "repeat": args.repeat, "database": connection.vendor,
                   "bulk_create_s": b, "check_s": c, "write_s": w, "import_s": c + w,
                   "ratio": (c + w) / b}  # fmt: skip
        Path(args.json).write_text(json.dumps(figures, indent=1))


def drop_throwaway() -> None:
    if not SERVER_BASE:
        return
    connection.close()
    with psycopg.connect(f"{SERVER_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{THROWAWAY}" WITH (FORCE)')


if __name__ == "__main__":
    try:
        main()
    finally:
        drop_throwaway()
