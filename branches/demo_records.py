"""Demo records for seed_demo: members, committees, a year of meetings and activities (2021), and
two report periods with most branches filed, some late and some not.

All names are synthetic. Deterministic (random.Random with a fixed seed) and idempotent: a unit
that already has members, positions or 2021 meetings is left alone; periods are looked up by title.
Seeded rows are bulk-inserted with one history row each ("Dữ liệu mẫu") to keep seed_demo fast.
"""

import random
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from branches.figures import figures_for
from branches.models import (
    Activity,
    ActivityKind,
    Gender,
    Meeting,
    MeetingKind,
    Member,
    MemberStatus,
    MemberTransfer,
    Position,
    PositionRole,
    ReportPeriod,
    ReportStatus,
    ReportTransition,
    Unit,
    UnitArea,
    UnitLevel,
    UnitReport,
    member_sort_key,
)
from branches.services.members import transfer_member
from branches.services.reports import open_report_period

TOP_CODE = "qdtb"
YEAR = 2021
REASON = "Dữ liệu mẫu"  # stored in the history rows; the demo is Vietnamese data
PERIODS = [
    ("Quý I/2021", date(2021, 1, 1), date(2021, 3, 31), date(2021, 4, 10)),
    ("Quý II/2021", date(2021, 4, 1), date(2021, 6, 30), date(2021, 7, 10)),
]
# The demo branch secretary's branch keeps its Quý II report unfiled, so their home shows it due.
UNFILED_CODES = {"dp-10-kp-3"}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Tạ", "Châu"]  # fmt: skip
MIDDLE_F = ["Thị", "Ngọc", "Thị Thu", "Thị Minh", "Bảo", "Thanh", "Thị Kim", "Khánh", "Hoài"]
MIDDLE_M = ["Văn", "Minh", "Quốc", "Đức", "Hoàng", "Thanh", "Gia", "Hữu", "Công", "Tuấn"]
GIVEN_F = ["Anh", "Ánh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hương", "Lan", "Linh",
           "Mai", "My", "Ngân", "Ngọc", "Nhi", "Oanh", "Phương", "Quyên", "Thảo", "Trang", "Uyên",
           "Vy", "Yến", "Tuyết", "Thư"]  # fmt: skip
GIVEN_M = ["An", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khang",
           "Khoa", "Kiên", "Lâm", "Long", "Minh", "Nam", "Nghĩa", "Phát", "Phúc", "Quân", "Sơn",
           "Tài", "Thắng", "Trí", "Tuấn", "Vinh"]  # fmt: skip
STREETS = ["Cộng Hòa", "Hoàng Văn Thụ", "Trường Chinh", "Lạc Long Quân", "Âu Cơ", "Bảy Hiền",
           "Phạm Văn Hai", "Lê Văn Sỹ", "Nguyễn Thái Bình", "Bàu Cát"]  # fmt: skip
MEETING_TOPICS = ["Sinh hoạt chi đoàn tháng {m}", "Học tập nghị quyết – tháng {m}",
                  "Sinh hoạt chủ điểm tháng {m}"]  # fmt: skip
ACTIVITIES = [
    (ActivityKind.VOLUNTEER, "Ngày Chủ nhật xanh"),
    (ActivityKind.VOLUNTEER, "Hiến máu tình nguyện"),
    (ActivityKind.VOLUNTEER, "Mùa hè xanh tại khu phố"),
    (ActivityKind.CULTURE_SPORTS, "Giải bóng đá thanh niên"),
    (ActivityKind.CULTURE_SPORTS, "Hội trại kỷ niệm ngày thành lập Đoàn 26/3"),
    (ActivityKind.LEARNING, "Tập huấn kỹ năng sơ cấp cứu"),
    (ActivityKind.LEARNING, "Chuyên đề phòng chống ma túy"),
    (ActivityKind.YOUTH_PROJECT, "Công trình thanh niên: Tuyến hẻm sáng – xanh – sạch"),
    (ActivityKind.YOUTH_PROJECT, "Công trình thanh niên: Tủ sách khu phố"),
    (ActivityKind.OTHER, "Thăm và tặng quà gia đình chính sách"),
]


def _demo_units() -> list[Unit]:
    top = Unit.objects.filter(code=TOP_CODE).first()
    if top is None:
        return []
    return list(
        Unit.objects.below(top)
        .open()
        .filter(level__in=[UnitLevel.BRANCH, UnitLevel.GRASSROOTS_BRANCH])
        .order_by("path")
    )


def _name(rng: random.Random, gender: str) -> str:
    if gender == Gender.FEMALE:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def _aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def seed(*, stdout) -> None:
    units = _demo_units()
    if not units:
        return
    rng = random.Random(20210326)
    members = _seed_members(units, rng)
    positions = _seed_committees(units, rng)
    logs = _seed_logs(units, rng)
    transfers = _seed_transfers(units, rng)
    reports = _seed_reports(units, rng)
    stdout.write(
        f"Records: {members} members, {positions} committee positions, {logs} meetings and "
        f"activities, {transfers} transfers, {reports} reports created now."
    )


def _seed_members(units: list[Unit], rng: random.Random) -> int:
    has_members = set(Member.objects.filter(unit__in=units).values_list("unit_id", flat=True))
    new = []
    serial = Member.objects.count()
    for unit in units:
        low, high = (15, 30) if unit.area == UnitArea.NEIGHBOURHOOD else (15, 40)
        count = rng.randint(low, high)
        if unit.pk in has_members:
            continue
        for _ in range(count):
            serial += 1
            gender = Gender.FEMALE if rng.random() < 0.55 else Gender.MALE
            name = _name(rng, gender)
            born = date(1991, 1, 1) + timedelta(days=rng.randint(0, 16 * 365))
            joined = born + timedelta(days=rng.randint(16 * 365, 16 * 365 + 5 * 365))
            joined = min(joined, date(YEAR, 12, 20))
            status, left_on = MemberStatus.ACTIVE, None
            if rng.random() < 0.06:
                status = rng.choice([MemberStatus.GRADUATED, MemberStatus.REMOVED])
                left_on = date(YEAR, rng.randint(1, 12), rng.randint(1, 28))
                joined = min(joined, left_on - timedelta(days=400))
            complete = rng.random() > 0.08
            member = Member(
                unit=unit,
                full_name=name,
                gender=gender,
                birth_date=born if complete else None,
                birth_year=born.year if complete else None,
                joined_on=joined,
                joined_year=joined.year,
                card_number=f"TB{joined:%y}{serial:06d}" if complete else "",
                phone=f"09{rng.randint(10000000, 99999999)}",
                address=f"{rng.randint(1, 400)} {rng.choice(STREETS)}, {unit.ward or 'Tân Bình'}",
                party_referred_on=(
                    date(YEAR, rng.randint(1, 12), rng.randint(1, 28))
                    if rng.random() < 0.03
                    else None
                ),
                status=status,
                left_on=left_on,
                sort_key=member_sort_key(name),
            )
            member.search_text = member.build_search_text()
            new.append(member)
    bulk_create_with_history(new, Member, batch_size=500, default_change_reason=REASON)
    return len(new)


def _seed_committees(units: list[Unit], rng: random.Random) -> int:
    has_positions = set(Position.objects.filter(unit__in=units).values_list("unit_id", flat=True))
    active = {}
    for member in Member.objects.filter(unit__in=units, status=MemberStatus.ACTIVE).only(
        "pk", "unit_id", "phone"
    ):
        active.setdefault(member.unit_id, []).append(member)
    new = []
    for unit in units:
        people = active.get(unit.pk, [])
        if unit.pk in has_positions or len(people) < 3:
            continue
        chosen = rng.sample(people, 3)
        started = date(2019, rng.randint(6, 12), 1)
        roles = [PositionRole.SECRETARY, PositionRole.DEPUTY_SECRETARY]
        roles.append(
            PositionRole.DEPUTY_SECRETARY if rng.random() < 0.3 else PositionRole.COMMITTEE_MEMBER
        )
        for member, role in zip(chosen, roles, strict=True):
            new.append(Position(unit=unit, member=member, role=role, started_on=started))
        # An earlier secretary whose term ended, for the committee's history.
        new.append(
            Position(
                unit=unit,
                person_name=_name(rng, rng.choice([Gender.FEMALE, Gender.MALE])),
                role=PositionRole.SECRETARY,
                started_on=date(2017, 6, 1),
                ended_on=started - timedelta(days=1),
            )
        )
    bulk_create_with_history(new, Position, batch_size=500, default_change_reason=REASON)
    return len(new)


def _seed_logs(units: list[Unit], rng: random.Random) -> int:
    done = set(
        Meeting.objects.filter(unit__in=units, held_on__year=YEAR).values_list("unit_id", flat=True)
    )
    meetings, activities = [], []
    for unit in units:
        if unit.pk in done:
            continue
        for month in range(1, 13):
            if rng.random() < 0.1:
                continue  # a month without a meeting
            kind = MeetingKind.THEMATIC if month in (3, 9) else MeetingKind.REGULAR
            meetings.append(
                Meeting(
                    unit=unit,
                    held_on=date(YEAR, month, rng.randint(5, 25)),
                    kind=kind,
                    topic=rng.choice(MEETING_TOPICS).format(m=month),
                    attendance=rng.randint(5, 25),
                )
            )
        for kind, topic in rng.sample(ACTIVITIES, rng.randint(3, 7)):
            activities.append(
                Activity(
                    unit=unit,
                    held_on=date(YEAR, rng.randint(1, 12), rng.randint(1, 28)),
                    kind=kind,
                    topic=topic,
                    attendance=rng.randint(8, 60),
                )
            )
    bulk_create_with_history(meetings, Meeting, batch_size=500, default_change_reason=REASON)
    bulk_create_with_history(activities, Activity, batch_size=500, default_change_reason=REASON)
    return len(meetings) + len(activities)


def _seed_transfers(units: list[Unit], rng: random.Random) -> int:
    """A few members moved between neighbourhood branches of the same ward, through the service."""
    if MemberTransfer.objects.filter(from_unit__in=units).exists():
        return 0
    by_ward: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.area == UnitArea.NEIGHBOURHOOD:
            by_ward.setdefault(unit.parent_id, []).append(unit)
    made = 0
    for siblings in list(by_ward.values())[:8]:
        source, target = siblings[0], siblings[-1]
        member = (
            Member.objects.filter(unit=source, status=MemberStatus.ACTIVE)
            .exclude(positions__isnull=False)
            .order_by("pk")
            .first()
        )
        if member is None or source == target:
            continue
        transfer_member(
            member,
            by=None,
            to_unit=target,
            transferred_on=date(YEAR, rng.randint(2, 11), rng.randint(1, 28)),
            note="Chuyển nơi cư trú",
        )
        made += 1
    return made


def _seed_reports(units: list[Unit], rng: random.Random) -> int:
    neighbourhood = [u for u in units if u.area == UnitArea.NEIGHBOURHOOD]
    made = 0
    for index, (title, starts_on, ends_on, due_on) in enumerate(PERIODS):
        period = ReportPeriod.objects.filter(title=title).first()
        if period is None:
            period = open_report_period(
                by=None,
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
                due_on=due_on,
                units=neighbourhood,
            )
        existing = set(UnitReport.objects.filter(period=period).values_list("unit_id", flat=True))
        todo = [u for u in neighbourhood if u.pk not in existing]
        figures = figures_for(todo, start=starts_on, end=ends_on)
        reports = []
        for unit in todo:
            # One generator per unit and period: the same units stay unfiled on every run.
            rng = random.Random(f"{title}/{unit.code}")
            roll = rng.random()
            late_share, missing_share = (0.08, 0.05) if index == 0 else (0.15, 0.12)
            if (unit.code in UNFILED_CODES and index == 1) or roll < missing_share:
                if unit.code not in UNFILED_CODES and rng.random() < 0.5:
                    continue  # not even started
                status, submitted = ReportStatus.DRAFT, None
            elif roll < missing_share + late_share:
                status = ReportStatus.SUBMITTED
                submitted = _aware(due_on + timedelta(days=rng.randint(1, 20)))
            else:
                status = ReportStatus.SUBMITTED
                submitted = _aware(due_on - timedelta(days=rng.randint(0, 9)))
            youth = rng.randint(80, 400)
            reports.append(
                UnitReport(
                    period=period,
                    unit=unit,
                    status=status,
                    **figures[unit.pk],
                    cards_issued=rng.randint(0, 3),
                    youth_in_area=youth,
                    youth_gathered=rng.randint(youth // 5, youth // 2),
                    children=rng.randint(50, 300),
                    dues_collected=rng.randint(5, 30) * 6000,
                    difficulties=rng.choice(
                        [
                            "Thiếu điểm sinh hoạt cho thanh thiếu nhi.",
                            "Đoàn viên đi làm xa, khó tập trung sinh hoạt.",
                            "Kinh phí hoạt động còn hạn chế.",
                            "",
                        ]
                    ),
                    proposals=rng.choice(
                        [
                            "Đề nghị hỗ trợ kinh phí tổ chức hoạt động hè.",
                            "Đề nghị mở lớp tập huấn kỹ năng cho Ban Chấp hành.",
                            "",
                        ]
                    ),
                    submitted_at=submitted,
                    first_submitted_at=submitted,
                )
            )
        bulk_create_with_history(reports, UnitReport, batch_size=500, default_change_reason=REASON)
        saved = UnitReport.objects.filter(
            period=period, unit__in=[r.unit for r in reports], status=ReportStatus.SUBMITTED
        )
        transitions = [
            ReportTransition(
                report=report, from_status=ReportStatus.DRAFT, to_status=ReportStatus.SUBMITTED
            )
            for report in saved
        ]
        ReportTransition.objects.bulk_create(transitions)
        made += len(reports)
    return made


def reset() -> None:
    """Delete the demo records of the demo tree and their history, children first."""
    # No "deleted" history row per record: the history of these rows goes too.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        _delete_records()


def _delete_records() -> None:
    top = Unit.objects.filter(code=TOP_CODE).first()
    if top is None:
        return
    tree = Unit.objects.below(top)
    unit_ids = list(tree.values_list("pk", flat=True))
    ReportTransition.objects.filter(report__unit__in=unit_ids).delete()
    UnitReport.objects.filter(unit__in=unit_ids).delete()
    ReportPeriod.objects.filter(
        Q(title__in=[p[0] for p in PERIODS]) | Q(units__in=unit_ids)
    ).delete()
    MemberTransfer.objects.filter(Q(from_unit__in=unit_ids) | Q(to_unit__in=unit_ids)).delete()
    Position.objects.filter(unit__in=unit_ids).delete()
    Meeting.objects.filter(unit__in=unit_ids).delete()
    Activity.objects.filter(unit__in=unit_ids).delete()
    Member.objects.filter(unit__in=unit_ids).delete()
    for model in (UnitReport, Position, Meeting, Activity, Member):
        model.history.filter(unit_id__in=unit_ids).delete()
    ReportPeriod.history.filter(title__in=[p[0] for p in PERIODS]).delete()
