"""Helpers for the unit and account page tests: URLs by name, a unit's form as it stands, a snapshot."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from branches.models import Role, Unit

User = get_user_model()


def unit_url(name: str, unit: Unit | None = None, role: Role | None = None) -> str:
    kwargs = {}
    if unit is not None:
        kwargs["pk"] = unit.pk
    if role is not None:
        kwargs["role_pk"] = role.pk
    return reverse(f"branches:{name}", kwargs=kwargs)


def unit_form_data(unit: Unit, **changes) -> dict:
    data = {
        "name": unit.name,
        "short_name": unit.short_name,
        "code": unit.code,
        "area": unit.area,
        "ward": unit.ward,
        "neighbourhood": unit.neighbourhood,
        "address": unit.address,
        "phone": unit.phone,
        "email": unit.email,
        "founded_on": unit.founded_on.isoformat() if unit.founded_on else "",
        "version": Unit.objects.values_list("version", flat=True).get(pk=unit.pk),
    }
    if unit.is_top:
        data.update(
            letterhead_superior=unit.letterhead_superior,
            letterhead_name=unit.letterhead_name,
            issuer_code=unit.issuer_code,
            place_name=unit.place_name,
        )
    data.update(changes)
    return data


def snapshot() -> tuple:
    """Everything a POST on these pages could change."""
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Role.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values("pk", "username", "password", "is_active")),
    )


def listed(response) -> list[str]:
    """The names of the units on a unit-list page."""
    return [unit.name for unit in response.context["page"].object_list]
