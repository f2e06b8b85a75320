"""Themes: the 2021 list is seeded; only district staff keep it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events.models import Theme
from events.services import create_theme, update_theme

pytestmark = pytest.mark.django_db


def test_the_2021_themes_are_seeded(db):
    assert Theme.objects.count() >= 8
    assert Theme.objects.filter(name="Giới thiệu đoàn viên ưu tú cho Đảng").exists()


@pytest.mark.parametrize("who", ["ward_secretary", "branch_secretary", None])
def test_only_district_staff_add_or_change_themes(request, themes, who):
    user = request.getfixturevalue(who) if who else None
    with pytest.raises(PermissionDenied):
        create_theme(by=user, name="Chủ đề lén")
    with pytest.raises(PermissionDenied):
        update_theme(themes[0], by=user, name="Tên lén", order=1, active=True)
    assert not Theme.objects.filter(name__in=["Chủ đề lén", "Tên lén"]).exists()


def test_district_staff_keep_the_list_and_a_stale_edit_is_refused(themes, district_staff):
    theme = create_theme(by=district_staff, name="  Việc làm  cho thanh niên ", order=9)
    assert theme.name == "Việc làm cho thanh niên"
    update_theme(theme, by=district_staff, name=theme.name, order=10, active=False, base_version=1)
    with pytest.raises(ValidationError) as refused:
        update_theme(theme, by=district_staff, name="Khác", order=1, active=True, base_version=1)
    assert refused.value.code == "conflict"
    theme.refresh_from_db()
    assert (theme.name, theme.order, theme.active, theme.history.count()) == (
        "Việc làm cho thanh niên",
        10,
        False,
        2,
    )
