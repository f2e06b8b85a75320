"""A new unit: its code in the pattern of its siblings', its form's first level and area, and
unit choices in natural order."""

import pytest

pytestmark = pytest.mark.django_db


def test_unit_choices_are_listed_in_natural_order(tree):
    from branches.forms.widgets import UnitChoiceField
    from branches.models import Unit, UnitArea, UnitLevel
    from tests.factories import make_unit

    make_unit(tree.top, UnitLevel.GRASSROOTS_UNION, "Đoàn Phường 2", area=UnitArea.WARD)
    field = UnitChoiceField(queryset=Unit.objects.filter(level=UnitLevel.GRASSROOTS_UNION))
    labels = [label for _value, label in field.choices][1:]
    assert labels == ["Đoàn Phường 2", "Đoàn Phường 10", "Đoàn Phường 11"]


def test_a_new_unit_code_follows_the_pattern_of_its_siblings(tree):
    from branches.models import Unit, UnitArea, UnitLevel
    from branches.services import create_unit

    Unit.objects.filter(pk=tree.a1.pk).update(code="p10-kp-3")
    Unit.objects.filter(pk=tree.a2.pk).update(code="p10-kp-4")
    new = create_unit(by=None, parent=tree.a, level=UnitLevel.BRANCH, name="Chi đoàn Khu phố 12",
                      area=UnitArea.NEIGHBOURHOOD)  # fmt: skip
    assert new.code == "p10-kp-12"
    # No pattern for a school branch, and siblings that disagree give none either.
    school = create_unit(by=None, parent=tree.a, level=UnitLevel.BRANCH,
                         name="Chi đoàn Trường THCS 5", area=UnitArea.SCHOOL)  # fmt: skip
    assert school.code == "chi-doan-truong-thcs-5"
    Unit.objects.filter(pk=tree.a2.pk).update(code="kp4")
    other = create_unit(by=None, parent=tree.a, level=UnitLevel.BRANCH, name="Chi đoàn Khu phố 13",
                        area=UnitArea.NEIGHBOURHOOD)  # fmt: skip
    assert other.code == "chi-doan-khu-pho-13"


def test_the_new_unit_form_starts_with_the_siblings_level_and_area(ward_client, tree):
    from django.urls import reverse

    form = ward_client.get(reverse("branches:unit_create", args=[tree.a.pk])).context["form"]
    assert (form["level"].value(), form["area"].value()) == ("branch", "neighbourhood")
