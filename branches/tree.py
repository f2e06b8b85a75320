"""The organisation tree, a level at a time: a page shows the top of what the user may see, and
each node's children are fetched when it is expanded. A fixed number of queries per level."""

from dataclasses import dataclass

from django.db.models import Count, Q

from branches.models import Unit
from unionhub.core.text import natural_key

TREE_PAGE = 100  # units shown per level; "show N more" fetches the next ones


@dataclass
class Level:
    """A page of the units under `parent` (or the roots): the page stays small at any size."""

    parent: Unit | None
    nodes: list["Node"]
    start: int = 0
    total: int = 0

    @property
    def more(self) -> int:
        return max(0, self.total - self.next_start)

    @property
    def next_start(self) -> int:
        return self.start + len(self.nodes)


def page_of(nodes: list["Node"], parent: Unit | None, start: int = 0) -> Level:
    start = max(0, start)
    return Level(parent, nodes[start : start + TREE_PAGE], start, len(nodes))


@dataclass
class Node:
    unit: Unit
    children: Level | None = None

    @property
    def child_count(self) -> int:
        return self.unit.child_count

    @property
    def loaded(self) -> bool:
        """Its children are on the page already (else they are fetched on expand)."""
        return self.children is not None or not self.child_count


def with_child_counts(units):
    """The open units, each annotated with how many open units sit directly under it."""
    return (
        units.open()
        .annotate(child_count=Count("children", filter=Q(children__closed_on__isnull=True)))
        .only("pk", "name", "level", "path", "parent_id")
    )


def _sorted_nodes(units) -> list[Node]:
    return sorted((Node(unit) for unit in units), key=lambda node: natural_key(node.unit.name))


def children_nodes(unit: Unit, start: int = 0) -> Level:
    """The open units directly under `unit`, sorted naturally, with their own child counts."""
    return page_of(_sorted_nodes(with_child_counts(Unit.objects.filter(parent=unit))), unit, start)


def top_nodes(roots) -> Level:
    """The given root units with their children loaded: the first two levels of the tree."""
    nodes = _sorted_nodes(with_child_counts(roots))
    by_parent: dict[int, list[Unit]] = {}
    children = with_child_counts(Unit.objects.filter(parent__in=[n.unit.pk for n in nodes]))
    for child in children:
        by_parent.setdefault(child.parent_id, []).append(child)
    for node in nodes:
        node.children = page_of(_sorted_nodes(by_parent.get(node.unit.pk, [])), node.unit)
    return Level(None, nodes, 0, len(nodes))
