"""The home page's panels: each app says what needs the user's attention in `<app>/dashboard.py`.

An app's module defines `panels(user) -> list[Panel]`; the home page shows them in `order`.
"""

import importlib
import importlib.util
from dataclasses import dataclass, field

PROVIDERS = ["branches.dashboard", "events.dashboard", "commendations.dashboard"]


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def panels_for(user) -> list[Panel]:
    panels: list[Panel] = []
    for name in PROVIDERS:
        if importlib.util.find_spec(name) is not None:
            panels.extend(importlib.import_module(name).panels(user))
    return sorted(panels, key=lambda panel: panel.order)
