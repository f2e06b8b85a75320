from datetime import date

import pytest

from branches.figures import figures_for, unit_record_summary
from branches.models import ActivityKind, Gender, MeetingKind, MemberStatus
from branches.services import (
    change_member_status,
    log_activity,
    log_meeting,
    transfer_member,
)
from tests.branches.records_helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def records_2021(tree):
    """Kp3 in 2021: 3 members at the end of the year (2 female), 2 admitted, 1 recommended."""
    make_member(tree.a1, "Trần Thị Một", gender=Gender.FEMALE, joined_on=date(2015, 3, 26))
    make_member(
        tree.a1,
        "Lê Thị Hai",
        gender=Gender.FEMALE,
        joined_on=date(2021, 3, 26),
        party_referred_on=date(2021, 9, 2),
    )
    make_member(tree.a1, "Phạm Văn Ba", joined_on=date(2021, 11, 20))
    make_member(tree.a1, "Võ Văn Sau", joined_on=date(2022, 1, 9))  # joined after the year
    left = make_member(tree.a1, "Đỗ Văn Đi", joined_on=date(2012, 1, 1))
    change_member_status(left, by=None, to=MemberStatus.GRADUATED, on=date(2021, 6, 30))
    moved = make_member(tree.a1, "Hồ Văn Chuyển", joined_on=date(2016, 1, 1))
    transfer_member(moved, by=None, to_unit=tree.a2, transferred_on=date(2021, 8, 1))
    for month in (1, 2, 3):
        log_meeting(
            tree.a1,
            by=None,
            held_on=date(2021, month, 5),
            kind=MeetingKind.REGULAR,
            topic=f"Sinh hoạt tháng {month}",
            attendance=10,
        )
    log_meeting(tree.a1, by=None, held_on=date(2020, 12, 5), topic="Năm trước", attendance=5)
    log_activity(
        tree.a1,
        by=None,
        held_on=date(2021, 7, 1),
        kind=ActivityKind.VOLUNTEER,
        topic="Mùa hè xanh",
        attendance=20,
    )
    log_activity(
        tree.a1,
        by=None,
        held_on=date(2021, 7, 2),
        kind=ActivityKind.YOUTH_PROJECT,
        topic="Tuyến đường sáng",
        attendance=8,
    )
    return tree


def test_unit_record_summary_counts_the_units_own_records_for_the_year(records_2021):
    summary = unit_record_summary(records_2021.a1, year=2021)
    assert summary["members"] == 3
    assert summary["meetings"] == 3
    assert summary["admissions"] == 2
    assert summary["party_referrals"] == 1
    assert summary["members_female"] == 2
    assert summary["graduations"] == 1
    assert summary["transfers_out"] == 1
    assert summary["activities_held"] == 1
    assert summary["youth_projects"] == 1


def test_the_receiving_unit_counts_the_transfer_in(records_2021):
    summary = unit_record_summary(records_2021.a2, year=2021)
    assert (summary["members"], summary["transfers_in"]) == (1, 1)


def test_a_unit_with_no_records_has_zeros(tree):
    summary = unit_record_summary(tree.b1, year=2021)
    assert summary["members"] == summary["meetings"] == summary["party_referrals"] == 0


def test_figures_for_many_units_take_a_fixed_number_of_queries(
    records_2021, django_assert_num_queries
):
    units = [records_2021.a1, records_2021.a2, records_2021.b1]
    with django_assert_num_queries(5):
        figures = figures_for(units, start=date(2021, 1, 1), end=date(2021, 3, 31))
    assert figures[records_2021.a1.pk]["meetings_held"] == 3
    assert figures[records_2021.a1.pk]["admissions"] == 1
