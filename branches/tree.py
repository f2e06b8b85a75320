"""The organisation tree, a level at a time: a page shows the top of what the user may see, and
each node's children are fetched when it is expanded. A fixed number of queries per level."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from branches.models import Unit
from unionhub.core.text import natural_key


@dataclass
class Node:
    unit: Unit
    children: list["Node"] = field(default_factory=list)

    @property
    def child_count(self) -> int:
        return self.unit.child_count

    @property
    def loaded(self) -> bool:
        """Its children are on the page already (else they are fetched on expand)."""
        return bool(self.children) or not self.child_count


def with_child_counts(units):
    """The open units, each annotated with how many open units sit directly under it."""
    return (
        units.open()
        .annotate(child_count=Count("children", filter=Q(children__closed_on__isnull=True)))
        .only("pk", "name", "level", "path", "parent_id")
    )


def _sorted_nodes(units) -> list[Node]:
    return sorted((Node(unit) for unit in units), key=lambda node: natural_key(node.unit.name))


def children_nodes(unit: Unit) -> list[Node]:
    """The open units directly under `unit`, sorted naturally, with their own child counts."""
    return _sorted_nodes(with_child_counts(Unit.objects.filter(parent=unit)))


def top_nodes(roots) -> list[Node]:
    """The given root units with their children loaded: the first two levels of the tree."""
    nodes = _sorted_nodes(with_child_counts(roots))
    by_parent: dict[int, list[Unit]] = {}
    children = with_child_counts(Unit.objects.filter(parent__in=[n.unit.pk for n in nodes]))
    for child in children:
        by_parent.setdefault(child.parent_id, []).append(child)
    for node in nodes:
        node.children = _sorted_nodes(by_parent.get(node.unit.pk, []))
    return nodes
