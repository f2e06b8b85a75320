"""Themes: the editable list opinions are grouped under."""

from django.db import transaction

from events.models import Theme
from events.permissions import can_manage_themes, require
from unionhub.accounts.models import User
from unionhub.core.versions import claim_version, keeps_version_on_failure


def _save(theme: Theme, *, by: User) -> Theme:
    theme.full_clean()
    theme._history_user = by
    theme.save()
    return theme


@transaction.atomic
def create_theme(*, by: User, name: str, order: int = 0, active: bool = True) -> Theme:
    """Add a theme to the list."""
    require(by, can_manage_themes)
    return _save(Theme(name=" ".join(name.split()), order=order, active=active), by=by)


@keeps_version_on_failure
@transaction.atomic
def update_theme(
    theme: Theme, *, by: User, name: str, order: int, active: bool, base_version: int | None = None
) -> Theme:
    """Rename, reorder or retire a theme; its opinions keep it."""
    require(by, can_manage_themes)
    claim_version(theme, base_version=base_version)
    theme.name, theme.order, theme.active = " ".join(name.split()), order, active
    return _save(theme, by=by)
