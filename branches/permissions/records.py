"""Who may see and change a unit's records: its members, committee, meetings and activities.

The same one rule as branches.permissions.units: a role on a unit covers it and everything below.
Members are personal data: only people with a role on the member's unit (or above) see them.
"""

from collections.abc import Callable

from django.http import Http404

from branches.models import Activity, Meeting, Member, Position, RoleKind, Unit, UnitLevel
from branches.permissions.units import (
    can_edit_unit,
    can_view_unit,
    is_district_staff,
    kind_on,
    units_editable_by,
)

# Units that keep a member register and file reports.
REGISTER_LEVELS = (UnitLevel.BRANCH, UnitLevel.GRASSROOTS_BRANCH)


def can_edit_records(user, unit: Unit) -> bool:
    """Keep the unit's register, committee and logs: an editor or manager, while it is open."""
    return can_edit_unit(user, unit)


def can_handle_personal_data(user, unit: Unit) -> bool:
    """Export everything about a member, or anonymise one: a manager of the member's unit."""
    # Also after the unit closed: a request about a former member must still be answered.
    return kind_on(user, unit) == RoleKind.MANAGER


def can_transfer_to(user, member: Member, unit: Unit) -> bool:
    """Move the member onto this unit's register: a unit among the user's transfer targets."""
    return transfer_targets(user, member).filter(pk=unit.pk).exists()


def transfer_targets(user, member: Member):
    """Units a member may be transferred to by this user.

    District staff may move a member anywhere; anyone else only into units they edit themselves
    (a ward secretary between the ward's branches). A move across wards is asked of the district,
    and a member who leaves the district is marked "transferred out" instead.
    """
    units = Unit.objects.open().filter(level__in=REGISTER_LEVELS).exclude(pk=member.unit_id)
    if is_district_staff(user):
        return units
    return units.filter(pk__in=units_editable_by(user).values("pk"))


def _unit_check(user, unit: Unit, allow: Callable) -> None:
    if not can_view_unit(user, unit) or not allow(user, unit):
        raise Http404


def get_member_for(user, pk: int, *, allow: Callable = can_view_unit) -> Member:
    """The member with this id if the user may see their unit and `allow` holds; 404 otherwise."""
    member = Member.objects.select_related("unit", "unit__parent").filter(pk=pk).first()
    if member is None:
        raise Http404
    _unit_check(user, member.unit, allow)
    return member


def get_position_for(user, pk: int, *, allow: Callable = can_edit_records) -> Position:
    """The committee seat if the user may see its unit and `allow` holds; 404 otherwise."""
    position = Position.objects.select_related("unit", "member").filter(pk=pk).first()
    if position is None:
        raise Http404
    _unit_check(user, position.unit, allow)
    return position


def get_meeting_for(user, pk: int, *, allow: Callable = can_edit_records) -> Meeting:
    """The meeting if the user may see its unit and `allow` holds; 404 otherwise."""
    meeting = Meeting.objects.select_related("unit").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    _unit_check(user, meeting.unit, allow)
    return meeting


def get_activity_for(user, pk: int, *, allow: Callable = can_edit_records) -> Activity:
    """The activity if the user may see its unit and `allow` holds; 404 otherwise."""
    activity = Activity.objects.select_related("unit").filter(pk=pk).first()
    if activity is None:
        raise Http404
    _unit_check(user, activity.unit, allow)
    return activity
