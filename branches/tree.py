"""The organisation tree, a level at a time: a page shows the top of what the user may see, and
each node's children are fetched when it is expanded. A fixed number of queries per level, and a
level shows a page of its units whatever its size (a city's district has hundreds)."""

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from branches.models import Unit
from unionhub.core.text import natural_key

TREE_PAGE = 30  # units shown per level; "show N more" fetches the next ones

# A level is sorted whole to show its first page: the same few thousand names on every tree
# page, so each name's key is worked out once per process.
_sort_key = lru_cache(maxsize=20_000)(natural_key)


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


@dataclass
class Node:
    """A unit as the tree shows it. What the template prints is worked out here, once: a level
    lists dozens of nodes, and per node every template tag, lookup and translation adds up."""

    unit: Unit
    children: Level | None = None
    name: str = field(init=False)
    dom_id: str = field(init=False)
    child_count: int = field(init=False)
    url: str = field(init=False)
    toggle_label: str = field(init=False)
    count_label: str = field(init=False)

    def __post_init__(self) -> None:
        self.name = self.unit.name
        self.dom_id = f"tree-children-{self.unit.pk}"
        self.child_count = self.unit.child_count
        self.url = self.unit.get_absolute_url()
        self.toggle_label = gettext("Units under %(name)s") % {"name": self.unit.name}
        n = self.child_count
        self.count_label = ngettext("%(n)s unit below", "%(n)s units below", n) % {"n": n}

    @property
    def loaded(self) -> bool:
        """Its children are on the page already (else they are fetched on expand)."""
        return self.children is not None or not self.child_count

    @cached_property
    def children_url(self) -> str:
        """Where its children are fetched from on expand; empty when they are on the page."""
        return "" if self.loaded else reverse("branches:unit_children", args=[self.unit.pk])


def with_child_counts(units):
    """The open units, each annotated with how many open units sit directly under it."""
    return (
        units.open()
        .annotate(child_count=Count("children", filter=Q(children__closed_on__isnull=True)))
        .only("pk", "name", "level", "path", "parent_id")
    )


def _pages(units, start: int) -> dict[int | None, tuple[list[int], int]]:
    """For each parent, the ids of one page of its open children in natural order, and how many
    it has. Only ids and names are read for the sort; the page's units are loaded after."""
    names: dict[int | None, list[tuple[str, int]]] = {}
    for pk, name, parent_id in units.open().order_by().values_list("pk", "name", "parent_id"):
        names.setdefault(parent_id, []).append((name, pk))
    pages = {}
    for parent_id, children in names.items():
        children.sort(key=lambda child: _sort_key(child[0]))
        pages[parent_id] = ([pk for _, pk in children[start : start + TREE_PAGE]], len(children))
    return pages


def _levels(units, start: int = 0) -> dict[int | None, Level]:
    """A page of the children of each parent among `units`, with their own child counts."""
    start = max(0, start)
    pages = _pages(units, start)
    ids = [pk for page, _ in pages.values() for pk in page]
    loaded = {unit.pk: unit for unit in with_child_counts(Unit.objects.filter(pk__in=ids))}
    return {
        parent_id: Level(None, [Node(loaded[pk]) for pk in page if pk in loaded], start, total)
        for parent_id, (page, total) in pages.items()
    }


def children_page(unit: Unit, number, per_page: int) -> Page:
    """A page of every unit directly under `unit` (closed ones last) in natural order, with
    their open child counts: ids and names are read for the sort, the page's units after."""
    rows = unit.children.order_by().values_list("pk", "name", "closed_on")
    order = sorted(rows, key=lambda row: (row[2] is not None, _sort_key(row[1])))
    page = Paginator([pk for pk, _name, _closed in order], per_page).get_page(number)
    loaded = unit.children.filter(pk__in=list(page.object_list)).annotate(
        child_count=Count("children", filter=Q(children__closed_on__isnull=True))
    )
    by_pk = {child.pk: child for child in loaded.only("pk", "name", "level", "area", "closed_on")}
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return page


def children_nodes(unit: Unit, start: int = 0) -> Level:
    """A page of the open units directly under `unit`, sorted naturally."""
    level = _levels(Unit.objects.filter(parent=unit), start).get(unit.pk) or Level(None, [])
    level.parent, level.start = unit, max(0, start)  # past the end: an empty page
    return level


def top_nodes(roots) -> Level:
    """The given root units with their children loaded: the first two levels of the tree."""
    nodes = sorted(
        (Node(unit) for unit in with_child_counts(roots)),
        key=lambda node: _sort_key(node.unit.name),
    )
    levels = _levels(Unit.objects.filter(parent__in=[node.unit.pk for node in nodes]))
    for node in nodes:
        node.children = levels.get(node.unit.pk) or Level(None, [])
        node.children.parent = node.unit
    return Level(None, nodes, 0, len(nodes))
