"""The board and the totals at city scale: the grassroots unions a page at a time, found by name,
with the whole period's figures at the top and every row still in the Excel."""

from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches.board import DIRECT, _direct_name
from branches.models import UnitArea, UnitLevel
from branches.views.reports import GROUPS_PER_PAGE
from tests.branches.records_helpers import file_report, make_period
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

WARDS = 59  # three pages: 59 grassroots unions and the units directly under the top


@pytest.fixture
def city(tree):
    """Đoàn Phường 1…59 with one branch each (Phường 10 and 11 are the tree's, with two branches
    and one). Every third ward's branch filed on time (youth 10), every fifth one late (youth 100);
    the tree's branches filed nothing, G (directly under the top) filed late (youth 100).
    """
    wards, branches = {}, []
    for n in range(1, WARDS + 1):
        if n in (10, 11):
            wards[n] = tree.a if n == 10 else tree.b
            continue
        wards[n] = make_unit(tree.top, UnitLevel.GRASSROOTS_UNION, f"Đoàn Phường {n}", area="ward")
        branches.append(
            make_unit(wards[n], UnitLevel.BRANCH, f"Chi đoàn Khu phố {n}", area="neighbourhood")
        )
    units = [*branches, tree.a1, tree.a2, tree.b1, tree.g]
    period = make_period(units, due_on=date(2021, 4, 10))
    filed = late = youth = 0
    for branch in branches:
        n = int(branch.name.rsplit(" ", 1)[1])
        if n % 3 == 0:
            file_report(period, branch, on=date(2021, 4, 1), youth=10)
            filed, youth = filed + 1, youth + 10
        elif n % 5 == 0:
            file_report(period, branch, on=date(2021, 4, 20), youth=100)
            late, youth = late + 1, youth + 100
    file_report(period, tree.g, on=date(2021, 5, 1), youth=100)
    return SimpleNamespace(
        period=period, units=len(units), filed=filed, late=late + 1, youth=youth + 100
    )


def _get(client, name: str, period, **query):
    url = reverse(f"branches:{name}", kwargs={"pk": period.pk})
    return client.get(url, query)


def _names(page) -> list[str]:
    return [group.name for group in page.object_list]


def test_the_board_lists_a_page_of_grassroots_unions_in_natural_order(district_client, city):
    response = _get(district_client, "board", city.period)
    groups = response.context["groups"]
    assert len(groups.object_list) == GROUPS_PER_PAGE == 20
    assert _names(groups)[:3] == ["Đoàn Phường 1", "Đoàn Phường 2", "Đoàn Phường 3"]
    assert _names(groups)[-1] == "Đoàn Phường 20"
    html = response.content.decode()
    assert "Đoàn Phường 21" not in html
    assert "page=2" in html


def test_the_second_page_of_the_board_lists_the_next_unions(district_client, city):
    second = _get(district_client, "board", city.period, page=2).context["groups"]
    assert _names(second)[0] == "Đoàn Phường 21" and _names(second)[-1] == "Đoàn Phường 40"
    last = _get(district_client, "board", city.period, page=3).context["groups"]
    assert _names(last)[-2:] == ["Đoàn Phường 59", str(_direct_name())]
    assert last.paginator.count == WARDS + 1


def test_the_counters_on_every_page_count_every_unit_of_the_period(district_client, city):
    for page in (1, 3):
        board = _get(district_client, "board", city.period, page=page).context["board"]
        assert (board.filed, board.late) == (city.filed, city.late)
        assert board.filed + board.late + board.not_filed == city.units


def test_the_board_finds_a_union_by_name_without_accents(district_client, city):
    response = _get(district_client, "board", city.period, q="PHUONG 42")
    assert _names(response.context["groups"]) == ["Đoàn Phường 42"]
    # The counters stay those of the whole period, whatever is searched.
    assert response.context["board"].filed == city.filed


def test_a_search_with_no_match_lists_nothing_and_keeps_the_counters(district_client, city):
    response = _get(district_client, "board", city.period, q="Bến Nghé")
    assert response.context["groups"].object_list == []
    assert response.context["board"].late == city.late
    assert "board-groups" not in response.content.decode()  # no empty table


def test_the_pages_of_a_search_keep_the_search(district_client, city):
    response = _get(district_client, "board", city.period, q="phường", sort="not_filed")
    html = response.content.decode()
    assert "q=ph%C6%B0%E1%BB%9Dng&amp;sort=not_filed&amp;page=2" in html


def test_the_board_can_put_the_unions_with_most_not_filed_first(district_client, city, tree):
    groups = _get(district_client, "board", city.period, sort="not_filed").context["groups"]
    not_filed = [group.not_filed for group in groups.object_list]
    assert not_filed == sorted(not_filed, reverse=True)
    # Phường 10 (two not filed) leads; equal ones keep the order of names.
    assert _names(groups)[:2] == ["Đoàn Phường 10", "Đoàn Phường 1"]


def test_the_search_box_is_shown_only_when_there_is_more_than_a_page(district_client, city, tree):
    assert 'role="search"' in _get(district_client, "board", city.period).content.decode()
    small = make_period([tree.a1, tree.b1], title="Quý II/2021")
    assert 'role="search"' not in _get(district_client, "board", small).content.decode()
    assert 'role="search"' not in _get(district_client, "totals", small).content.decode()


def test_a_wrong_page_or_sort_shows_a_page_all_the_same(district_client, city):
    response = _get(district_client, "board", city.period, page="x", sort="oops")
    assert response.status_code == 200
    assert _names(response.context["groups"])[0] == "Đoàn Phường 1"
    last = _get(district_client, "board", city.period, page=99).context["groups"]
    assert last.number == 3


def test_the_totals_list_a_page_of_unions_under_the_whole_periods_sums(district_client, city):
    response = _get(district_client, "totals", city.period)
    rows, district = response.context["rows"], response.context["district"]
    assert len(rows.object_list) == GROUPS_PER_PAGE
    assert [row.name for row in rows.object_list][:2] == ["Đoàn Phường 1", "Đoàn Phường 2"]
    assert district.count == city.filed + city.late
    assert district.figures["youth_in_area"] == city.youth
    html = response.content.decode()
    # The whole period's row comes first, above the unions of the page.
    assert html.index(f">{district.name}<") < html.index(">Đoàn Phường 1<")
    second = _get(district_client, "totals", city.period, page=2).context["rows"]
    assert [row.name for row in second.object_list][0] == "Đoàn Phường 21"


def test_the_totals_find_a_union_by_name(district_client, city):
    response = _get(district_client, "totals", city.period, q="phường 15")
    [row] = response.context["rows"].object_list
    assert (row.name, row.count, row.figures["youth_in_area"]) == ("Đoàn Phường 15", 1, 10)
    assert response.context["district"].figures["youth_in_area"] == city.youth


def test_the_excel_still_has_every_unit_and_every_union(district_client, city):
    response = district_client.get(reverse("branches:board_export", args=[city.period.pk]))
    board_sheet, totals_sheet = load_workbook(BytesIO(response.content)).worksheets
    assert board_sheet.max_row - 1 == city.units
    rows = list(totals_sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == WARDS + 2  # every union, the units directly under the top, the total
    assert rows[-1][1] == city.filed + city.late and rows[-1][2 + 8] == city.youth


def test_a_group_page_counts_only_its_own_units(district_client, city, tree, monkeypatch):
    def whole_board(*args, **kwargs):
        raise AssertionError("the group page counted the whole board")

    monkeypatch.setattr("branches.board.board_groups", whole_board)
    url = reverse("branches:board_group", kwargs={"pk": city.period.pk, "key": tree.a.pk})
    group = district_client.get(url).context["group"]
    assert (group.name, group.filed, group.late, group.not_filed) == ("Đoàn Phường 10", 0, 0, 2)
    direct = reverse("branches:board_group", kwargs={"pk": city.period.pk, "key": DIRECT})
    group = district_client.get(direct).context["group"]
    assert (group.total, group.late) == (1, 1)


def test_a_group_page_is_404_for_a_unit_that_is_no_grassroots_union(district_client, city, tree):
    for key in (tree.g.pk, tree.a1.pk, tree.top.pk, 999999):
        url = reverse("branches:board_group", kwargs={"pk": city.period.pk, "key": key})
        assert district_client.get(url).status_code == 404


def test_a_ward_secretary_pages_and_searches_only_their_ward(ward_client, city):
    response = _get(ward_client, "board", city.period, q="phường")
    assert _names(response.context["groups"]) == ["Đoàn Phường 10"]
    board = response.context["board"]
    assert (board.filed, board.late, board.not_filed) == (0, 0, 2)
    totals = _get(ward_client, "totals", city.period).context
    assert [(row.name, row.count) for row in totals["rows"].object_list] == [("Đoàn Phường 10", 0)]
    assert totals["district"].count == 0


def test_a_union_with_no_unit_in_the_period_is_not_listed(district_client, city, tree):
    school = make_unit(tree.top, UnitLevel.GRASSROOTS_UNION, "Đoàn Trường THPT", area="school")
    make_unit(school, UnitLevel.BRANCH, "Chi đoàn 10A1", area=UnitArea.NEIGHBOURHOOD)
    response = _get(district_client, "board", city.period, q="truong")
    assert response.context["groups"].object_list == []
    groups = _get(district_client, "board", city.period).context["groups"]
    assert groups.paginator.count == WARDS + 1


def test_the_board_and_totals_are_kept_until_a_report_changes(district_client, city, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.branches.records_helpers import file_report

    def counted(name: str):
        with CaptureQueriesContext(connection) as queries:
            response = _get(district_client, name, city.period)
        return response.context["board" if name == "board" else "district"], len(queries)

    board, first = counted("board")
    _board, again = counted("board")
    assert again < first  # read from the cache
    youth = counted("totals")[0].figures["youth_in_area"]
    file_report(city.period, tree.a2, on=city.period.due_on, youth=7)
    assert counted("board")[0].filed == board.filed + 1
    assert counted("totals")[0].figures["youth_in_area"] == youth + 7
