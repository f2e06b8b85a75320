"""Pages of a long list cut on the ids alone, then filled.

A list page joined to its unit, its parent and its question, sorted and cut with LIMIT, makes the
database join and sort every row of the list before it keeps 50: among 5,000 rows that is most
of the page's time. Cutting the page on the ids (a narrow sort) and fetching only that page's
rows with their joins costs the same among 5,000 rows as among 50.
"""

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


def page_of(
    queryset: QuerySet, number, per_page: int, *, fill: Callable[[QuerySet], QuerySet] | None = None
) -> Page:
    """Page `number` of `queryset` (in its order), its rows fetched with the queryset's joins;
    `fill` adds to that fetch what only the page's rows need (counts, say)."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    rows = queryset.order_by().filter(pk__in=ids)
    rows = {row.pk: row for row in (fill(rows) if fill else rows)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


class CappedPaginator(Paginator):
    """Pages of a list counted up to `cap` rows only: counting the 200,000 members of a city to
    print "200.000" costs more than the page, and nobody pages past the first thousands (they
    search). Past the cap the list says "more than …" and its last page is the cap's."""

    def __init__(self, object_list: QuerySet, per_page: int, *, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def counted(self) -> int:
        # Unordered and cut at cap + 1: the database stops counting there.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap
