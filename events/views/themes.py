"""Themes: the list (with the form to add one) and the edit page; district staff only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.forms import ThemeForm
from events.models import Theme
from events.permissions import can_manage_themes, get_theme_for
from events.services import create_theme, update_theme
from unionhub.core.forms import add_service_errors


@login_required
@require_http_methods(["GET", "POST"])
def theme_list(request: HttpRequest) -> HttpResponse:
    if not can_manage_themes(request.user):
        raise Http404
    form = ThemeForm(request.POST or None)
    if form.is_valid():
        try:
            create_theme(by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Theme added."))
            return redirect("events:theme_list")
    themes = Theme.objects.annotate(opinion_count=Count("opinions"))
    return render(request, "events/theme_list.html", {"form": form, "themes": themes})


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_theme_for(request.user, pk)
    form = ThemeForm(request.POST or None, instance=theme)
    if form.is_valid():
        try:
            update_theme(
                theme, by=request.user, base_version=form.base_version, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("events:theme_list")
    return render(request, "events/theme_form.html", {"form": form, "theme": theme})
