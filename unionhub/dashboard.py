"""The home page's panels, from every app's `dashboard.panels(user)`, shown in `order`."""

from branches import dashboard as branches_dashboard
from commendations import dashboard as commendations_dashboard
from events import dashboard as events_dashboard
from unionhub.core.panels import Panel

PROVIDERS = [branches_dashboard, events_dashboard, commendations_dashboard]


def panels_for(user) -> list[Panel]:
    panels: list[Panel] = []
    for provider in PROVIDERS:
        panels.extend(provider.panels(user))
    return sorted(panels, key=lambda panel: panel.order)
