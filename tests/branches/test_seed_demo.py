"""The demo data: the 2021 shape of Quận Đoàn Tân Bình, built idempotently by `seed_demo`."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from branches.models import PATH_SEGMENT, Role, RoleKind, Unit, UnitArea, UnitLevel
from branches.services import create_unit, grant_role
from unionhub.management.commands.seed_demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    NEIGHBOURHOODS_PER_WARD,
)

User = get_user_model()


def seed(*args: str) -> str:
    """The whole demo, with every app's records (slow: use it where the records matter)."""
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def seed_tree(*args: str) -> str:
    """Only the tree and the accounts: what most of these tests are about."""
    return seed("--tree-only", *args)


def neighbourhood_branches():
    return Unit.objects.filter(level=UnitLevel.BRANCH, area=UnitArea.NEIGHBOURHOOD)


def record_counts() -> dict[str, int]:
    """Rows of every model of the project's apps: a second seed must add none."""
    return {
        model._meta.label: model.objects.count()
        for app in ("accounts", "branches", "events", "commendations")
        for model in apps.get_app_config(app).get_models()
    }


def assert_demo_shape() -> None:
    tops = Unit.objects.filter(parent__isnull=True)
    assert tops.count() == 1
    top = tops.get()
    assert (top.code, top.level, top.name) == (
        "qdtb",
        UnitLevel.DISTRICT_UNION,
        "Quận Đoàn Tân Bình",
    )
    assert top.letterhead_superior == "BCH ĐOÀN TP. HỒ CHÍ MINH"
    assert top.letterhead_name == "BCH QUẬN TÂN BÌNH"
    assert (top.issuer_code, top.place_name) == ("QĐTB", "Tân Bình")

    wards = Unit.objects.filter(level=UnitLevel.GRASSROOTS_UNION, area=UnitArea.WARD)
    assert wards.count() == 15
    assert set(wards.values_list("name", flat=True)) == {f"Đoàn Phường {n}" for n in range(1, 16)}
    assert all(ward.parent_id == top.pk for ward in wards)
    assert (
        Unit.objects.filter(level=UnitLevel.GRASSROOTS_UNION).exclude(area=UnitArea.WARD).count()
        >= 6
    )
    assert Unit.objects.filter(level=UnitLevel.GRASSROOTS_BRANCH, parent=top).count() >= 2

    branches = neighbourhood_branches().select_related("parent")
    assert branches.count() == 117
    for branch in branches:
        assert branch.parent.level == UnitLevel.GRASSROOTS_UNION
        assert branch.parent.area == UnitArea.WARD
        assert branch.ward == branch.parent.ward
        assert branch.name == f"Chi đoàn {branch.neighbourhood}"

    per_ward = dict(
        branches.order_by()
        .values_list("parent__ward")
        .annotate(n=Count("pk"))
        .values_list("parent__ward", "n")
    )
    assert len(per_ward) == 15
    assert all(4 <= n <= 17 for n in per_ward.values())
    assert per_ward["Phường 15"] == 17
    assert all(n < 17 for ward, n in per_ward.items() if ward != "Phường 15")
    assert per_ward == {f"Phường {w}": n for w, n in NEIGHBOURHOODS_PER_WARD.items()}

    # Every ward union has 2–5 other branches besides its neighbourhood branches.
    for ward in wards:
        others = ward.children.filter(level=UnitLevel.BRANCH).exclude(area=UnitArea.NEIGHBOURHOOD)
        assert 2 <= others.count() <= 5

    for spec in DEMO_ACCOUNTS:
        user = User.objects.get(username=spec["username"])
        assert user.full_name == spec["full_name"]
        assert not user.is_superuser
        role = Role.objects.get(user=user)
        assert (role.unit.code, role.kind, role.title) == (
            spec["unit_code"],
            spec["kind"],
            spec["title"],
        )
    assert User.objects.get(username="quandoan").is_staff
    assert Role.objects.get(user__username="bithu.p10.kp3").unit.parent.code == "dp-10"
    assert Role.objects.get(user__username="bithu.p11.kp1").unit.parent.code == "dp-11"


def assert_paths_consistent() -> None:
    for unit in Unit.objects.select_related("parent"):
        own = f"{unit.pk:0{PATH_SEGMENT}d}/"
        if unit.parent is None:
            assert (unit.path, unit.depth) == (own, 0)
        else:
            assert unit.path.startswith(unit.parent.path)
            assert unit.path == unit.parent.path + own
            assert unit.depth == unit.parent.depth + 1


@pytest.mark.django_db
def test_seed_demo_builds_the_2021_shape_idempotently():
    first = seed()
    assert "117 neighbourhood branches" in first
    counts = record_counts()
    assert counts["branches.Member"] > 0

    second = seed()
    assert "0 created now" in second
    assert record_counts() == counts
    roles = counts["branches.Role"]
    assert roles == len(DEMO_ACCOUNTS) == 4
    assert_demo_shape()
    assert_paths_consistent()


@pytest.mark.django_db
def test_demo_accounts_can_log_in_with_the_demo_password():
    seed_tree()
    for spec in DEMO_ACCOUNTS:
        user = User.objects.get(username=spec["username"])
        assert user.check_password(DEMO_PASSWORD)
        assert user.is_active


@pytest.mark.django_db
def test_reset_rebuilds_the_same_shape():
    seed()
    # Something added by hand under the demo tree, and a role held by someone else on it.
    ward = Unit.objects.get(code="dp-10")
    extra = create_unit(by=None, parent=ward, level=UnitLevel.BRANCH, name="Chi đoàn Thử nghiệm")
    outsider = User.objects.create_user(username="outsider", password="x")
    grant_role(extra, by=None, user=outsider, kind=RoleKind.VIEWER)

    out = seed("--reset")
    assert "Deleted the demo tree" in out
    assert not Unit.objects.filter(pk=extra.pk).exists()
    assert not Role.objects.filter(user=outsider).exists()
    assert User.objects.filter(username="outsider").exists()
    assert Role.objects.count() == 4
    assert_demo_shape()
    assert_paths_consistent()


@pytest.mark.django_db
def test_seed_demo_restores_a_missing_unit_and_role():
    seed_tree()
    Role.objects.filter(user__username="bithu.p11.kp1").delete()
    kp = Unit.objects.get(code="dp-15-kp-17")
    kp.delete()

    seed_tree()
    assert Unit.objects.filter(code="dp-15-kp-17", parent__code="dp-15").exists()
    assert Role.objects.filter(user__username="bithu.p11.kp1", unit__code="dp-11-kp-1").exists()
    assert_demo_shape()


@pytest.mark.django_db
def test_seed_demo_refuses_a_database_with_another_top_unit():
    create_unit(by=None, parent=None, level=UnitLevel.DISTRICT_UNION, name="Quận Đoàn Khác")
    with pytest.raises(CommandError, match="another top unit"):
        seed_tree()
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_search_text_is_accent_insensitive():
    seed_tree()
    unit = Unit.objects.get(code="dp-10-kp-3")
    assert unit.name == "Chi đoàn Khu phố 3"
    assert "khu pho 3" in unit.search_text
    assert "chi doan khu pho 3" in unit.search_text
    assert "phuong 10" in unit.search_text
    assert Unit.objects.filter(search_text__contains="doan phuong 15").count() == 1
