"""The home page: a dashboard for those who manage a union, what is due for everyone.

Each app says what needs the user's attention in `<app>/dashboard.py` (`panels(user)`); the
figures and charts of a union's subtree are in `unionhub/dashboard/figures.py`.
"""

from django.utils.translation import get_language

from branches import dashboard as branches_dashboard
from branches.models import Role, RoleKind, Unit, UnitLevel
from commendations import dashboard as commendations_dashboard
from events import dashboard as events_dashboard
from unionhub.core.panels import Panel
from unionhub.dashboard.figures import branch_history, build_dashboard
from unionhub.dashboard.kept import kept

PROVIDERS = [branches_dashboard, events_dashboard, commendations_dashboard]
DASHBOARD_LEVELS = (UnitLevel.DISTRICT_UNION, UnitLevel.GRASSROOTS_UNION)


def panels_for(user) -> list[Panel]:
    panels: list[Panel] = []
    for provider in PROVIDERS:
        panels.extend(provider.panels(user))
    return panels


def dashboard_root(user) -> Unit | None:
    """The highest union the user manages: district staff see the district, a ward its ward."""
    role = (
        Role.objects.filter(
            user=user,
            kind=RoleKind.MANAGER,
            unit__closed_on__isnull=True,
            unit__level__in=DASHBOARD_LEVELS,
        )
        .select_related("unit")
        .order_by("unit__depth", "unit__path")
        .first()
    )
    return role.unit if role else None


def branch_of(user) -> Unit | None:
    """The branch a secretary keeps, for their own figures over time."""
    role = (
        Role.objects.filter(
            user=user, kind__in=[RoleKind.EDITOR, RoleKind.MANAGER], unit__closed_on__isnull=True
        )
        .exclude(unit__level__in=DASHBOARD_LEVELS)
        .select_related("unit")
        .order_by("unit__depth", "unit__path")
        .first()
    )
    return role.unit if role else None


def summaries_for(user) -> list[Panel]:
    summaries: list[Panel] = []
    for provider in PROVIDERS:
        summaries.extend(getattr(provider, "summaries", lambda _user: [])(user))
    return summaries


def home_context(user, *, after: float | None = None) -> dict:
    """The dashboard of the union the user manages, or their branch's figures, and the panels:
    what is due counted now, what is summed over a subtree kept a few minutes (see kept.py)."""
    language = get_language()
    root = dashboard_root(user)
    dashboard = None
    if root is not None:
        key = f"dashboard:{root.pk}:{root.path}:{language}"  # labels are translated when counted
        counted_at, dashboard = kept(key, lambda: build_dashboard(root), after=after)
        dashboard.counted_at = counted_at
    _at, summaries = kept(
        f"summaries:{user.pk}:{language}", lambda: summaries_for(user), after=after
    )
    branch = branch_of(user) if dashboard is None else None
    charts = dashboard.charts if dashboard else []
    if branch is not None:
        charts = [branch_history(branch)]
    charts = [chart for chart in charts if not chart.is_empty]
    return {
        "panels": sorted(panels_for(user) + summaries, key=lambda panel: panel.order),
        "dashboard": dashboard,
        "branch": branch,
        "charts": charts,
        "chart_data": {chart.key: chart.as_json() for chart in charts},
    }
