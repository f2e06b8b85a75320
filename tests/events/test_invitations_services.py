"""Invitations: inviting units and guests, replies, check-in."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from branches.models import UnitArea, UnitLevel
from branches.services import close_unit
from events.models import (
    Event,
    Invitation,
    Reply,
)
from events.services import (
    cancel_invitation,
    check_in,
    invite_guest,
    invite_neighbourhood_branches,
    invite_units,
    reply_to_invitation,
    undo_check_in,
)
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_inviting_all_neighbourhood_branches_invites_each_open_one_once(
    event, tree, district_staff
):
    invited = set(Invitation.objects.filter(event=event).values_list("unit_id", flat=True))
    assert invited == {tree.a1.pk, tree.a2.pk, tree.b1.pk}
    assert invite_neighbourhood_branches(event, by=district_staff) == 0
    Invitation.objects.filter(event=event, unit=tree.b1).delete()
    assert invite_neighbourhood_branches(event, by=district_staff) == 1
    assert Invitation.objects.filter(event=event).count() == 3


def test_a_branch_created_before_the_event_is_invited_like_its_siblings(
    event, tree, district_staff
):
    new = make_unit(tree.b, UnitLevel.BRANCH, "Chi đoàn Khu phố 2", area=UnitArea.NEIGHBOURHOOD)
    assert Invitation.objects.filter(event=event, unit=new).count() == 1
    # Not when the siblings were not all invited, nor for another area, nor after the event.
    Invitation.objects.filter(event=event, unit=tree.a2).delete()
    other = make_unit(tree.a, UnitLevel.BRANCH, "Chi đoàn Khu phố 9", area=UnitArea.NEIGHBOURHOOD)
    school = make_unit(tree.b, UnitLevel.BRANCH, "Chi đoàn Trường X", area=UnitArea.SCHOOL)
    assert not Invitation.objects.filter(event=event, unit__in=[other, school]).exists()
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    late = make_unit(tree.b, UnitLevel.BRANCH, "Chi đoàn Khu phố 5", area=UnitArea.NEIGHBOURHOOD)
    assert not Invitation.objects.filter(event=event, unit=late).exists()


def test_staff_withdraw_an_invitation_unless_checked_in(event, tree, district_staff):
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    pk = invitation.pk
    cancel_invitation(invitation, by=district_staff)
    assert not Invitation.objects.filter(event=event, unit=tree.a1).exists()
    gone = Invitation.history.filter(id=pk, history_type="-").get()
    assert gone.history_user == district_staff
    checked = Invitation.objects.get(event=event, unit=tree.a2)
    Invitation.objects.filter(pk=checked.pk).update(checked_in_at=timezone.now())
    checked.refresh_from_db()
    with pytest.raises(ValidationError):
        cancel_invitation(checked, by=district_staff)
    assert Invitation.objects.filter(pk=checked.pk).exists()


def test_the_invitation_search_text_is_folded(event, tree):
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    assert "chi doan khu pho 3" in invitation.search_text
    assert "doan phuong 10" in invitation.search_text


def test_a_guest_needs_a_name(event, district_staff):
    with pytest.raises(ValidationError):
        invite_guest(event, by=district_staff, name="   ")
    guest = invite_guest(event, by=district_staff, name=" Nguyễn  Văn Khách ", position="Ủy viên")
    assert guest.guest_name == "Nguyễn Văn Khách"
    assert guest.is_guest and len(guest.code) >= 20


def test_each_invitation_has_its_own_unguessable_code(event):
    codes = list(Invitation.objects.filter(event=event).values_list("code", flat=True))
    assert len(set(codes)) == len(codes) == 3
    assert all(len(code) >= 20 for code in codes)


def test_a_secretary_replies_and_may_change_the_reply(event, tree, branch_secretary):
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    reply_to_invitation(invitation, by=branch_secretary, attending=True)
    invitation.refresh_from_db()
    assert invitation.reply == Reply.YES and invitation.replied_by == branch_secretary
    reply_to_invitation(invitation, by=branch_secretary, attending=False)
    invitation.refresh_from_db()
    assert invitation.reply == Reply.NO


def test_replies_close_when_the_event_starts(event, tree, branch_secretary):
    event.starts_at = timezone.now() - timedelta(minutes=1)
    event.save()
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    with pytest.raises(ValidationError):
        reply_to_invitation(invitation, by=branch_secretary, attending=True)
    assert Invitation.objects.get(pk=invitation.pk).reply == Reply.PENDING


def test_a_second_check_in_keeps_the_first_time(event, tree, district_staff):
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    first, done = check_in(invitation, by=district_staff)
    assert done and first.checked_in_by == district_staff
    again, done = check_in(invitation, by=district_staff)
    assert not done and again.checked_in_at == first.checked_in_at
    undo_check_in(invitation, by=district_staff)
    assert Invitation.objects.get(pk=invitation.pk).checked_in_at is None


@pytest.mark.parametrize("who", ["branch_secretary", "outsider", None])
def test_only_those_who_run_the_event_invite_and_check_in(request, event, guest, tree, who):
    user = request.getfixturevalue(who) if who else None
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    before = list(Invitation.objects.order_by("pk").values())
    for call in (
        lambda: invite_units(event, by=user, units=[tree.g]),
        lambda: invite_neighbourhood_branches(event, by=user),
        lambda: invite_guest(event, by=user, name="Khách lén"),
        lambda: check_in(invitation, by=user),
        lambda: undo_check_in(invitation, by=user),
        lambda: reply_to_invitation(guest, by=user, attending=True),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert list(Invitation.objects.order_by("pk").values()) == before


def test_only_the_units_secretary_replies_for_it(event, tree, outsider, branch_secretary):
    a1 = Invitation.objects.get(event=event, unit=tree.a1)
    with pytest.raises(PermissionDenied):
        reply_to_invitation(a1, by=outsider, attending=True)
    with pytest.raises(PermissionDenied):
        reply_to_invitation(
            Invitation.objects.get(event=event, unit=tree.a2), by=branch_secretary, attending=True
        )
    reply_to_invitation(a1, by=branch_secretary, attending=True)
    assert Invitation.objects.get(pk=a1.pk).reply == Reply.YES


def test_staff_record_a_guests_reply(guest, district_staff):
    reply_to_invitation(guest, by=district_staff, attending=False)
    guest.refresh_from_db()
    assert (guest.reply, guest.replied_by) == (Reply.NO, district_staff)


def test_a_closed_unit_no_longer_replies(event, tree, ward_secretary, district_staff):
    invitation = Invitation.objects.get(event=event, unit=tree.a2)
    close_unit(tree.a2, by=district_staff, closed_on=timezone.localdate())
    with pytest.raises(ValidationError):
        reply_to_invitation(invitation, by=ward_secretary, attending=True)
    assert Invitation.objects.get(pk=invitation.pk).reply == Reply.PENDING


def test_a_stale_reply_is_refused_but_a_tick_at_the_door_never_is(
    event, tree, branch_secretary, ward_secretary, district_staff
):
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    reply_to_invitation(invitation, by=branch_secretary, attending=True, base_version=1)
    with pytest.raises(ValidationError) as refused:
        reply_to_invitation(invitation, by=ward_secretary, attending=False, base_version=1)
    assert refused.value.code == "conflict"
    assert Invitation.objects.get(pk=invitation.pk).reply == Reply.YES
    _row, done = check_in(invitation, by=district_staff)  # version 2 → 3, no form involved
    assert done
    with pytest.raises(ValidationError):  # an untick from the page shown before the tick
        undo_check_in(invitation, by=district_staff, base_version=2)
    assert Invitation.objects.get(pk=invitation.pk).checked_in_at is not None
    assert Invitation.objects.get(pk=invitation.pk).history.count() == 3
