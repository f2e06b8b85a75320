"""Who may see an invitation, reply to it and check its invitee in."""

from collections.abc import Callable

from django.http import Http404

from events.models import Invitation
from events.permissions.events import can_answer_for_unit, can_run_event


def can_view_invitation(user, invitation: Invitation) -> bool:
    """See the invitation and its check-in code: those who run the event, the unit's secretary."""
    return can_run_event(user, invitation.event) or can_answer_for_unit(user, invitation.unit)


def can_reply_invitation(user, invitation: Invitation) -> bool:
    """Reply for the invitee: the unit's secretary; for a guest, those who run the event."""
    if invitation.is_guest:
        return can_run_event(user, invitation.event)
    return can_answer_for_unit(user, invitation.unit)


def can_check_in(user, invitation: Invitation) -> bool:
    """Tick the invitee present (or untick them): those who run the event."""
    return can_run_event(user, invitation.event)


def _invitations():
    return Invitation.objects.select_related("event", "event__organiser", "unit", "unit__parent")


def get_invitation_for(user, pk: int, *, allow: Callable = can_view_invitation) -> Invitation:
    """The invitation with this id if `allow` holds for the user; 404 otherwise."""
    invitation = _invitations().filter(pk=pk).first()
    if invitation is None or not allow(user, invitation):
        raise Http404
    return invitation


def get_invitation_by_code(user, code: str) -> Invitation:
    """The invitation a check-in QR code points at, for staff running its event; 404 otherwise."""
    invitation = _invitations().filter(code=code).first()
    if invitation is None or not can_check_in(user, invitation):
        raise Http404
    return invitation
