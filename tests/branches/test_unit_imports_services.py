"""Importing a list of units: parents found however their names are written, a district's list
creating a ward union and its branches at once, corrections by code, refused rows."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from branches.models import (
    ImportKind,
    Unit,
    UnitArea,
    UnitLevel,
)
from branches.services import confirm_import
from tests.branches.import_helpers import csv_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_units_find_their_parent_however_it_is_written(tree, district_staff, suffix):
    name = f"units_by_parent_name.{suffix}"
    record = upload(tree.top, name, by=district_staff, kind=ImportKind.UNITS)
    assert (record.state, record.created_count, record.errors) == ("ready", 3, [])
    confirm_import(record, by=district_staff)
    kp7, kp8, kp9 = (Unit.objects.get(name=f"Chi đoàn Khu phố {n}") for n in (7, 8, 9))
    assert (kp7.parent, kp8.parent, kp9.parent) == (tree.a, tree.a, tree.b)
    assert (kp7.code, kp7.phone, kp8.code) == ("p10-kp7", "02838111222", "p10-kp8")
    assert (kp7.level, kp7.area, kp7.neighbourhood) == (
        UnitLevel.BRANCH, UnitArea.NEIGHBOURHOOD, "Khu phố 7"
    )  # fmt: skip
    assert kp7.path.startswith(tree.a.path) and kp7.depth == tree.a.depth + 1
    again = upload(tree.top, name, by=district_staff, kind=ImportKind.UNITS)
    assert (again.created_count, again.unchanged_count) == (0, 3)


def test_a_parent_outside_the_managers_units_refuses_the_row_and_nothing_is_written(
    tree, ward_secretary
):
    record = upload(tree.a, "units_by_parent_name.xlsx", by=ward_secretary, kind=ImportKind.UNITS)
    [error] = record.errors
    assert (error["row"], error["column"], error["value"]) == (8, "Trực thuộc", "Đoàn Phường 11")
    with pytest.raises(ValidationError):
        confirm_import(record, by=ward_secretary)
    assert not Unit.objects.filter(name__startswith="Chi đoàn Khu phố 7").exists()


def test_an_ambiguous_parent_is_refused_on_its_row(tree, district_staff):
    from tests.factories import make_unit

    make_unit(tree.b, UnitLevel.BRANCH, "Chi đoàn Khu phố 3")  # B has a Khu phố 3 too
    content = csv_bytes([["Tên đơn vị", "Trực thuộc", "Cấp"],
                         ["Tổ Thanh niên 1", "chi doan khu pho 3", "Chi đoàn"]])  # fmt: skip
    record = upload(tree.top, "dv.csv", by=district_staff, kind=ImportKind.UNITS, content=content)
    [error] = record.errors
    several = gettext("Several units are called this: %(names)s. Write the code instead.")
    assert error["column"] == "Trực thuộc" and several.split(":")[0] in error["reason"]


def test_a_district_list_creates_a_ward_union_and_its_branches_in_one_go(tree, district_staff):
    record = upload(tree.top, "units_district.ods", by=district_staff, kind=ImportKind.UNITS)
    assert (record.errors, record.created_count) == ([], 6)
    confirm_import(record, by=district_staff)
    p12 = Unit.objects.get(name="Đoàn Phường 12")
    assert (p12.parent, p12.level, p12.area, p12.code) == (
        tree.top, UnitLevel.GRASSROOTS_UNION, UnitArea.WARD, "p12"
    )  # fmt: skip
    kp1 = Unit.objects.get(name="Chi đoàn Khu phố 1", parent=p12)
    assert (kp1.level, kp1.area, kp1.ward, kp1.code) == (
        UnitLevel.BRANCH, UnitArea.NEIGHBOURHOOD, "Phường 12", "p12-kp1"
    )  # fmt: skip
    school = Unit.objects.get(name="Chi đoàn Trường THCS Âu Lạc")
    assert (school.parent, school.area) == (p12, UnitArea.SCHOOL)
    hospital = Unit.objects.get(code="cdcs-bv")
    assert (hospital.parent, hospital.level, hospital.area) == (
        tree.top, UnitLevel.GRASSROOTS_BRANCH, UnitArea.AGENCY
    )  # fmt: skip
    assert Unit.objects.get(name="Chi đoàn Khu phố 5").parent == tree.a
    assert Unit.history.filter(id=kp1.pk).get().history_user == district_staff


def test_a_unit_list_can_correct_a_unit_found_by_its_code(tree, ward_secretary):
    code = tree.a1.code
    content = csv_bytes([["Tên chi đoàn", "Mã", "Điện thoại"],
                         ["Chi đoàn Khu phố 3", code.upper(), "0283 999 888"]])  # fmt: skip
    record = upload(tree.a, "dv.csv", by=ward_secretary, kind=ImportKind.UNITS, content=content)
    assert (record.updated_count, record.created_count) == (1, 0)
    confirm_import(record, by=ward_secretary)
    tree.a1.refresh_from_db()
    assert tree.a1.phone == "0283999888"
