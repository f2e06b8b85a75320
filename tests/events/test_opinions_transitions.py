"""The opinion workflow, pinned: every (from, to) pair is tried through the services.

The table is written out here on purpose (not imported from the code): changing the code's
ALLOWED_TRANSITIONS without changing this table fails a test.
"""

import pytest
from django.core.exceptions import ValidationError

from events.models import AnswerChannel, Opinion, OpinionStatus, OpinionTransition
from events.services import (
    answer_opinion,
    assign_opinion,
    close_opinion,
    forward_opinion,
    reopen_opinion,
)

pytestmark = pytest.mark.django_db

EXPECTED = {
    "open": {"assigned", "answered", "forwarded", "closed"},
    "assigned": {"assigned", "answered", "forwarded", "closed"},
    "answered": {"answered", "closed", "open"},
    "forwarded": {"answered", "closed", "open"},
    "closed": {"open"},
}
STATUSES = ["open", "assigned", "answered", "forwarded", "closed"]


def _service(to: str, opinion, by):
    """The service that moves an opinion to `to`."""
    return {
        "assigned": lambda: assign_opinion(opinion, by=by, assignee=by, due_on=None, note="Giao"),
        "answered": lambda: answer_opinion(
            opinion, by=by, answer="Đã trả lời", channel=AnswerChannel.IN_WRITING
        ),
        "forwarded": lambda: forward_opinion(opinion, by=by, forwarded_to="UBND Phường 10"),
        "closed": lambda: close_opinion(opinion, by=by, note="Xong"),
        "open": lambda: reopen_opinion(opinion, by=by, note="Mở lại"),
    }[to]


def test_the_table_names_every_status():
    assert set(EXPECTED) == set(STATUSES) == set(OpinionStatus.values)


@pytest.mark.parametrize(("start", "to"), [(f, t) for f in STATUSES for t in STATUSES])
def test_each_move_is_allowed_or_refused_as_the_table_says(opinion, district_staff, start, to):
    Opinion.objects.filter(pk=opinion.pk).update(status=start)
    opinion.refresh_from_db()
    rows = OpinionTransition.objects.filter(opinion=opinion)
    if to in EXPECTED[start]:
        _service(to, opinion, district_staff)()
        assert rows.count() == 1
        row = rows.get()
        assert (row.from_status, row.to_status, row.by) == (start, to, district_staff)
        assert Opinion.objects.get(pk=opinion.pk).status == to
    else:
        with pytest.raises(ValidationError) as refused:
            _service(to, opinion, district_staff)()
        assert refused.value.code == "transition"
        assert not rows.exists()
        assert Opinion.objects.get(pk=opinion.pk).status == start


def test_a_refused_move_names_both_statuses(opinion, district_staff):
    answer_opinion(opinion, by=district_staff, answer="Đã trả lời", channel="in_writing")
    with pytest.raises(ValidationError) as refused:
        forward_opinion(opinion, by=district_staff, forwarded_to="UBND Phường 10")
    message = refused.value.messages[0]
    assert str(OpinionStatus.ANSWERED.label) in message
    assert str(OpinionStatus.FORWARDED.label) in message
