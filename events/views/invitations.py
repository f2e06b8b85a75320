"""Invitations, replies, check-in on the day (by name or by the personal QR code), and the
attendance list and sign-in sheet."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from branches.forms.units import UnitByNameForm
from branches.models import Unit
from branches.permissions import units_visible_to
from events.exports import AttendanceExporter, SignInSheetExporter
from events.forms import GuestForm, ReplyForm, VersionForm
from events.models import Reply
from events.permissions import (
    can_check_in,
    can_reply_invitation,
    can_run_event,
    get_event_for,
    get_invitation_by_code,
    get_invitation_for,
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
from unionhub.core.exports import export_response
from unionhub.core.forms import add_service_errors
from unionhub.core.pages import page_of
from unionhub.core.text import fold, search_terms

SEARCH_LIMIT = 30


INVITATIONS_PER_PAGE = 50


def _invitations(event):
    return event.invitations.select_related("unit", "unit__parent").order_by(
        "unit__path", "guest_name", "pk"
    )


@login_required
@require_safe
def invitation_list(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_run_event)
    invitations = _invitations(event)
    reply = request.GET.get("reply", "")
    if reply in Reply.values:
        invitations = invitations.filter(reply=reply)
    q = " ".join(request.GET.get("q", "").split())
    for term in search_terms(q):
        invitations = invitations.filter(search_text__contains=term)
    page = page_of(invitations, request.GET.get("page"), INVITATIONS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "event": event,
        "invitations": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "q": q,
        "reply": reply,
        "replies": Reply.choices,
        "guest_form": GuestForm(),
        "unit_form": UnitByNameForm(units=Unit.objects.none(), prefix="invite"),
    }
    return render(request, "events/invitation_list.html", context)


@login_required
@require_POST
def invite_unit(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite one more unit (a branch created after the invitations went out, another union)."""
    event = get_event_for(request.user, pk, allow=can_run_event)
    units = units_visible_to(request.user).open()
    form = UnitByNameForm(request.POST, units=units, prefix="invite")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["unit"]))
    else:
        unit = form.cleaned_data["unit"]
        try:
            made = invite_units(event, by=request.user, units=[unit])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            message = _("%(unit)s invited.") if made else _("%(unit)s was already invited.")
            messages.success(request, message % {"unit": unit.name})
    return redirect("events:invitation_list", pk=event.pk)


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for(request.user, pk, allow=lambda u, i: can_run_event(u, i.event))
    try:
        cancel_invitation(invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("events:invitation_list", pk=invitation.event_id)


@login_required
@require_POST
def invite_branches(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_run_event)
    made = invite_neighbourhood_branches(event, by=request.user)
    messages.success(request, _("%(n)s new invitations.") % {"n": made})
    return redirect("events:invitation_list", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def guest_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_run_event)
    form = GuestForm(request.POST or None)
    if form.is_valid():
        try:
            invite_guest(event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Guest invited."))
            return redirect("events:invitation_list", pk=event.pk)
    context = {
        "form": form,
        "event": event,
        "heading": _("Invite a guest"),
        "back": reverse("events:invitation_list", kwargs={"pk": event.pk}),
        "staff_tabs": True,
    }
    return render(request, "events/invitation_form.html", context)


def _qr_data_uri(request: HttpRequest, invitation) -> str:
    url = request.build_absolute_uri(reverse("events:scan", kwargs={"code": invitation.code}))
    return segno.make(url, error="m").svg_data_uri(scale=6, border=2)


@login_required
@require_safe
def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for(request.user, pk)
    context = {
        "invitation": invitation,
        "event": invitation.event,
        "qr": _qr_data_uri(request, invitation),
        "can_reply": can_reply_invitation(request.user, invitation),
        "reply_form": ReplyForm(version=invitation.version),
        "can_run": can_run_event(request.user, invitation.event),
    }
    response = render(request, "events/invitation_detail.html", context)
    response["Cache-Control"] = "no-store"  # the page holds a personal check-in code
    return response


@login_required
@require_POST
def invitation_reply(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for(request.user, pk, allow=can_reply_invitation)
    form = ReplyForm(request.POST, version=invitation.version)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(invitation)
    try:
        reply_to_invitation(
            invitation,
            by=request.user,
            attending=form.cleaned_data["attending"] == "yes",
            base_version=form.base_version,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your reply is saved."))
    return redirect(invitation)


@login_required
@require_safe
def checkin_page(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_run_event)
    query = request.GET.get("q", "")
    invitations = _invitations(event)
    for term in search_terms(query):
        invitations = invitations.filter(search_text__contains=term)
    context = {
        "event": event,
        "query": query,
        "invitations": invitations[:SEARCH_LIMIT] if query.strip() else [],
        "present": event.invitations.filter(checked_in_at__isnull=False).count(),
        "invited": event.invitations.count(),
    }
    htmx = request.headers.get("HX-Request")
    template = "_invitation_checkin_results.html" if htmx else "invitation_checkin.html"
    return render(request, f"events/{template}", context)


@login_required
@require_POST
def invitation_tick(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for(request.user, pk, allow=can_check_in)
    try:
        if request.POST.get("undo"):
            form = VersionForm(request.POST, version=invitation.version)
            form.is_valid()
            invitation = undo_check_in(invitation, by=request.user, base_version=form.base_version)
        else:
            invitation, _done = check_in(invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.headers.get("HX-Request"):
        return render(request, "events/_invitation_checkin_row.html", {"inv": invitation})
    return redirect(
        f"{reverse('events:checkin', kwargs={'pk': invitation.event_id})}?q={fold(invitation.invitee_name)}"
    )


@login_required
@require_safe
def scan(request: HttpRequest, code: str) -> HttpResponse:
    # Opening the QR code's URL is the scan: staff running the event check the invitee in.
    # Idempotent (a second scan keeps the first time) and the code is unguessable.
    invitation = get_invitation_by_code(request.user, code)
    invitation, done = check_in(invitation, by=request.user)
    context = {"invitation": invitation, "event": invitation.event, "done": done}
    return render(request, "events/invitation_scan.html", context)


@login_required
@require_safe
def attendance_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(AttendanceExporter(user=request.user, event=pk))


@login_required
@require_safe
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(SignInSheetExporter(user=request.user, event=pk))
