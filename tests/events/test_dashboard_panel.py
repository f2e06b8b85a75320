"""The home page's events panel stays a few counts however many units are invited."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Invitation
from tests.branches.test_queries import _add_branches

pytestmark = pytest.mark.django_db


def _home(client) -> tuple[int, str]:
    cache.clear()  # the summaries counted, not read from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_district_staff_home_counts_the_same_queries_for_2_and_300_invited_units(
    district_client, event, tree
):
    _home(district_client)  # the first request of a session warms caches
    few, html = _home(district_client)
    assert "Hội nghị đối thoại thử" not in html  # staff run it: not an invitation to reply to
    _add_branches(tree.a, 300)  # new branches join the open event (unionhub.core.joining)
    assert Invitation.objects.filter(event=event).count() > 300
    many, html = _home(district_client)
    assert many == few
    assert "Hội nghị đối thoại thử" not in html


def test_a_ward_secretary_still_sees_the_invitation_of_their_branches(ward_client, event):
    _count, html = _home(ward_client)
    assert "Hội nghị đối thoại thử" in html
