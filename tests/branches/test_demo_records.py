import io

import pytest

from branches import demo_records
from branches.models import Member, ReportPeriod, UnitArea, UnitReport
from unionhub.management.commands.seed_demo import Command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_tree():
    command = Command(stdout=io.StringIO())
    command.units, command.created_units = {}, 0
    command.build_tree()
    return command.units


def test_the_demo_records_fill_every_neighbourhood_branch_and_are_idempotent(demo_tree):
    demo_records.seed(stdout=io.StringIO())
    total = Member.objects.count()
    assert 4000 <= total <= 6000
    per_branch = [
        Member.objects.filter(unit=unit).count()
        for unit in demo_tree.values()
        if unit.area == UnitArea.NEIGHBOURHOOD
    ]
    assert len(per_branch) == 117 and min(per_branch) >= 5 and max(per_branch) <= 30
    assert ReportPeriod.objects.count() == 2
    reports = UnitReport.objects.count()
    out = io.StringIO()
    demo_records.seed(stdout=out)
    assert (Member.objects.count(), UnitReport.objects.count()) == (total, reports)
    demo_records.reset()
    assert not Member.objects.exists() and not ReportPeriod.objects.exists()
    assert not Member.history.exists()
