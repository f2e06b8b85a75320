from datetime import date

import pytest
from django.core.exceptions import ValidationError

from branches.history import entries_for
from branches.models import (
    Member,
    MemberStatus,
    MemberTransfer,
    Position,
    PositionRole,
    member_sort_key,
)
from branches.permissions import transfer_targets
from branches.services import (
    anonymise_member,
    change_member_status,
    create_position,
    initials,
    transfer_member,
    update_member,
)
from tests.branches.records_helpers import make_member
from unionhub.core.text import person_sort_key

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Ánh",
    "Lê An",
    "Phạm Văn Bình",
    "Đỗ Thị Anh",
    "Nguyễn Anh",
    "Võ Văn A",
    "Hồ Văn An Bình",
    "Bùi Văn Anh",
    "Anh",
    "Nguyễn Thị Thu Hà",
    "Nguyễn Thu Hà",
    "Đặng Đức Đạt",
    "Dương Văn Dat",
]


def test_the_stored_sort_key_orders_names_like_person_sort_key():
    by_python = sorted(NAMES, key=lambda n: person_sort_key(n)[:3])
    by_key = sorted(NAMES, key=member_sort_key)
    assert [person_sort_key(n)[:3] for n in by_key] == [person_sort_key(n)[:3] for n in by_python]


def test_the_member_list_query_sorts_the_vietnamese_way(tree):
    for name in NAMES:
        make_member(tree.a1, name)
    from_db = list(Member.objects.sorted().values_list("full_name", flat=True))
    assert from_db == sorted(NAMES, key=person_sort_key)


def test_creating_a_member_records_history_and_normalises_the_name(tree, district_staff):
    member = make_member(tree.a1, "  Trần   Thị  Mai ")
    assert member.full_name == "Trần Thị Mai"
    assert member.search_text.startswith("tran thi mai")
    assert member.history.count() == 1


def test_a_member_cannot_join_before_birth(tree):
    with pytest.raises(ValidationError):
        make_member(tree.a1, birth_date=date(2000, 1, 1), joined_on=date(1999, 1, 1))
    assert not Member.objects.exists()


def test_transfer_moves_the_member_and_logs_it_for_both_units(tree, district_staff):
    member = make_member(tree.a1, "Lý Thị Chuyển")
    transfer_member(member, by=district_staff, to_unit=tree.b1, transferred_on=date(2021, 5, 1))
    member.refresh_from_db()
    assert member.unit == tree.b1
    assert Member.objects.count() == 1
    transfer = MemberTransfer.objects.get()
    assert (transfer.from_unit, transfer.to_unit, transfer.by) == (tree.a1, tree.b1, district_staff)
    old_history = [e.subject for e in entries_for(tree.a1)]
    new_history = [e.subject for e in entries_for(tree.b1)]
    assert any("Lý Thị Chuyển" in s for s in old_history)
    assert any("Lý Thị Chuyển" in s for s in new_history)


def test_a_member_who_left_cannot_be_transferred(tree):
    member = make_member(tree.a1)
    change_member_status(member, by=None, to=MemberStatus.GRADUATED, on=date(2021, 1, 1))
    with pytest.raises(ValidationError):
        transfer_member(member, by=None, to_unit=tree.b1, transferred_on=date(2021, 2, 1))
    member.refresh_from_db()
    assert member.unit == tree.a1


def test_a_ward_secretary_may_transfer_only_within_the_ward(tree, ward_secretary, district_staff):
    member = make_member(tree.a1)
    assert set(transfer_targets(ward_secretary, member)) == {tree.a2}
    assert {tree.a2, tree.b1, tree.g} <= set(transfer_targets(district_staff, member))


def test_leaving_needs_a_date_and_follows_the_allowed_transitions(tree):
    member = make_member(tree.a1)
    with pytest.raises(ValidationError):
        change_member_status(member, by=None, to=MemberStatus.REMOVED)
    member.refresh_from_db()
    change_member_status(member, by=None, to=MemberStatus.REMOVED, on=date(2021, 3, 1))
    with pytest.raises(ValidationError):
        change_member_status(member, by=None, to=MemberStatus.GRADUATED, on=date(2021, 3, 2))
    member.refresh_from_db()
    assert (member.status, member.left_on) == (MemberStatus.REMOVED, date(2021, 3, 1))


def test_anonymising_erases_contacts_everywhere_and_keeps_the_counts(tree, district_staff):
    member = make_member(
        tree.a1,
        "Nguyễn Thị Riêng Tư",
        phone="0909123456",
        email="rieng@example.com",
        address="12 Đường Bí Mật",
        birth_date=date(1998, 2, 3),
        joined_on=date(2014, 3, 26),
    )
    update_member(member, by=district_staff, base_version=1, phone="0911222333")
    create_position(
        tree.a1,
        by=None,
        member=member,
        role=PositionRole.COMMITTEE_MEMBER,
        phone="0911222333",
        started_on=date(2019, 1, 1),
    )
    change_member_status(member, by=None, to=MemberStatus.GRADUATED, on=date(2021, 1, 1))
    anonymise_member(member, by=district_staff)
    member.refresh_from_db()
    assert member.full_name == "N. T. R. T."
    assert (member.phone, member.email, member.address, member.birth_date) == ("", "", "", None)
    assert member.joined_on == date(2014, 3, 26)
    assert member.status == MemberStatus.GRADUATED
    for record in member.history.all():
        assert record.phone == "" and record.email == "" and record.address == ""
        assert "Riêng" not in record.full_name
    assert Position.objects.get().phone == ""
    shown = str([(e.subject, [(c.old, c.new) for c in e.changes]) for e in entries_for(tree.a1)])
    assert "0909123456" not in shown and "0911222333" not in shown and "Riêng" not in shown


def test_an_active_member_cannot_be_anonymised(tree):
    member = make_member(tree.a1, phone="0909")
    with pytest.raises(ValidationError):
        anonymise_member(member, by=None)
    member.refresh_from_db()
    assert member.phone == "0909"


def test_initials_keep_the_vietnamese_letters():
    assert initials("Đặng Ánh Dương") == "Đ. Á. D."


def test_a_position_needs_a_person_and_a_member_of_the_same_unit(tree):
    other = make_member(tree.b1)
    with pytest.raises(ValidationError):
        create_position(tree.a1, by=None, role=PositionRole.SECRETARY, started_on=date(2020, 1, 1))
    with pytest.raises(ValidationError):
        create_position(
            tree.a1, by=None, member=other, role=PositionRole.SECRETARY, started_on=date(2020, 1, 1)
        )
    assert not Position.objects.exists()
