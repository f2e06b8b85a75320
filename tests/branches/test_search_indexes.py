"""On PostgreSQL the search boxes of members and units read a trigram index (made by migration
0007); SQLite has none and searches the same way."""

import pytest
from django.db import connection

from branches.models import Member, Unit
from tests.branches.records_helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_the_folded_search_text_of_members_and_units_has_a_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE indexname LIKE %s ORDER BY 1",
            ["%search_trgm"],
        )
        found = dict(cursor.fetchall())
    for model in (Member, Unit):
        assert "gin (search_text gin_trgm_ops)" in found[model._meta.db_table]


def test_a_search_finds_the_same_members_with_or_without_the_index(tree):
    make_member(tree.a1, "Nguyễn Văn An")
    make_member(tree.a1, "Trần Văn Bình")
    make_member(tree.a1, "Nguyễn Thị Hoa")
    found = Member.objects.filter(search_text__contains="nguyen").filter(
        search_text__contains="van"
    )
    assert [m.full_name for m in found] == ["Nguyễn Văn An"]
