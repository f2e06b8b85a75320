"""No N+1 by grassroots union: the board, one union's page, the totals and the Excel take as many
queries for 3 unions as for 300."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import UnitArea, UnitLevel, UnitReport
from tests.branches.records_helpers import file_report, make_period
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    cache.clear()  # the board counted, not read from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _add_unions(top, n: int) -> list:
    """`n` grassroots unions (Đoàn Phường 100…) with one branch each: the branches."""
    branches = []
    for i in range(n):
        union = make_unit(top, UnitLevel.GRASSROOTS_UNION, f"Đoàn Phường {100 + i}", area="ward")
        branches.append(
            make_unit(union, UnitLevel.BRANCH, f"Chi đoàn Khu phố {i}", area=UnitArea.NEIGHBOURHOOD)
        )
    return branches


def test_the_board_pages_take_the_same_queries_for_3_and_300_unions(district_client, tree):
    period = make_period([tree.a1, tree.a2, tree.b1, tree.g])
    file_report(period, tree.a1, on=period.due_on)
    board = reverse("branches:board", kwargs={"pk": period.pk})
    totals = reverse("branches:totals", kwargs={"pk": period.pk})
    urls = [
        board,
        board + "?q=phuong&sort=not_filed&page=2",
        reverse("branches:board_group", kwargs={"pk": period.pk, "key": tree.a.pk}),
        reverse("branches:board_group", kwargs={"pk": period.pk, "key": tree.a.pk})
        + "?state=filed",
        totals,
        totals + "?q=phuong&page=2",
        reverse("branches:board_export", kwargs={"pk": period.pk}),
    ]
    district_client.get(board)  # warm the session
    few = [_count(district_client, url) for url in urls]
    many = _add_unions(tree.top, 297)
    period.units.add(*many)
    for branch in many[::7]:
        file_report(period, branch, on=period.due_on)
    rows = district_client.get(board).context["groups"].paginator.count
    assert rows == 300 and UnitReport.objects.count() == 44
    # The export also writes its export-log row, the same one each time.
    assert [_count(district_client, url) for url in urls] == few
