"""Who may keep the list of themes."""

from django.http import Http404

from branches.permissions import is_district_staff
from events.models import Theme


def can_manage_themes(user) -> bool:
    """Add, rename, reorder or retire themes: district staff."""
    return is_district_staff(user)


def get_theme_for(user, pk: int) -> Theme:
    """The theme with this id for someone who manages themes; 404 otherwise."""
    theme = Theme.objects.filter(pk=pk).first()
    if theme is None or not can_manage_themes(user):
        raise Http404
    return theme
