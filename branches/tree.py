"""The organisation tree as nested nodes, built from one query."""

from dataclasses import dataclass, field

from branches.models import Unit
from unionhub.core.text import natural_key


@dataclass
class Node:
    unit: Unit
    children: list["Node"] = field(default_factory=list)


def build_tree(units) -> list[Node]:
    """Nest the given units; a unit whose parent is not among them becomes a root."""
    nodes = {unit.pk: Node(unit) for unit in units}
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)

    def sort(level: list[Node]) -> None:
        level.sort(key=lambda n: natural_key(n.unit.name))
        for n in level:
            sort(n.children)

    sort(roots)
    return roots


def flatten(nodes: list[Node], depth: int = 0):
    """Yield (depth, node) in display order, for templates that cannot recurse."""
    for node in nodes:
        yield depth, node
        yield from flatten(node.children, depth + 1)
