from datetime import date
from types import SimpleNamespace

import pytest

from branches.models import MemberStatus, PositionRole, UnitArea, UnitLevel
from branches.services import (
    change_member_status,
    create_position,
    log_activity,
    log_meeting,
    start_unit_report,
    submit_unit_report,
)
from tests.branches.import_helpers import SMALL_LIST, upload
from tests.branches.records_helpers import make_member, make_period
from tests.factories import make_unit


@pytest.fixture
def city_tree(db) -> SimpleNamespace:
    """A tree with room to move a grassroots union between district unions.

    Thành Đoàn Test (city union)
    ├── Quận Đoàn 1 (district union)
    │   └── Đoàn Phường Bến Nghé (grassroots union) ── Chi đoàn Khu phố 1, Chi đoàn Khu phố 2
    ├── Quận Đoàn 3 (district union)
    └── Đoàn Trường Đại học (grassroots union, straight under the city) ── Chi đoàn Lớp K45
    """
    city = make_unit(None, UnitLevel.CITY_UNION, "Thành Đoàn Test")
    d1 = make_unit(city, UnitLevel.DISTRICT_UNION, "Quận Đoàn 1")
    d3 = make_unit(city, UnitLevel.DISTRICT_UNION, "Quận Đoàn 3")
    ward = make_unit(d1, UnitLevel.GRASSROOTS_UNION, "Đoàn Phường Bến Nghé", area=UnitArea.WARD)
    kp1 = make_unit(ward, UnitLevel.BRANCH, "Chi đoàn Khu phố 1", area=UnitArea.NEIGHBOURHOOD)
    kp2 = make_unit(ward, UnitLevel.BRANCH, "Chi đoàn Khu phố 2", area=UnitArea.NEIGHBOURHOOD)
    school = make_unit(city, UnitLevel.GRASSROOTS_UNION, "Đoàn Trường Đại học", area="school")
    k45 = make_unit(school, UnitLevel.BRANCH, "Chi đoàn Lớp K45", area="school")
    return SimpleNamespace(
        city=city, d1=d1, d3=d3, ward=ward, kp1=kp1, kp2=kp2, school=school, k45=k45
    )


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    """Uploaded lists are stored under MEDIA_ROOT: keep them out of the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rec(tree):
    """Records of branch A1 (Khu phố 3, Phường 10) and of the outsider's branch B1."""
    member = make_member(tree.a1, "Trần Thị Mai", phone="0909000111")
    left = make_member(tree.a1, "Lê Văn Đã Đi")
    change_member_status(left, by=None, to=MemberStatus.GRADUATED, on=date(2021, 1, 1))
    other = make_member(tree.b1, "Võ Văn Khác")
    position = create_position(
        tree.a1, by=None, member=member, role=PositionRole.SECRETARY, started_on=date(2020, 1, 1)
    )
    meeting = log_meeting(tree.a1, by=None, held_on=date(2021, 2, 1), topic="Tháng 2", attendance=9)
    activity = log_activity(tree.a1, by=None, held_on=date(2021, 2, 2), topic="Tình nguyện")
    period = make_period([tree.a1, tree.a2])
    report = start_unit_report(period, tree.a1, by=None)
    submit_unit_report(report, by=None)
    member_import = upload(tree.a1, "ds.csv", content=SMALL_LIST)
    return SimpleNamespace(
        member=member, left=left, other=other, position=position, meeting=meeting,
        activity=activity, period=period, report=report, member_import=member_import,
    )  # fmt: skip
