"""No N+1: the member list, the unit list and the board take as many queries for 3 rows as for 300."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Gender, Member, UnitArea, UnitLevel, UnitReport, member_sort_key
from branches.services import create_unit
from tests.branches.records_helpers import file_report, make_period

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    cache.clear()  # figures counted, not read from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_members(unit, n: int, start: int = 0) -> None:
    names = [f"Nguyễn Văn Số{i}" for i in range(start, start + n)]
    Member.objects.bulk_create(
        Member(unit=unit, full_name=name, gender=Gender.MALE, sort_key=member_sort_key(name))
        for name in names
    )


def _add_branches(parent, n: int, start: int = 0) -> list:
    return [
        create_unit(by=None, parent=parent, level=UnitLevel.BRANCH,
                    name=f"Chi đoàn Khu phố {100 + i}", area=UnitArea.NEIGHBOURHOOD)
        for i in range(start, start + n)
    ]  # fmt: skip


def test_the_member_list_takes_the_same_queries_for_3_and_300_members(ward_client, tree):
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk}) + "?status="
    _add_members(tree.a1, 3)
    ward_client.get(url)  # warm the session
    few = _count(ward_client, url)
    _add_members(tree.a2, 297, start=3)
    assert Member.objects.count() == 300
    assert _count(ward_client, url) == few


def test_the_member_export_takes_the_same_queries_for_3_and_300_members(ward_client, tree):
    url = reverse("branches:member_export", kwargs={"unit_pk": tree.a.pk})
    _add_members(tree.a1, 3)
    ward_client.get(url)
    few = _count(ward_client, url)
    _add_members(tree.a2, 297, start=3)
    assert _count(ward_client, url) == few


def test_the_unit_list_takes_the_same_queries_for_3_and_300_units(district_client, tree):
    url = reverse("branches:unit_list") + "?level=branch"
    district_client.get(url)
    few = _count(district_client, url)
    _add_branches(tree.a, 297)
    assert _count(district_client, url) == few


def test_the_board_takes_the_same_queries_for_3_and_300_units(district_client, tree):
    few_units = [tree.a1, tree.a2, tree.b1]
    period = make_period(few_units)
    file_report(period, tree.a1, on=period.due_on)
    urls = [
        reverse("branches:board", kwargs={"pk": period.pk}),
        reverse("branches:board_group", kwargs={"pk": period.pk, "key": tree.a.pk}),
        reverse("branches:board_group", kwargs={"pk": period.pk, "key": tree.a.pk})
        + "?state=not_filed",
        reverse("branches:totals", kwargs={"pk": period.pk}),
        reverse("branches:board_export", kwargs={"pk": period.pk}),
    ]
    district_client.get(urls[0])
    few = [_count(district_client, url) for url in urls]
    many = _add_branches(tree.a, 297)
    period.units.add(*many)
    for unit in many[:40]:
        file_report(period, unit, on=period.due_on)
    assert period.units.count() == 300 and UnitReport.objects.count() == 41
    # The export also writes its export-log row, the same one each time.
    assert [_count(district_client, url) for url in urls] == few
