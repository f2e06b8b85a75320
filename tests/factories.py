"""Test data. Units are built through branches.services.create_unit, so paths are always right."""

import factory
from django.contrib.auth import get_user_model

from branches.models import Role, RoleKind, Unit, UnitArea, UnitLevel
from branches.services import create_unit, grant_role

PASSWORD = "Mat-khau-thu-9"  # noqa: S105 (a test fixture's password)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    password = factory.django.Password(PASSWORD)


class UnitFactory(factory.Factory):
    """A unit created by the service; pass `parent`, `level` and `name` (or take the defaults)."""

    class Meta:
        model = Unit

    parent = None
    level = UnitLevel.BRANCH
    area = UnitArea.OTHER
    name = factory.Sequence(lambda n: f"Chi đoàn Thử {n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, level=UnitLevel.BRANCH, name="", **kwargs):
        return create_unit(by=None, parent=parent, level=level, name=name, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("Units need a path: create them, do not build them.")


def make_unit(parent: Unit | None, level: str, name: str, **fields) -> Unit:
    """A unit made the way the site makes one (path and depth set by the service)."""
    return UnitFactory(parent=parent, level=level, name=name, **fields)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    unit = None
    kind = RoleKind.EDITOR
    title = "Bí thư"


def grant(user, unit: Unit, kind: str = RoleKind.EDITOR, title: str = "") -> Role:
    """Give `user` a role on `unit` through the service."""
    return grant_role(unit, by=None, user=user, kind=kind, title=title)
