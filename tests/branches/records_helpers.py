"""Helpers for the tests of a unit's records (members, committee, logs, reports)."""

from datetime import date

import pytest

from branches.models import (
    Activity,
    Gender,
    Import,
    ImportTransition,
    Meeting,
    Member,
    MemberTransfer,
    Position,
    ReportPeriod,
    ReportTransition,
    Unit,
    UnitReport,
)
from branches.services import create_member, open_report_period
from unionhub.models import ExportLog


def make_member(unit: Unit, full_name: str = "Nguyễn Văn An", **fields):
    fields.setdefault("gender", Gender.MALE)
    return create_member(unit, by=None, full_name=full_name, **fields)


def make_period(units, *, title: str = "Quý I/2021", due_on: date = date(2021, 4, 10), **dates):
    return open_report_period(
        by=None,
        title=title,
        starts_on=dates.get("starts_on", date(2021, 1, 1)),
        ends_on=dates.get("ends_on", date(2021, 3, 31)),
        due_on=due_on,
        units=units,
    )


def file_report(period, unit, *, on: date, youth: int = 10):
    """Submit the unit's report as if on `on` (for lateness)."""
    from datetime import datetime

    from django.utils import timezone

    from branches.models import UnitReport
    from branches.services import save_unit_report, start_unit_report

    report = start_unit_report(period, unit, by=None)
    save_unit_report(report, by=None, base_version=report.version, submit=True,
                     youth_in_area=youth)  # fmt: skip
    at = timezone.make_aware(datetime(on.year, on.month, on.day, 9, 0))
    UnitReport.objects.filter(pk=report.pk).update(submitted_at=at, first_submitted_at=at)
    return report


@pytest.fixture
def board_fixture(tree):
    """A period for six units of three groups with a known outcome (due 10/04/2021).

    Phường 10: A1 filed on time, A2 filed late, A3 a draft → 1 / 1 / 1.
    Phường 11: B1 filed on time, B2 nothing → 1 / 0 / 1.
    Directly under the district: G filed late → 0 / 1 / 0.
    """
    from types import SimpleNamespace

    from branches.models import UnitArea, UnitLevel
    from branches.services import start_unit_report
    from tests.factories import make_unit

    a3 = make_unit(tree.a, UnitLevel.BRANCH, "Chi đoàn Khu phố 5", area=UnitArea.NEIGHBOURHOOD)
    b2 = make_unit(tree.b, UnitLevel.BRANCH, "Chi đoàn Khu phố 2", area=UnitArea.NEIGHBOURHOOD)
    period = make_period([tree.a1, tree.a2, a3, tree.b1, b2, tree.g], due_on=date(2021, 4, 10))
    file_report(period, tree.a1, on=date(2021, 4, 10))
    file_report(period, tree.a2, on=date(2021, 4, 12))
    start_unit_report(period, a3, by=None)
    file_report(period, tree.b1, on=date(2021, 4, 1))
    file_report(period, tree.g, on=date(2021, 5, 1))
    return SimpleNamespace(
        period=period,
        a3=a3,
        b2=b2,
        unit_count=6,
        filed=2,
        late=2,
        not_filed=2,
        expected={tree.a.pk: (1, 1, 1, 3), tree.b.pk: (1, 0, 1, 2), 0: (0, 1, 0, 1)},
    )


def records_snapshot() -> tuple:
    """Everything a POST on the records pages could change."""
    models = (
        Member, MemberTransfer, Position, Meeting, Activity, UnitReport, ReportTransition,
        ReportPeriod, ExportLog, Import, ImportTransition,
    )  # fmt: skip
    return tuple(list(m.objects.order_by("pk").values()) for m in models)
