from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.board import (
    DIRECT,
    FILED,
    LATE,
    NOT_FILED,
    _direct_name,
    build_board,
    period_totals,
)
from branches.models import FIGURE_FIELDS, UnitReport
from branches.permissions import units_visible_to
from tests.branches import records_helpers

pytestmark = pytest.mark.django_db
board_fixture = records_helpers.board_fixture


def _group_url(period, key, **query) -> str:
    url = reverse("branches:board_group", kwargs={"pk": period.pk, "key": key})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _states(response) -> dict:
    return {line.unit: line.state for line in response.context["lines"].object_list}


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
    assert [g.name for g in board.groups] == [
        "Đoàn Phường 10",
        "Đoàn Phường 11",
        str(_direct_name()),
    ]


def test_the_board_counts_agree_with_every_unit_listed_one_by_one(
    district_client, district_staff, board_fixture
):
    listed = build_board(board_fixture.period, units_visible_to(district_staff))
    counted = district_client.get(
        reverse("branches:board", kwargs={"pk": board_fixture.period.pk})
    ).context["board"]
    for group in listed.groups:
        assert group.filed == sum(line.state == FILED for line in group.lines)
    assert [(g.key, g.filed, g.late, g.total) for g in counted.groups] == [
        (g.key, g.filed, g.late, g.total) for g in listed.groups
    ]


def test_a_group_page_lists_its_units_with_their_state(district_client, board_fixture, tree):
    response = district_client.get(_group_url(board_fixture.period, tree.a.pk))
    assert response.status_code == 200
    assert _states(response) == {tree.a1: FILED, tree.a2: LATE, board_fixture.a3: NOT_FILED}
    assert [line.unit.name for line in response.context["lines"].object_list] == [
        "Chi đoàn Khu phố 3",
        "Chi đoàn Khu phố 4",
        "Chi đoàn Khu phố 5",
    ]
    direct = district_client.get(_group_url(board_fixture.period, DIRECT))
    assert _states(direct) == {tree.g: LATE}


@pytest.mark.parametrize("state", [FILED, LATE, NOT_FILED])
def test_a_group_page_filters_by_state(district_client, board_fixture, tree, state):
    response = district_client.get(_group_url(board_fixture.period, tree.a.pk, state=state))
    assert set(_states(response).values()) == {state}
    assert len(_states(response)) == 1


def test_a_group_page_is_paginated_and_keeps_the_state(district_client, board_fixture, tree):
    from branches.models import UnitArea, UnitLevel
    from tests.factories import make_unit

    more = [
        make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn Khu phố {n}", area=UnitArea.NEIGHBOURHOOD)
        for n in range(10, 70)
    ]
    board_fixture.period.units.add(*more)
    first = district_client.get(_group_url(board_fixture.period, tree.a.pk, state=NOT_FILED))
    lines = first.context["lines"]
    assert lines.paginator.count == 61 and len(lines.object_list) == 50
    # Sorted as people count: Khu phố 5 before Khu phố 10.
    assert lines.object_list[0].unit == board_fixture.a3
    assert "state=not_filed&amp;page=2" in first.content.decode()
    second = district_client.get(
        _group_url(board_fixture.period, tree.a.pk, state=NOT_FILED, page=2)
    )
    assert [line.unit.name for line in second.context["lines"].object_list][-1] == (
        "Chi đoàn Khu phố 69"
    )


def test_a_returned_report_counts_as_not_filed(district_client, board_fixture, tree):
    UnitReport.objects.filter(unit=tree.a1).update(status="returned")
    response = district_client.get(_group_url(board_fixture.period, tree.a.pk))
    assert _states(response)[tree.a1] == NOT_FILED
    [line] = [line for line in response.context["lines"].object_list if line.unit == tree.a1]
    assert line.report.status == "returned"


def test_the_ward_secretary_sees_only_the_wards_branches_on_the_board(ward_client, board_fixture):
    response = ward_client.get(reverse("branches:board", kwargs={"pk": board_fixture.period.pk}))
    assert [g.name for g in response.context["board"].groups] == ["Đoàn Phường 10"]


def test_the_group_of_another_union_is_404(ward_client, board_fixture, tree):
    assert ward_client.get(_group_url(board_fixture.period, tree.b.pk)).status_code == 404
    assert ward_client.get(_group_url(board_fixture.period, DIRECT)).status_code == 404
    assert ward_client.get(_group_url(board_fixture.period, tree.a.pk)).status_code == 200


def test_totals_sum_the_filed_reports(district_client, board_fixture):
    response = district_client.get(
        reverse("branches:totals", kwargs={"pk": board_fixture.period.pk})
    )
    district = response.context["district"]
    assert district.count == board_fixture.filed + board_fixture.late
    assert district.figures["youth_in_area"] == 10 * (board_fixture.filed + board_fixture.late)
    assert [(row.name, row.count) for row in response.context["rows"]] == [
        ("Đoàn Phường 10", 2),
        ("Đoàn Phường 11", 1),
        (str(_direct_name()), 1),
    ]


def test_totals_equal_the_sums_of_the_reports_one_by_one(district_staff, board_fixture):
    visible = units_visible_to(district_staff)
    UnitReport.objects.filter(unit=board_fixture.a3).update(youth_in_area=999)  # a draft
    board = build_board(board_fixture.period, visible)
    totals = period_totals(board_fixture.period, visible)
    for group, row in zip(board.groups, totals.groups, strict=True):
        filed = [line.report for line in group.lines if line.state != NOT_FILED]
        assert row.name == group.name and row.count == len(filed)
        for name in FIGURE_FIELDS:
            assert row.figures[name] == sum(getattr(report, name) for report in filed)


def test_states_are_named(board_fixture):
    assert {FILED, LATE, NOT_FILED} == {"filed", "late", "not_filed"}
    assert timezone.is_aware(timezone.make_aware(datetime(2021, 4, 1)))
