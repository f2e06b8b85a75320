from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.board import FILED, LATE, NOT_FILED
from branches.models import UnitReport
from tests.branches import records_helpers

pytestmark = pytest.mark.django_db
board_fixture = records_helpers.board_fixture


def test_the_board_counts_filed_late_and_not_filed_per_grassroots_union(
    district_client, board_fixture
):
    response = district_client.get(
        reverse("branches:board", kwargs={"pk": board_fixture.period.pk})
    )
    board = response.context["board"]
    counts = {g.key: (g.filed, g.late, g.not_filed, g.total) for g in board.groups}
    assert counts == board_fixture.expected
    assert (board.filed, board.late, board.not_filed) == (
        board_fixture.filed,
        board_fixture.late,
        board_fixture.not_filed,
    )


def test_a_returned_report_counts_as_not_filed(district_client, board_fixture, tree):
    UnitReport.objects.filter(unit=tree.a1).update(status="returned")
    response = district_client.get(
        reverse("branches:board", kwargs={"pk": board_fixture.period.pk})
    )
    group = next(g for g in response.context["board"].groups if g.name == "Đoàn Phường 10")
    assert {line.unit: line.state for line in group.lines}[tree.a1] == NOT_FILED


def test_the_ward_secretary_sees_only_the_wards_branches_on_the_board(ward_client, board_fixture):
    response = ward_client.get(reverse("branches:board", kwargs={"pk": board_fixture.period.pk}))
    assert [g.name for g in response.context["board"].groups] == ["Đoàn Phường 10"]


def test_totals_sum_the_filed_reports(district_client, board_fixture):
    response = district_client.get(
        reverse("branches:totals", kwargs={"pk": board_fixture.period.pk})
    )
    district = response.context["district"]
    assert district.count == board_fixture.filed + board_fixture.late
    assert district.figures["youth_in_area"] == 10 * (board_fixture.filed + board_fixture.late)


def test_states_are_named(board_fixture):
    assert {FILED, LATE, NOT_FILED} == {"filed", "late", "not_filed"}
    assert timezone.is_aware(timezone.make_aware(datetime(2021, 4, 1)))
