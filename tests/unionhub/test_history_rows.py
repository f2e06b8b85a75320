"""History rows written in bulk (copied by the database from the records just written) are the
rows django-simple-history writes itself."""

from datetime import UTC, date, datetime

import pytest

from branches.models import Gender, Member
from branches.services import create_members
from tests.factories import UserFactory
from unionhub.core.history import write_history

pytestmark = pytest.mark.django_db

WHEN = datetime(2021, 3, 26, 8, 30, tzinfo=UTC)


def _history_rows(pks) -> list[dict]:
    rows = Member.history.filter(id__in=pks).order_by("id", "history_type").values()
    return [{k: v for k, v in row.items() if k != "history_id"} for row in rows]


def test_the_rows_are_those_simple_history_writes(tree):
    user = UserFactory(username="ghi.so")
    members = create_members(tree.a1, by=None, reason="Nhập từ ds.xlsx", rows=[
        {"full_name": "Trần Văn Một", "gender": Gender.MALE, "birth_date": date(2000, 2, 1)},
        {"full_name": "Lê Thị Hai", "gender": Gender.FEMALE, "birth_year": 2001, "phone": "09"},
    ])  # fmt: skip
    pks = [m.pk for m in members]
    Member.history.filter(id__in=pks).delete()
    assert write_history(Member, members, user=user, reason="Nhập", when=WHEN) == 2
    ours = _history_rows(pks)
    Member.history.filter(id__in=pks).delete()
    Member.history.bulk_history_create(
        members, default_user=user, default_change_reason="Nhập", default_date=WHEN
    )
    theirs = _history_rows(pks)
    assert ours == theirs
    assert ours[0]["gender"] == "male" and type(ours[0]["gender"]) is str
    assert (ours[0]["history_user_id"], ours[1]["birth_year"]) == (user.pk, 2001)


def test_a_change_is_written_as_a_change(tree):
    [member] = create_members(
        tree.a1, by=None, rows=[{"full_name": "Trần Văn Một", "gender": "male"}]
    )
    Member.objects.filter(pk=member.pk).update(phone="0909000111")  # as update_members saves it
    write_history(Member, [member], user=None, reason="Sửa", when=WHEN, history_type="~")
    latest = Member.history.filter(id=member.pk).order_by("history_id").last()
    assert (latest.history_type, latest.phone, latest.history_change_reason) == (
        "~",
        "0909000111",
        "Sửa",
    )
