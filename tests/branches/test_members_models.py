import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.models import Member
from tests.branches.records_helpers import make_member

pytestmark = pytest.mark.django_db


def test_members_below_a_unit_are_those_of_its_subtree(tree):
    a1 = make_member(tree.a1, "Trần Thị Mai")
    b1 = make_member(tree.b1, "Võ Văn Khác")
    assert set(Member.objects.below(tree.a)) == {a1}
    assert set(Member.objects.below(tree.a1)) == {a1}
    assert set(Member.objects.below(tree.top)) == {a1, b1}


def test_counting_every_member_of_the_top_unit_does_not_join_the_units(tree):
    make_member(tree.a1, "Trần Thị Mai")
    with CaptureQueriesContext(connection) as queries:
        assert Member.objects.below(tree.top).active().count() == 1
    [query] = queries.captured_queries
    assert "branches_unit" not in query["sql"]
