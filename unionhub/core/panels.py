"""A home-page panel: each app says what needs the user's attention in `<app>/dashboard.py`."""

from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50
