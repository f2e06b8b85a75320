"""The home page's events panels: response rates and unanswered opinions for those who run
events; for a secretary, invitations to reply to and surveys to answer."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from branches.permissions import is_district_staff, units_managed_by
from events.models import UNANSWERED_STATUSES, Event, Invitation, Reply, Response, Survey
from events.permissions import (
    can_create_events,
    events_visible_to,
    my_invitations,
)
from unionhub.core.panels import Panel

RECENT = timedelta(days=60)


@dataclass
class ResponseCounts:
    invited: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


def response_counts(survey: Survey) -> ResponseCounts:
    """How many invited units answered: two counts in SQL (the survey's page lists who)."""
    invited = Invitation.objects.filter(event_id=survey.event_id, unit__isnull=False)
    answered = survey.responses.filter(unit__in=invited.values("unit_id"))
    return ResponseCounts(invited=invited.count(), answered=answered.count())


def summaries(user) -> list[Panel]:
    """For those who run events: survey response rates and opinions still to answer, counted
    over every unit invited (kept a few minutes with the dashboard)."""
    if not user.is_authenticated or not can_create_events(user):
        return []
    now = timezone.now()
    run = events_visible_to(user).filter(organiser__in=units_managed_by(user))
    surveys = Survey.objects.filter(
        event__in=run, opens_at__lte=now, closes_at__gte=now - RECENT
    ).select_related("event")[:3]
    context = {"surveys": [{"survey": s, "rate": response_counts(s)} for s in surveys]}
    context["unanswered"] = list(
        Event.objects.filter(pk__in=run.values("pk"))
        .annotate(
            unanswered=Count(
                "opinions",
                filter=Q(
                    opinions__status__in=UNANSWERED_STATUSES,
                    opinions__merged_into__isnull=True,
                ),
            )
        )
        .filter(unanswered__gt=0)
        .order_by("-starts_at")[:3]
    )
    if not (context["surveys"] or context["unanswered"]):
        return []
    return [Panel(template="events/_panel_run.html", context=context, order=30)]


def panels(user) -> list[Panel]:
    """For a secretary: the invitations to reply to and the surveys to answer, by event."""
    if not user.is_authenticated:
        return []
    now = timezone.now()
    context: dict = {"to_reply": [], "to_answer": []}
    # Staff cover every unit below them; their own events are not invitations to them.
    # (District staff run every event; for others the filter is can_run_event's, in SQL.)
    invitations = (
        []
        if is_district_staff(user)
        else list(
            my_invitations(user)
            .filter(event__starts_at__gte=now)
            .exclude(event__organiser__in=units_managed_by(user))
        )
    )
    # One line per event and per survey, however many of the user's units it concerns
    # ("Khảo sát: 14/18 chi đoàn đã trả lời"), with the units still to act listed under it.
    by_event: dict[int, list] = {}
    for invitation in invitations:
        by_event.setdefault(invitation.event_id, []).append(invitation)
    context["to_reply"] = [
        {"event": group[0].event, "pending": pending, "total": len(group)}
        for group in by_event.values()
        if (pending := [i for i in group if i.reply == Reply.PENDING])
    ]
    if invitations:
        open_surveys = Survey.objects.filter(
            event_id__in=by_event, opens_at__lte=now, closes_at__gt=now
        ).order_by("closes_at", "pk")
        answered = set(
            Response.objects.filter(survey__in=open_surveys).values_list("survey_id", "unit_id")
        )
        for survey in open_surveys:
            group = by_event[survey.event_id]
            pending = [i.unit for i in group if (survey.pk, i.unit_id) not in answered]
            if pending:
                context["to_answer"].append(
                    {
                        "survey": survey,
                        "pending": pending,
                        "total": len(group),
                        "answered": len(group) - len(pending),
                    }  # fmt: skip
                )
    if not (context["to_reply"] or context["to_answer"]):
        return []
    return [Panel(template="events/_dashboard_panel.html", context=context, order=31)]
