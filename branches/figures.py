"""Figures computed from a unit's own records: the register, transfers and the logs.

Used to pre-fill a periodic report and, by the commendations app, to show the evidence beside each
criterion. A fixed number of queries whatever the number of units.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q

from branches.models import (
    Activity,
    ActivityKind,
    Gender,
    Meeting,
    Member,
    MemberStatus,
    MemberTransfer,
    Unit,
)

# The report fields these figures fill; the others (youth census, dues …) are typed in.
COMPUTED_FIGURES = (
    "members_total",
    "members_female",
    "admissions",
    "transfers_in",
    "transfers_out",
    "graduations",
    "removals",
    "party_referrals",
    "party_admissions",
    "meetings_held",
    "activities_held",
    "youth_projects",
)


def _grouped(queryset, group_by: str, **aggregates) -> dict[int, dict[str, int]]:
    rows = queryset.order_by().values(group_by).annotate(**aggregates)
    return {row[group_by]: row for row in rows}


def figures_for(units: Iterable[Unit], *, start: date, end: date) -> dict[int, dict[str, int]]:
    """{unit id: {figure: value}} for each unit's own records in the period [start, end].

    Members are counted on the register of the unit they are on now: on the register at the end of
    the period (joined by then, not left by then), and admissions, departures and Party steps dated
    within it. Transfers come from the transfer log.
    """
    unit_ids = [unit.pk for unit in units]
    in_period = {"gte": start, "lte": end}

    def between(field: str) -> Q:
        return Q(**{f"{field}__{op}": value for op, value in in_period.items()})

    on_register = (Q(joined_on__isnull=True) | Q(joined_on__lte=end)) & (
        Q(status=MemberStatus.ACTIVE) | Q(left_on__gt=end)
    )
    members = _grouped(
        Member.objects.filter(unit_id__in=unit_ids),
        "unit_id",
        members_total=Count("pk", filter=on_register),
        members_female=Count("pk", filter=on_register & Q(gender=Gender.FEMALE)),
        admissions=Count("pk", filter=between("joined_on")),
        transferred_out_of_district=Count(
            "pk", filter=Q(status=MemberStatus.TRANSFERRED) & between("left_on")
        ),
        graduations=Count("pk", filter=Q(status=MemberStatus.GRADUATED) & between("left_on")),
        removals=Count("pk", filter=Q(status=MemberStatus.REMOVED) & between("left_on")),
        party_referrals=Count("pk", filter=between("party_referred_on")),
        party_admissions=Count("pk", filter=between("party_admitted_on")),
    )
    transfers = MemberTransfer.objects.filter(between("transferred_on"))
    transfers_in = _grouped(transfers.filter(to_unit_id__in=unit_ids), "to_unit_id", n=Count("pk"))
    transfers_out = _grouped(
        transfers.filter(from_unit_id__in=unit_ids), "from_unit_id", n=Count("pk")
    )
    meetings = _grouped(
        Meeting.objects.filter(between("held_on"), unit_id__in=unit_ids), "unit_id", n=Count("pk")
    )
    activities = _grouped(
        Activity.objects.filter(between("held_on"), unit_id__in=unit_ids),
        "unit_id",
        activities=Count("pk", filter=~Q(kind=ActivityKind.YOUTH_PROJECT)),
        projects=Count("pk", filter=Q(kind=ActivityKind.YOUTH_PROJECT)),
    )

    result: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id in unit_ids:
        m = members.get(unit_id, {})
        a = activities.get(unit_id, {})
        result[unit_id] = {
            "members_total": m.get("members_total", 0),
            "members_female": m.get("members_female", 0),
            "admissions": m.get("admissions", 0),
            "transfers_in": transfers_in.get(unit_id, {}).get("n", 0),
            "transfers_out": transfers_out.get(unit_id, {}).get("n", 0)
            + m.get("transferred_out_of_district", 0),
            "graduations": m.get("graduations", 0),
            "removals": m.get("removals", 0),
            "party_referrals": m.get("party_referrals", 0),
            "party_admissions": m.get("party_admissions", 0),
            "meetings_held": meetings.get(unit_id, {}).get("n", 0),
            "activities_held": a.get("activities", 0),
            "youth_projects": a.get("projects", 0),
        }
    return dict(result)


def unit_record_summary(unit: Unit, *, year: int) -> dict[str, int]:
    """What the unit's own records show for a calendar year, for commendation evidence.

    Keys: members (on the register at the end of the year), meetings, admissions,
    party_referrals, plus every figure of COMPUTED_FIGURES under its own name.
    """
    figures = figures_for([unit], start=date(year, 1, 1), end=date(year, 12, 31))[unit.pk]
    return {
        "members": figures["members_total"],
        "meetings": figures["meetings_held"],
        "admissions": figures["admissions"],
        "party_referrals": figures["party_referrals"],
        **figures,
    }
