from types import SimpleNamespace

import pytest

from branches.models import UnitArea, UnitLevel
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
