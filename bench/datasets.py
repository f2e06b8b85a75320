"""The district and city data sets the page bench runs on, each in its own database.

  district  `seed_demo`: Quận Đoàn Tân Bình in 2021 (220 units, 4,799 members, two report
            periods, the dialogue conference with its survey and opinions, the 2020 round).
  city      the same district, grown under the same top unit to about 5,000 units: 300 more
            grassroots unions of 16 branches, about 200,000 members, their reports in both
            periods, invitations to both events, answers to the conference survey, opinions and
            nominations, in the demo's proportions. Everything the demo had keeps its id, so the
            bench opens the same pages as the same people at both scales.

A database is built once and kept (`--rebuild` builds it again). With DATABASE_URL pointing at a
PostgreSQL server the databases are `unionhub_bench_district` and `unionhub_bench_city` on it;
otherwise SQLite files under /tmp/unionhub-bench/.

Run: DEBUG=true .venv/bin/python bench/datasets.py [district|city] [--rebuild]
"""

import argparse
import contextlib
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_DIR = Path("/tmp/unionhub-bench")
SCALES = ("district", "city")
GROWN_UNIONS = 300
BRANCHES_PER_UNION = 16


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def database_url(scale: str) -> str:
    if server_url():
        return f"{server_url().rpartition('/')[0]}/unionhub_bench_{scale}"
    return f"sqlite:///{SQLITE_DIR}/{scale}.sqlite3"


def _exists(scale: str) -> bool:
    if not server_url():
        return (SQLITE_DIR / f"{scale}.sqlite3.done").exists()
    import psycopg

    with psycopg.connect(f"{server_url().rpartition('/')[0]}/postgres", autocommit=True) as conn:
        name = f"unionhub_bench_{scale}"
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
    with psycopg.connect(database_url(scale)) as conn:
        found = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'bench_done'"
        ).fetchone()
        return bool(found)


def _drop(scale: str) -> None:
    if not server_url():
        SQLITE_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", ".done", "-wal", "-shm"):
            Path(f"{SQLITE_DIR}/{scale}.sqlite3{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{server_url().rpartition('/')[0]}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "unionhub_bench_{scale}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "unionhub_bench_{scale}"')


def _mark_done(scale: str) -> None:
    if not server_url():
        (SQLITE_DIR / f"{scale}.sqlite3.done").touch()
        return
    from django.db import DatabaseError, connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_done (at timestamp DEFAULT now())")
        # As autovacuum leaves a settled database: statistics, and the visibility map that lets
        # counts read an index alone.
        cursor.execute("VACUUM ANALYZE")
        # And the build's writes flushed now, not in the middle of the timings that follow
        # (a superuser's or pg_checkpoint's right: without it the checkpoint comes when it will).
        with contextlib.suppress(DatabaseError):
            cursor.execute("CHECKPOINT")


def ensure(scale: str, *, rebuild: bool = False) -> str:
    """Build the data set unless it is there; returns its DATABASE_URL."""
    if rebuild or not _exists(scale):
        _drop(scale)
        env = {**os.environ, "DATABASE_URL": database_url(scale), "DEBUG": "true"}
        env.setdefault("LOG_LEVEL", "WARNING")
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), scale, "--build-here"],
            env=env,
            check=True,
        )
    return database_url(scale)


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.settings")
    os.environ.setdefault("MEDIA_ROOT", str(SQLITE_DIR / "media"))
    import django

    django.setup()


def build_here(scale: str) -> None:
    _setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    if scale == "city":
        with transaction.atomic():
            grow(random.Random(2021))
    _mark_done(scale)
    print(f"{scale}: {counts()}", flush=True)


def counts() -> str:
    from branches.models import Member, Unit, UnitReport
    from commendations.models import Nomination
    from events.models import Answer, Invitation, Opinion

    figures = {
        "units": Unit.objects.count(),
        "members": Member.objects.count(),
        "reports": UnitReport.objects.count(),
        "invitations": Invitation.objects.count(),
        "answers": Answer.objects.count(),
        "opinions": Opinion.objects.count(),
        "nominations": Nomination.objects.count(),
    }
    return ", ".join(f"{value:,} {name}" for name, value in figures.items())


def _place(units, parent) -> None:
    from branches.models import PATH_SEGMENT, Unit

    for unit in units:
        unit.path = f"{parent.path}{unit.pk:0{PATH_SEGMENT}d}/"
        unit.depth = parent.depth + 1
        unit.search_text = unit.build_search_text()
    Unit.objects.bulk_update(units, ["path", "depth", "search_text"], batch_size=2000)


def grow_units(rng):
    from branches.models import Unit, UnitArea, UnitLevel

    top = Unit.objects.get(code="qdtb")
    unions = Unit.objects.bulk_create(
        Unit(level=UnitLevel.GRASSROOTS_UNION, area=UnitArea.WARD, parent=top,
             name=f"Đoàn Phường {n} Cụm {1 + n // 20}", code=f"city-{n:03d}",
             ward=f"Phường {n}")
        for n in range(16, 16 + GROWN_UNIONS)
    )  # fmt: skip
    _place(unions, top)
    branches = []
    for union in unions:
        made = Unit.objects.bulk_create(
            Unit(level=UnitLevel.BRANCH, area=UnitArea.NEIGHBOURHOOD, parent=union,
                 name=f"Chi đoàn Khu phố {k}", code=f"{union.code}-kp-{k}",
                 ward=union.ward, neighbourhood=f"Khu phố {k}")
            for k in range(1, BRANCHES_PER_UNION + 1)
        )  # fmt: skip
        _place(made, union)
        branches.extend(made)
    return unions, branches


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Đức", "Bảo"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Khánh", "Lan",
         "Linh", "Long", "Mai", "Nam", "Ngân", "Phúc", "Quân", "Sơn", "Thảo", "Trang", "Tuấn",
         "Uyên", "Việt", "Yến"]  # fmt: skip


def grow_members(rng, branches) -> None:
    from datetime import date

    from branches.models import Gender, Member, MemberStatus, member_sort_key

    batch = []
    serial = 0
    for branch in branches:
        for _i in range(rng.randint(22, 61)):
            serial += 1
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            left = rng.random() < 0.04
            member = Member(
                unit=branch, full_name=name,
                gender=Gender.FEMALE if rng.random() < 0.48 else Gender.MALE,
                birth_date=date(rng.randint(1991, 2008), rng.randint(1, 12), rng.randint(1, 28)),
                joined_on=date(rng.randint(2008, 2021), rng.randint(1, 12), rng.randint(1, 28)),
                card_number=f"C{serial:07d}", phone=f"09{serial:08d}",
                status=MemberStatus.TRANSFERRED if left else MemberStatus.ACTIVE,
                left_on=date(2021, rng.randint(1, 6), 15) if left else None,
                sort_key=member_sort_key(name),
            )  # fmt: skip
            member.search_text = member.build_search_text()
            batch.append(member)
            if len(batch) >= 5000:
                Member.objects.bulk_create(batch)
                batch = []
    Member.objects.bulk_create(batch)


def grow_reports(rng, branches) -> None:
    from datetime import datetime, timedelta

    from django.db.models import Count, Q
    from django.utils import timezone

    from branches.models import Member, MemberStatus, ReportPeriod, ReportStatus, UnitReport

    sizes = {
        row["unit"]: row
        for row in Member.objects.filter(unit__in=branches)
        .values("unit")
        .annotate(n=Count("pk"), women=Count("pk", filter=Q(gender="female")))
        .filter(status=MemberStatus.ACTIVE)
    }
    for period in ReportPeriod.objects.order_by("ends_on"):
        period.units.add(*branches)
        due = timezone.make_aware(datetime.combine(period.due_on, datetime.min.time()))
        reports = []
        for branch in branches:
            if rng.random() < 0.08:
                continue
            size = sizes.get(branch.pk, {"n": 0, "women": 0})
            youth = rng.randint(150, 900)
            submitted = rng.random() < 0.93
            at = due + timedelta(days=rng.randint(-9, 6)) if submitted else None
            reports.append(UnitReport(
                period=period, unit=branch,
                status=ReportStatus.SUBMITTED if submitted else ReportStatus.DRAFT,
                members_total=size["n"], members_female=size["women"],
                admissions=rng.randint(0, 6), transfers_in=rng.randint(0, 2),
                transfers_out=rng.randint(0, 2), youth_in_area=youth,
                youth_gathered=rng.randint(0, youth), children=rng.randint(50, 400),
                party_referrals=rng.randint(0, 2), meetings_held=rng.randint(1, 3),
                activities_held=rng.randint(0, 5), dues_collected=rng.randint(0, 60) * 2000,
                first_submitted_at=at, submitted_at=at,
            ))  # fmt: skip
        UnitReport.objects.bulk_create(reports, batch_size=2000)


def grow_events(rng, branches) -> None:
    from django.utils import timezone

    from events.models import (
        Answer,
        Event,
        Invitation,
        Opinion,
        OpinionSource,
        OpinionStatus,
        Reply,
        Response,
        Survey,
        Theme,
    )
    from unionhub.core.text import fold

    parents = {}
    for event in Event.objects.order_by("pk"):
        invitations = []
        for branch in branches:
            parent = parents.setdefault(branch.parent_id, branch.parent.name)
            replied = event.pk == 1 or rng.random() < 0.5
            invitations.append(Invitation(
                event=event, unit=branch, code=f"B{event.pk}{branch.pk:07d}",
                reply=rng.choice([Reply.YES, Reply.YES, Reply.YES, Reply.NO]) if replied
                else Reply.PENDING,
                replied_at=event.starts_at if replied else None,
                checked_in_at=event.starts_at if event.pk == 1 and rng.random() < 0.9 else None,
                search_text=fold(f"{branch.name} {parent}"),
            ))  # fmt: skip
        Invitation.objects.bulk_create(invitations, batch_size=2000)
    survey = Survey.objects.filter(event_id=1).order_by("pk").first()
    questions = list(survey.questions.order_by("order", "pk"))
    # As in the demo, where 100 of the 117 invited branches answered the conference survey.
    answering = [branch for branch in branches if rng.random() < 100 / 117]
    responses = Response.objects.bulk_create(
        Response(survey=survey, unit=branch, submitted_at=survey.opens_at,
                 updated_at=survey.opens_at)
        for branch in answering
    )  # fmt: skip
    answers = []
    for response in responses:
        for question in questions:
            answer = _answer(rng, question, response)
            if answer is not None:
                answers.append(answer)
    Answer.objects.bulk_create(answers, batch_size=5000)
    themes = list(Theme.objects.all()) or [None]
    statuses = [OpinionStatus.OPEN, OpinionStatus.ANSWERED, OpinionStatus.ANSWERED,
                OpinionStatus.FORWARDED, OpinionStatus.CLOSED]  # fmt: skip
    Opinion.objects.bulk_create(
        Opinion(event_id=1, raised_by_unit=branch, source=OpinionSource.SURVEY,
                theme=rng.choice(themes), status=rng.choice(statuses),
                content=f"Đề nghị hỗ trợ địa điểm sinh hoạt cho {branch.name} ({branch.code}).",
                answer="Quận Đoàn ghi nhận và phối hợp giải quyết.",
                answered_at=timezone.now())
        for branch in branches if rng.random() < 0.3
    )  # fmt: skip


def _answer(rng, question, response):
    from events.models import Answer

    kind = question.kind
    if kind == "number":
        return Answer(response=response, question=question, number=rng.randint(0, 60))
    if kind == "scale_1_5":
        return Answer(response=response, question=question, number=rng.randint(1, 5))
    if kind == "single_choice":
        return Answer(response=response, question=question, choices=[rng.choice(question.choices)])
    if kind == "multiple_choice":
        picked = rng.sample(question.choices, rng.randint(1, min(3, len(question.choices))))
        return Answer(response=response, question=question, choices=picked)
    if rng.random() < 0.4:
        return Answer(
            response=response,
            question=question,
            text="Mong Quận Đoàn tổ chức thêm lớp tập huấn kỹ năng cho Bí thư.",
        )
    return None


def grow_nominations(rng, unions, branches) -> None:
    from commendations.models import Assessment, Criterion, Honour, Nomination, NominationStatus

    honours = {honour.title: honour for honour in Honour.objects.order_by("pk")}
    by_level = list(honours.values())
    branch_honour, union_honour = by_level[-1], by_level[0]
    statuses = [NominationStatus.APPROVED] * 5 + [
        NominationStatus.SUBMITTED, NominationStatus.ENDORSED, NominationStatus.RETURNED,
        NominationStatus.REJECTED, NominationStatus.DRAFT]  # fmt: skip
    chosen = [(u, union_honour) for u in unions if rng.random() < 0.3]
    chosen += [(b, branch_honour) for b in branches if rng.random() < 0.3]
    nominations = Nomination.objects.bulk_create(
        Nomination(round=honour.round, honour=honour, unit=unit, status=rng.choice(statuses),
                   summary="Chi đoàn tổ chức tốt sinh hoạt định kỳ, phát triển đoàn viên mới.")
        for unit, honour in chosen
    )  # fmt: skip
    criteria = list(Criterion.objects.filter(criteria_set=branch_honour.round.criteria_set))
    Assessment.objects.bulk_create(
        (
            Assessment(nomination=nomination, criterion=criterion, self_met=True,
                       evidence="Biên bản sinh hoạt chi đoàn.")
            for nomination in nominations
            for criterion in criteria
        ),
        batch_size=5000,
    )  # fmt: skip


def grow(rng) -> None:
    unions, branches = grow_units(rng)
    grow_members(rng, branches)
    grow_reports(rng, branches)
    grow_events(rng, branches)
    grow_nominations(rng, unions, branches)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", choices=SCALES)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_here:
        build_here(args.scale)
    else:
        print(ensure(args.scale, rebuild=args.rebuild))
    return 0


if __name__ == "__main__":
    sys.exit(main())
