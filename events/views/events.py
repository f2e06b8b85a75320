"""Events: the list, the page, the forms."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from branches.forms.widgets import unit_search_response
from branches.permissions import units_managed_by
from events.forms import EventForm
from events.models import Invitation, Reply
from events.permissions import (
    can_create_events,
    can_manage_themes,
    can_run_event,
    events_visible_to,
    get_event_for,
    my_invitations,
)
from events.results import opinions_of_units
from events.services import create_event, update_event
from unionhub.core.forms import add_service_errors
from unionhub.core.text import fold

EVENTS_PER_PAGE = 30


@login_required
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        events_visible_to(request.user).select_related("organiser").order_by("-starts_at", "-pk")
    )
    query = " ".join(request.GET.get("q", "").split())
    for word in query.split():
        events = events.filter(
            Q(title__icontains=word)
            | Q(venue__icontains=word)
            | Q(organiser__search_text__contains=fold(word))
        )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    # Counted for the page's events only, after the page is cut: a city's conference invites
    # thousands of units.
    counts = {
        row.pop("event_id"): row
        for row in Invitation.objects.filter(event__in=page.object_list)
        .values("event_id")
        .annotate(invited=Count("pk"), attending=Count("pk", filter=Q(reply=Reply.YES)))
    }
    for event in page.object_list:
        row = counts.get(event.pk, {})
        event.invited, event.attending = row.get("invited", 0), row.get("attending", 0)
    context = {
        "events": page.object_list,
        "page": page,
        "q": query,
        "query": urlencode({"q": query}) if query else "",
        "can_create": can_create_events(request.user),
        "can_manage_themes": can_manage_themes(request.user),
    }
    return render(request, "events/event_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    if not can_create_events(request.user):
        raise Http404
    form = EventForm(request.POST or None, organisers=units_managed_by(request.user))
    if options := unit_search_response(request, form):
        return options
    if form.is_valid():
        try:
            event = create_event(by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Event created. Now invite the units."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_run_event)
    form = EventForm(request.POST or None, instance=event)
    if form.is_valid():
        try:
            update_event(
                event, by=request.user, base_version=form.base_version, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    runs = can_run_event(request.user, event)
    # Those who run the event use the staff tools, not the invitations of every unit below them.
    mine = [] if runs else list(my_invitations(request.user, event))
    context = {
        "event": event,
        "can_run": runs,
        "my_invitations": mine,
        "surveys": list(event.surveys.annotate(response_count=Count("responses"))),
        "my_opinions": opinions_of_units(event, [i.unit for i in mine]) if mine else [],
    }
    if runs:
        context["counts"] = event.invitations.aggregate(
            invited=Count("pk"),
            attending=Count("pk", filter=Q(reply=Reply.YES)),
            declined=Count("pk", filter=Q(reply=Reply.NO)),
            present=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
        context["opinion_count"] = event.opinions.count()
    return render(request, "events/event_detail.html", context)
