"""The opinion register: fast entry, filters, merge, assign, answer, forward; digest and Excel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from branches.forms.widgets import UNIT_OPTIONS, unit_search_response
from branches.models import Unit
from events.exports import OpinionDigestExporter, OpinionRegisterExporter
from events.forms import (
    AnswerForm,
    AssignForm,
    ForwardForm,
    MergeForm,
    NoteForm,
    OpinionEditForm,
    OpinionEntryForm,
    OpinionFilter,
    UnitByNameField,
)
from events.forms.opinions import UNIT_SUGGESTIONS
from events.models import Opinion, OpinionSource
from events.permissions import can_keep_register, get_event_for, get_opinion_for
from events.results import counts_by_theme, register_opinions
from events.services import (
    answer_opinion,
    assign_opinion,
    close_opinion,
    forward_opinion,
    merge_opinions,
    record_opinion,
    reopen_opinion,
    update_opinion,
)
from unionhub.core.exports import export_response
from unionhub.core.forms import add_service_errors
from unionhub.core.pages import page_of
from unionhub.core.text import search_terms

PAGE_SIZE = 50  # opinions a page; the register of a city conference holds thousands


def _invited_units(event):
    return Unit.objects.filter(invitations__event=event).select_related("parent").order_by("path")


@login_required
@require_safe
def opinion_list(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_keep_register)
    opinion_filter = OpinionFilter(
        request.GET, queryset=Opinion.objects.filter(event=event), event=event
    )
    page = page_of(
        register_opinions(event, opinion_filter.qs),
        request.GET.get("page"),
        PAGE_SIZE,
        fill=lambda rows: rows.annotate(merged_count=Count("merged")),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "event": event,
        "filter": opinion_filter,
        "page": page,
        "query": query.urlencode(),
        "chart": (chart := counts_by_theme(opinion_filter.qs)),
        "charts_json": {"themes": chart},
        "merge_form": MergeForm(event=event),
    }
    return render(request, "events/opinion_list.html", context)


def _suggested(units, request: HttpRequest) -> list[Unit]:
    """The first invited units whose label ("name – parent") holds every word typed."""
    for term in search_terms(request.GET.get("raised_by_unit")):
        if any(ch.isalnum() for ch in term):  # a label typed on holds its dash
            units = units.filter(
                Q(search_text__contains=term) | Q(parent__search_text__contains=term)
            )
    return list(units.order_by("path")[:UNIT_OPTIONS])


@login_required
@require_http_methods(["GET", "POST"])
def opinion_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_keep_register)
    units = _invited_units(event)
    if request.GET.get(UNIT_SUGGESTIONS):
        labels = [UnitByNameField.label_for(unit) for unit in _suggested(units, request)]
        return render(request, "events/_unit_datalist.html", {"labels": labels})
    theme = request.GET.get("theme") or request.POST.get("theme")
    form = OpinionEntryForm(request.POST or None, units=units, initial={"theme": theme})
    if form.is_valid():
        try:
            record_opinion(event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opinion recorded. Next one:"))
            # A fresh, empty form with the same theme: staff type the next one as people speak.
            form = OpinionEntryForm(units=units, initial={"theme": form.cleaned_data["theme"].pk})
            if not request.headers.get("HX-Request"):
                return redirect(f"{request.path}?theme={form.initial['theme']}")
    context = {
        "event": event,
        "form": form,
        "recent": register_opinions(event)
        .filter(source__in=[OpinionSource.SPOKEN, OpinionSource.WRITTEN])
        .order_by("-pk")[:5],
    }
    template = "events/_opinion_entry.html" if request.headers.get("HX-Request") else None
    return render(request, template or "events/opinion_entry.html", context)


def _detail_context(request, opinion, **forms) -> dict:
    event, version = opinion.event, opinion.version
    return {
        "opinion": opinion,
        "event": event,
        "merged": opinion.merged.select_related("raised_by_unit", "raised_by_unit__parent"),
        "transitions": opinion.transitions.select_related("by"),
        "assign_form": forms.get("assign")
        or AssignForm(
            event=event,
            version=version,
            initial={"assignee": opinion.assignee_id, "due_on": opinion.due_on},
        ),
        "answer_form": forms.get("answer")
        or AnswerForm(
            version=version, initial={"answer": opinion.answer, "channel": opinion.answer_channel}
        ),
        "forward_form": forms.get("forward")
        or ForwardForm(version=version, initial={"forwarded_to": opinion.forwarded_to}),
        "note_form": NoteForm(version=version),
    }


@login_required
@require_safe
def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_opinion_for(request.user, pk)
    return render(request, "events/opinion_detail.html", _detail_context(request, opinion))


@login_required
@require_http_methods(["GET", "POST"])
def opinion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_opinion_for(request.user, pk)
    form = OpinionEditForm(
        request.POST or None, instance=opinion, units=_invited_units(opinion.event)
    )
    if options := unit_search_response(request, form):
        return options
    if form.is_valid():
        try:
            update_opinion(
                opinion, by=request.user, base_version=form.base_version, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(opinion)
    context = {
        "form": form,
        "event": opinion.event,
        "heading": _("Edit the opinion"),
        "back": opinion.get_absolute_url(),
        "staff_tabs": True,
    }
    return render(request, "events/opinion_form.html", context)


def _opinion_form(request: HttpRequest, opinion, form, *, key: str, service, done: str):
    """Validate `form`, hand it to `service`, and show the opinion again (with the errors if any)."""
    if form.is_valid():
        try:
            service(
                opinion, by=request.user, base_version=form.base_version, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(opinion)
    # The page shows the opinion as it is now (its other forms carry its current version).
    opinion = get_opinion_for(request.user, opinion.pk)
    context = _detail_context(request, opinion, **{key: form})
    return render(request, "events/opinion_detail.html", context, status=400)


@login_required
@require_POST
def opinion_assign(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_opinion_for(request.user, pk)
    form = AssignForm(request.POST, event=opinion.event, version=opinion.version)
    return _opinion_form(
        request, opinion, form, key="assign", service=assign_opinion, done=_("Assigned.")
    )


@login_required
@require_POST
def opinion_answer(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_opinion_for(request.user, pk)
    form = AnswerForm(request.POST, version=opinion.version)
    return _opinion_form(
        request, opinion, form, key="answer", service=answer_opinion, done=_("Answer saved.")
    )


@login_required
@require_POST
def opinion_forward(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_opinion_for(request.user, pk)
    form = ForwardForm(request.POST, version=opinion.version)
    return _opinion_form(
        request, opinion, form, key="forward", service=forward_opinion, done=_("Forwarded.")
    )


@login_required
@require_POST
def opinion_status(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_opinion_for(request.user, pk)
    form = NoteForm(request.POST, version=opinion.version)
    action = close_opinion if request.POST.get("action") == "close" else reopen_opinion
    if form.is_valid():
        try:
            action(
                opinion, by=request.user, base_version=form.base_version, **form.service_fields()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(opinion)


@login_required
@require_POST
def opinion_merge(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_keep_register)
    form = MergeForm(request.POST, event=event)
    if form.is_valid():
        try:
            n = merge_opinions(
                form.cleaned_data["originals"], by=request.user, into=form.cleaned_data["into"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)s opinions merged.") % {"n": n})
            return redirect(form.cleaned_data["into"])
    else:
        messages.error(request, _("Tick the duplicates and choose the opinion to merge them into."))
    return redirect("events:opinion_list", pk=event.pk)


@login_required
@require_safe
def opinion_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(OpinionRegisterExporter(user=request.user, event=pk))


@login_required
@require_safe
def digest_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(OpinionDigestExporter(user=request.user, event=pk))
