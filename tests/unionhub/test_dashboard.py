"""The home dashboards: figures from SQL that agree with the report board, in bounded queries."""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from branches.board import board_counts, board_groups, build_board, period_totals
from branches.models import ReportPeriod, Unit, UnitLevel
from tests.branches.records_helpers import file_report, make_member, make_period
from tests.branches.test_queries import _add_branches, _add_members
from tests.factories import make_unit
from unionhub.dashboard import dashboard_root
from unionhub.dashboard.figures import build_dashboard
from unionhub.models import ExportLog

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    cache.clear()  # the dashboard's figures counted afresh, not read from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["district_client", "ward_client"])
def test_the_dashboard_takes_the_same_queries_for_3_and_300_units(
    request, who, tree, django_assert_num_queries
):
    client = request.getfixturevalue(who)
    period = make_period([tree.a1, tree.a2, tree.b1])
    file_report(period, tree.a1, on=period.due_on)
    _add_members(tree.a1, 3)
    client.get("/")
    few = _count(client, "/")
    many = _add_branches(tree.a, 267)
    # Grassroots unions too: the district's charts are drawn by the units right under the top.
    many += [
        make_unit(tree.top, UnitLevel.GRASSROOTS_UNION, f"Đoàn Phường {100 + i}", area="ward")
        for i in range(30)
    ]
    period.units.add(*many)
    for unit in many[:30]:
        file_report(period, unit, on=period.due_on)
    for unit in many[:50]:
        _add_members(unit, 4, start=unit.pk * 10)
    assert Unit.objects.count() > 300
    cache.clear()  # the figures counted afresh, as in `few`
    with django_assert_num_queries(few):
        client.get("/")


def test_the_district_dashboard_shows_the_headline_and_charts(district_client, tree):
    period = make_period([tree.a1, tree.a2, tree.b1])
    file_report(period, tree.a1, on=period.due_on, youth=40)
    make_member(tree.a1)
    html = district_client.get("/").content.decode()
    assert 'id="dashboard-charts"' in html
    assert 'data-dashboard-chart="reports"' in html
    assert reverse("dashboard_export") in html
    assert "<script>" not in html.replace('<script id="dashboard-charts"', "")  # no inline code


def test_a_ward_secretary_sees_the_dashboard_of_their_ward_only(ward_client, ward_secretary, tree):
    assert dashboard_root(ward_secretary) == tree.a
    make_member(tree.b1, full_name="Người Phường Khác")
    make_member(tree.a1, full_name="Người Phường Mười")
    dashboard = build_dashboard(tree.a)
    assert dashboard.headline["members"] == 1
    members = next(chart for chart in dashboard.charts if chart.key == "members")
    assert members.labels == ["Chi đoàn Khu phố 3", "Chi đoàn Khu phố 4"]


def test_a_branch_secretary_sees_their_branch_over_time_not_the_district(
    branch_client, branch_secretary, tree
):
    from datetime import date

    make_member(tree.a1)
    for title, due in [("Quý I/2021", (2021, 4, 10)), ("Quý II/2021", (2021, 7, 10))]:
        period = make_period([tree.a1], title=title, due_on=date(*due),
                             starts_on=date(due[0], due[1] - 3, 1),
                             ends_on=date(due[0], due[1] - 1, 28))  # fmt: skip
        file_report(period, tree.a1, on=date(*due))
    assert dashboard_root(branch_secretary) is None
    html = branch_client.get("/").content.decode()
    assert 'data-dashboard-chart="branch"' in html
    assert 'data-dashboard-chart="members"' not in html
    assert reverse("dashboard_export") not in html


def test_the_figures_download_as_excel_and_are_logged(district_client, tree):
    make_period([tree.a1])
    response = district_client.get(reverse("dashboard_export"))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert len(workbook.sheetnames) >= 3
    assert ExportLog.objects.count() == 1


def test_the_figures_download_is_404_without_a_dashboard_and_for_anonymous(branch_client):
    assert branch_client.get(reverse("dashboard_export")).status_code == 404
    anonymous = Client().get(reverse("dashboard_export"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert branch_client.post(reverse("dashboard_export")).status_code == 405


@pytest.mark.django_db(transaction=False)
def test_the_dashboard_agrees_with_the_report_board_and_totals_for_the_demo():
    call_command("seed_demo", stdout=StringIO())
    top = Unit.objects.get(level=UnitLevel.DISTRICT_UNION)
    visible = Unit.objects.all()
    dashboard = build_dashboard(top)
    reports = next(chart for chart in dashboard.charts if chart.key == "reports")
    periods = {p.title: p for p in ReportPeriod.objects.all()}
    assert reports.labels == ["Quý I/2021", "Quý II/2021"]
    for index, title in enumerate(reports.labels):
        board = build_board(periods[title], visible)
        counts = board_counts(periods[title], visible)
        groups = board_groups(periods[title], visible)
        expected = [board.filed, board.late, board.not_filed]
        assert [values[index] for _name, values in reports.series] == expected
        assert [counts.filed, counts.late, counts.not_filed] == expected
        assert [groups.filed, groups.late, groups.not_filed] == expected
    latest = period_totals(periods["Quý II/2021"], visible).district.figures
    assert dashboard.headline["youth_gathered"] == latest["youth_gathered"]
    assert dashboard.headline["youth_in_area"] == latest["youth_in_area"]
    year_admissions = sum(
        period_totals(period, visible).district.figures["admissions"] for period in periods.values()
    )
    assert dashboard.headline["admissions"] == year_admissions


def test_a_chart_by_unit_draws_the_15_largest_and_sums_the_rest_the_excel_keeps_all(tree):
    wards = [
        make_unit(tree.top, UnitLevel.GRASSROOTS_UNION, f"Đoàn Phường {20 + i}", area="ward")
        for i in range(20)
    ]
    for i, ward in enumerate(wards):
        _add_members(ward, i + 1, start=100 * i)
    members = next(c for c in build_dashboard(tree.top).charts if c.key == "members")
    assert len(members.labels) == 16
    children = Unit.objects.filter(parent=tree.top).count()
    assert members.labels[-1] == f"{children - 15} đơn vị khác"
    assert "Đoàn Phường 39" in members.labels and "Đoàn Phường 20" not in members.labels
    drawn = sum(sum(values) for _name, values in members.series)
    assert drawn == sum(range(1, 21))
    complete = next(
        c for c in build_dashboard(tree.top, complete=True).charts if c.key == "members"
    )
    assert len(complete.labels) == children and sum(sum(v) for _n, v in complete.series) == drawn


def test_the_figures_are_kept_for_a_while_and_counted_again_on_request(district_client, tree):
    make_member(tree.a1, full_name="Người Đầu Tiên")
    with CaptureQueriesContext(connection) as counted:
        first = district_client.get("/")
    assert first.context["dashboard"].headline["members"] == 1
    assert "Số liệu tính đến" in first.content.decode()
    make_member(tree.a1, full_name="Người Thứ Hai")
    with CaptureQueriesContext(connection) as kept:
        again = district_client.get("/")
    assert again.context["dashboard"].headline["members"] == 1  # as counted, not yet recounted
    assert len(kept) <= len(counted) - 10
    response = district_client.post(reverse("dashboard_refresh"))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert district_client.get("/").context["dashboard"].headline["members"] == 2


def test_the_figures_expire_after_the_cache_time(district_client, tree, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    make_member(tree.a1)
    district_client.get("/")
    make_member(tree.a1)
    assert district_client.get("/").context["dashboard"].headline["members"] == 2


def test_each_union_keeps_its_own_figures(login, district_staff, ward_secretary, tree):
    make_member(tree.a1, full_name="Người Phường Mười")
    make_member(tree.b1, full_name="Người Phường Mười Một")
    assert login(district_staff).get("/").context["dashboard"].headline["members"] == 2
    assert login(ward_secretary).get("/").context["dashboard"].headline["members"] == 1


def test_counting_again_is_404_without_a_dashboard_post_only_and_for_logged_in_users(
    login, branch_secretary, district_staff
):
    url = reverse("dashboard_refresh")
    assert login(branch_secretary).post(url).status_code == 404
    assert login(district_staff).get(url).status_code == 405
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_a_persons_own_change_shows_at_once_and_a_refused_one_marks_nothing(
    login, district_staff, tree
):
    from tests.branches.test_records_forms_views import _member_data

    staff = login(district_staff)
    make_member(tree.a1, full_name="Người Đầu Tiên")
    assert staff.get("/").context["dashboard"].headline["members"] == 1
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    refused = staff.post(url, _member_data(full_name=""))  # the form comes back with its errors
    assert refused.status_code == 200
    assert staff.get("/").context["dashboard"].headline["members"] == 1
    assert staff.post(url, _member_data()).status_code == 302
    assert staff.get("/").context["dashboard"].headline["members"] == 2


def test_the_quotas_show_on_the_district_dashboard_only(tree):
    from commendations.services.criteria import ensure_default_criteria_set
    from commendations.services.nominations import nominate
    from commendations.services.rounds import open_round
    from tests.commendations.conftest import HONOURS

    round_ = open_round(
        by=None, title="Tuyên dương 2021", year=2021, criteria_set=ensure_default_criteria_set(),
        opens_on=date(2021, 1, 4), closes_on=date(2021, 12, 15), honours=HONOURS,
    )  # fmt: skip
    nominate(tree.a1, by=None, round=round_)
    district = next(c for c in build_dashboard(tree.top).charts if c.key == "nominations")
    ward = next(c for c in build_dashboard(tree.a).charts if c.key == "nominations")
    assert [name for name, _values in district.series][-1] == "Chỉ tiêu"
    assert dict(district.series)["Chỉ tiêu"] == [0, 0, 40]
    assert "Chỉ tiêu" not in dict(ward.series)
    assert dict(ward.series)["Đang xử lý"] == [0, 0, 1]
