"""The figures of a dashboard: a subtree of the organisation at a glance, every one from SQL.

Each function aggregates in the database (`aggregate`, `annotate`, `Count(filter=…)`) for the
units under `root`, so the dashboard runs the same queries for 3 units as for 5,000.
"""

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import (
    PATH_SEGMENT,
    Gender,
    Member,
    MemberStatus,
    ReportPeriod,
    ReportStatus,
    Unit,
    UnitLevel,
    UnitReport,
)
from commendations.models import Honour, NominationStatus, Round
from events.models import Invitation, Opinion, OpinionStatus, Response, Survey
from unionhub.core.text import natural_key
from unionhub.dashboard.charts import Attention, Chart, Dashboard, largest_first

PERIODS_SHOWN = 4
TREND_YEARS = 5
FLOW_FIGURES = ("admissions", "party_referrals", "activities_held")
STOCK_FIGURES = ("members_total", "youth_in_area", "youth_gathered")


def _in(root: Unit, prefix: str = "") -> Q:
    return Q(**{f"{prefix}path__startswith": root.path})


def _child_prefix(root: Unit, field_path: str):
    """The path of the root's child that a row's unit sits under (one fixed-width segment more)."""
    return Substr(field_path, 1, len(root.path) + PATH_SEGMENT + 1)


def _children(root: Unit) -> list[Unit]:
    children = Unit.objects.filter(parent=root, closed_on__isnull=True).only("pk", "name", "path")
    return sorted(children, key=lambda unit: natural_key(unit.name))


def reporting_year(root: Unit) -> int:
    """The year of the latest report period asking these units (this year if none)."""
    latest = (
        ReportPeriod.objects.filter(units__path__startswith=root.path)
        .order_by("-ends_on")
        .values_list("ends_on", flat=True)
        .first()
    )
    return latest.year if latest else timezone.localdate().year


def member_counts(root: Unit, year: int) -> dict[str, dict[str, int]]:
    """The subtree's members counted in one pass over the table, by the root's child they sit
    under (keyed by its path; the root's own members under the root's path): active, active
    women, joined this year, left this year."""
    rows = (
        Member.objects.filter(_in(root, "unit__"))
        .annotate(branch=_child_prefix(root, "unit__path"))
        .values("branch")
        .annotate(
            active=Count("pk", filter=Q(status=MemberStatus.ACTIVE)),
            women=Count("pk", filter=Q(status=MemberStatus.ACTIVE, gender=Gender.FEMALE)),
            joined=Count("pk", filter=Q(joined_on__year=year)),
            left=Count("pk", filter=Q(left_on__year=year) & ~Q(status=MemberStatus.ACTIVE)),
        )
    )
    return {row.pop("branch"): row for row in rows}


def headline(root: Unit, year: int, members_by: dict[str, dict[str, int]]) -> dict:
    """Units by level, members and this year's change, and the year's reported figures."""
    units = Unit.objects.filter(_in(root), closed_on__isnull=True).aggregate(
        grassroots_unions=Count("pk", filter=Q(level=UnitLevel.GRASSROOTS_UNION)),
        grassroots_branches=Count("pk", filter=Q(level=UnitLevel.GRASSROOTS_BRANCH)),
        branches=Count("pk", filter=Q(level=UnitLevel.BRANCH)),
    )
    members = {
        key: sum(group[key] for group in members_by.values())
        for key in ("active", "joined", "left")
    }
    submitted = UnitReport.objects.filter(
        _in(root, "unit__"), status=ReportStatus.SUBMITTED, period__ends_on__year=year
    )
    flows = submitted.aggregate(**{name: Sum(name, default=0) for name in FLOW_FIGURES})
    latest_period = (
        ReportPeriod.objects.filter(ends_on__year=year, reports__in=submitted)
        .order_by("-ends_on")
        .values("pk", "title")
        .first()
    )
    stocks = dict.fromkeys(STOCK_FIGURES, 0)
    if latest_period:
        stocks = submitted.filter(period_id=latest_period["pk"]).aggregate(
            **{name: Sum(name, default=0) for name in STOCK_FIGURES}
        )
    return {
        **units,
        "members": members["active"],
        "joined": members["joined"],
        "left": members["left"],
        "net": members["joined"] - members["left"],
        **flows,
        **stocks,
        "latest_period": latest_period["title"] if latest_period else "",
    }


def members_by_child(
    children: list[Unit], members_by: dict[str, dict[str, int]], complete: bool = False
) -> Chart:
    labels, men, women = [], [], []
    for child in children:
        row = members_by.get(child.path, {"active": 0, "women": 0})
        labels.append(child.name)
        women.append(row["women"])
        men.append(row["active"] - row["women"])
    labels, series = largest_first(
        labels, [(_("Men"), men), (_("Women"), women)], _("%(count)s other units"), complete
    )
    return Chart("members", _("Members by unit"), labels, series, stacked=True)


def reports_by_period(root: Unit) -> Chart:
    periods = list(
        ReportPeriod.objects.filter(units__path__startswith=root.path)
        .distinct()
        .order_by("-ends_on", "-pk")[:PERIODS_SHOWN]
    )
    periods.reverse()
    asked = dict(
        ReportPeriod.units.through.objects.filter(
            reportperiod__in=periods, unit__path__startswith=root.path
        )
        .values("reportperiod")
        .annotate(n=Count("pk"))
        .values_list("reportperiod", "n")
    )
    filed = {
        row["period"]: row
        for row in UnitReport.objects.filter(
            period__in=periods, status=ReportStatus.SUBMITTED, unit__path__startswith=root.path
        )
        .values("period")
        .annotate(
            all=Count("pk"),
            late=Count("pk", filter=Q(first_submitted_at__date__gt=F("period__due_on"))),
        )
    }
    on_time, late, missing = [], [], []
    for period in periods:
        row = filed.get(period.pk, {"all": 0, "late": 0})
        on_time.append(row["all"] - row["late"])
        late.append(row["late"])
        missing.append(asked.get(period.pk, 0) - row["all"])
    return Chart(
        "reports",
        _("Reports: on time, late, not filed"),
        [period.title for period in periods],
        [(_("Filed on time"), on_time), (_("Filed late"), late), (_("Not filed"), missing)],
        stacked=True,
    )


def latest_survey(root: Unit):
    return (
        Survey.objects.filter(event__invitations__unit__path__startswith=root.path)
        .order_by("-opens_at", "-pk")
        .select_related("event")
        .first()
    )


def survey_response(root: Unit, children: list[Unit], survey, complete: bool = False) -> Chart:
    if survey is None:
        return Chart("survey", _("Survey answers"), [], [])
    invited = {
        row["branch"]: row["n"]
        for row in Invitation.objects.filter(event=survey.event, unit__path__startswith=root.path)
        .annotate(branch=_child_prefix(root, "unit__path"))
        .values("branch")
        .annotate(n=Count("pk"))
    }
    answered = {
        row["branch"]: row["n"]
        for row in Response.objects.filter(survey=survey, unit__path__startswith=root.path)
        .annotate(branch=_child_prefix(root, "unit__path"))
        .values("branch")
        .annotate(n=Count("pk"))
    }
    labels, done, waiting = [], [], []
    for child in children:
        if not invited.get(child.path):
            continue
        labels.append(child.name)
        done.append(answered.get(child.path, 0))
        waiting.append(invited[child.path] - answered.get(child.path, 0))
    labels, series = largest_first(
        labels,
        [(_("Answered"), done), (_("Not answered yet"), waiting)],
        _("%(count)s other units"),
        complete,
    )
    return Chart(
        "survey",
        _("Survey “%(title)s”: who has answered") % {"title": survey.title},
        labels,
        series,
        stacked=True,
    )


def opinions_by_theme(root: Unit, year: int) -> Chart:
    statuses = [
        (_("Not answered"), Q(status__in=[OpinionStatus.OPEN, OpinionStatus.ASSIGNED])),
        (
            _("Answered or forwarded"),
            Q(status__in=[OpinionStatus.ANSWERED, OpinionStatus.FORWARDED]),
        ),
        (_("Closed"), Q(status=OpinionStatus.CLOSED)),
    ]
    scope = Q(raised_by_unit__path__startswith=root.path)
    if root.parent_id is None:
        scope |= Q(raised_by_unit__isnull=True)
    rows = list(
        Opinion.objects.filter(scope, event__starts_at__year=year, merged_into__isnull=True)
        .values("theme__name", "theme__order")
        .annotate(**{f"s{i}": Count("pk", filter=q) for i, (_l, q) in enumerate(statuses)})
        .order_by("theme__order", "theme__name")
    )
    return Chart(
        "opinions",
        _("Opinions by theme and status"),
        [row["theme__name"] or _("No theme") for row in rows],
        [(label, [row[f"s{i}"] for row in rows]) for i, (label, _q) in enumerate(statuses)],
        stacked=True,
    )


def latest_round(year: int):
    return Round.objects.filter(year__lte=year).order_by("-year", "-pk").first()


def nominations_by_honour(root: Unit, commendation_round) -> Chart:
    if commendation_round is None:
        return Chart("nominations", _("Nominations"), [], [])
    honours = list(
        Honour.objects.filter(round=commendation_round)
        .annotate(
            pending=Count(
                "nominations",
                filter=Q(
                    nominations__unit__path__startswith=root.path,
                    nominations__status__in=[
                        NominationStatus.SUBMITTED,
                        NominationStatus.ENDORSED,
                        NominationStatus.RETURNED,
                        NominationStatus.DRAFT,
                    ],
                ),
            ),
            approved=Count(
                "nominations",
                filter=Q(
                    nominations__unit__path__startswith=root.path,
                    nominations__status=NominationStatus.APPROVED,
                ),
            ),
        )
        .order_by("pk")
    )
    series = [
        (_("Approved"), [h.approved for h in honours]),
        (_("In progress"), [h.pending for h in honours]),
    ]
    if root.parent_id is not None:
        # A quota is the whole district's: beside one ward's nominations it would mislead.
        return Chart(
            "nominations",
            _("Nominations in “%(round)s”") % {"round": commendation_round.title},
            [honour.title for honour in honours],
            series,
        )
    return Chart(
        "nominations",
        _("Nominations in “%(round)s” against the quotas") % {"round": commendation_round.title},
        [honour.title for honour in honours],
        [*series, (_("Quota"), [h.quota or 0 for h in honours])],
    )


def trend(root: Unit, year: int) -> Chart:
    """Year on year from the periodic reports: the year's flows, and the last period's stocks."""
    years = list(range(year - TREND_YEARS + 1, year + 1))
    rows = {
        row["period__ends_on__year"]: row
        for row in UnitReport.objects.filter(
            _in(root, "unit__"),
            status=ReportStatus.SUBMITTED,
            period__ends_on__year__in=years,
        )
        .values("period__ends_on__year")
        .annotate(admissions=Sum("admissions"), referrals=Sum("party_referrals"))
    }
    first = min((y for y in years if y in rows), default=year)
    years = [y for y in years if y >= first]
    return Chart(
        "trend",
        _("Year on year: admissions and Party referrals"),
        [str(y) for y in years],
        [
            (_("New admissions"), [rows.get(y, {}).get("admissions") or 0 for y in years]),
            (_("Recommended to the Party"), [rows.get(y, {}).get("referrals") or 0 for y in years]),
        ],
        # One year is two dots on a line: bars read better until there are years to join.
        kind="line" if len(years) > 1 else "bar",
    )


def build_dashboard(
    root: Unit, *, attention: list[Attention] | None = None, complete: bool = False
) -> Dashboard:
    """Everything the dashboard of `root`'s subtree shows, in a fixed number of queries.

    `complete` keeps every unit in the charts by unit (for the Excel of the figures)."""
    year = reporting_year(root)
    children = _children(root)
    survey = latest_survey(root)
    members_by = member_counts(root, year)
    charts = [
        members_by_child(children, members_by, complete),
        reports_by_period(root),
        survey_response(root, children, survey, complete),
        opinions_by_theme(root, year),
        nominations_by_honour(root, latest_round(year)),
        trend(root, year),
    ]
    return Dashboard(
        root=root,
        year=year,
        headline=headline(root, year, members_by),
        charts=charts,
        attention=attention or [],
    )


def branch_history(unit: Unit) -> Chart:
    """A branch's own figures over its recent report periods."""
    rows = list(
        UnitReport.objects.filter(unit=unit, status=ReportStatus.SUBMITTED)
        .order_by("-period__ends_on")
        .values("period__title", "members_total", "youth_gathered", "admissions")[:8]
    )
    rows.reverse()
    return Chart(
        "branch",
        _("Your branch over the last periods"),
        [row["period__title"] for row in rows],
        [
            (_("Members"), [row["members_total"] for row in rows]),
            (_("Young people gathered"), [row["youth_gathered"] for row in rows]),
            (_("New admissions"), [row["admissions"] for row in rows]),
        ],
        kind="line" if len(rows) > 1 else "bar",
    )
