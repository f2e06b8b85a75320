"""Who may see and change a unit's records: members, committee, logs and reports.

The same one rule as branches/permissions.py: a role on a unit covers it and everything below.
Members are personal data: only people with a role on the member's unit (or above) see them.
"""

from collections.abc import Callable

from django.http import Http404

from branches.models import (
    Activity,
    Meeting,
    Member,
    Position,
    ReportPeriod,
    RoleKind,
    Unit,
    UnitLevel,
    UnitReport,
)
from branches.permissions import (
    can_edit_unit,
    can_view_unit,
    get_unit_for,
    is_district_staff,
    kind_on,
    units_editable_by,
    units_visible_to,
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
    position = Position.objects.select_related("unit", "member").filter(pk=pk).first()
    if position is None:
        raise Http404
    _unit_check(user, position.unit, allow)
    return position


def get_meeting_for(user, pk: int, *, allow: Callable = can_edit_records) -> Meeting:
    meeting = Meeting.objects.select_related("unit").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    _unit_check(user, meeting.unit, allow)
    return meeting


def get_activity_for(user, pk: int, *, allow: Callable = can_edit_records) -> Activity:
    activity = Activity.objects.select_related("unit").filter(pk=pk).first()
    if activity is None:
        raise Http404
    _unit_check(user, activity.unit, allow)
    return activity


# --- reports ----------------------------------------------------------------------------------


def can_open_periods(user) -> bool:
    """Open report periods for a set of units: district staff."""
    return is_district_staff(user)


def periods_visible_to(user):
    """Periods the user may read: all for district staff, else those with a unit they see."""
    if is_district_staff(user):
        return ReportPeriod.objects.all()
    visible = units_visible_to(user)
    return ReportPeriod.objects.filter(
        pk__in=ReportPeriod.units.through.objects.filter(unit__in=visible).values("reportperiod")
    )


def get_period_for(user, pk: int) -> ReportPeriod:
    period = periods_visible_to(user).filter(pk=pk).first()
    if period is None:
        raise Http404
    return period


def can_file_report(user, unit: Unit) -> bool:
    """Fill in and submit the unit's report: an editor or manager of the unit."""
    return can_edit_unit(user, unit)


def can_review_report(user, report: UnitReport) -> bool:
    """Return a submitted report for correction: a manager of the unit above it."""
    unit = report.unit
    return unit.parent_id is not None and kind_on(user, unit.parent) == RoleKind.MANAGER


def get_report_for(user, pk: int, *, allow: Callable | None = None) -> UnitReport:
    """The report if the user may see its unit (and `allow(user, report)` holds); 404 otherwise."""
    report = (
        UnitReport.objects.select_related("period", "unit", "unit__parent", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view_unit(user, report.unit):
        raise Http404
    if allow is not None and not allow(user, report):
        raise Http404
    return report


def get_filing_for(user, unit_pk: int, period_pk: int) -> tuple[Unit, ReportPeriod]:
    """The unit and period of a report the user may file; 404 unless the period covers the unit."""
    unit = get_unit_for(user, unit_pk, allow=can_file_report)
    period = ReportPeriod.objects.filter(pk=period_pk, units=unit).first()
    if period is None:
        raise Http404
    return unit, period
