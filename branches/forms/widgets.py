"""Widgets the branches forms share, and the unit choice that searches as you type."""

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from unionhub.core.text import natural_key, search_terms

# A native date picker on phones; the value is sent as ISO 8601, shown as the browser's locale.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The options a unit choice lists at a time: the first matches of what was typed.
UNIT_OPTIONS = 20
# The query parameter that asks a form's page for the options of one of its unit choices.
SEARCH_PARAM = "unit_search"


def _natural(field, units) -> list:
    return sorted(units, key=lambda unit: natural_key(field.label_from_instance(unit)))


class _NaturalOrder(ModelChoiceIterator):
    """The choices sorted by their label, numbers as numbers: Phường 1, 2, … 10, not 1, 10, 2."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset if self.queryset._prefetch_done else self.queryset.all()
        for obj in _natural(self.field, queryset):
            yield self.choice(obj)


def matching_units(queryset, text: str | None, limit: int = UNIT_OPTIONS):
    """The first `limit` units of `queryset` whose name or code holds every word typed (accents
    or not), in tree order, and whether there are more."""
    for term in search_terms(text):
        queryset = queryset.filter(search_text__contains=term)
    found = list(queryset.order_by("path")[: limit + 1])
    return found[:limit], len(found) > limit


class UnitSearchSelect(forms.Select):
    """A select that holds only the chosen unit and the first matches, with a search box above it
    that asks the page (htmx) for the units matching what is typed. The field still checks the
    value against its whole queryset, so nothing outside it can be chosen."""

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        select_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return render_to_string(
            "includes/_unit_search.html",
            {"select": select, "select_id": select_id, "url": f"?{SEARCH_PARAM}={name}"},
        )

    def optgroups(self, name, value, attrs=None):
        field = self.choices.field
        # A filter's value comes from the address bar: anything but an id chooses nothing.
        chosen = [v for v in value if str(v).isdigit()]
        units, more = matching_units(field.queryset, "")
        selected = list(field.queryset.filter(pk__in=chosen)) if chosen else []
        units = selected + [u for u in units if u.pk not in {s.pk for s in selected}]
        options = [("", field.empty_label)] if field.empty_label is not None else []
        options += [(unit.pk, field.label_from_instance(unit)) for unit in _natural(field, units)]
        groups = []
        for index, (option_value, label) in enumerate(options):
            is_selected = str(option_value) in {str(v) for v in value}
            option = self.create_option(name, option_value, label, is_selected, index, attrs=attrs)
            groups.append((None, [option], index))
        if more:
            hint = self.create_option(name, "", _("Type to find more units…"), False, len(groups))
            hint["attrs"]["disabled"] = True
            groups.append((None, [hint], len(groups)))
        return groups


class UnitChoiceField(forms.ModelChoiceField):
    """A choice of unit, searched as you type: the page lists the first matches only."""

    iterator = _NaturalOrder
    widget = UnitSearchSelect


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    """A list filter by one unit, searched as you type like `UnitChoiceField`."""

    field_class = UnitChoiceField


def unit_search_response(request: HttpRequest, form: forms.Form) -> HttpResponse | None:
    """The options of one of the form's unit choices matching `?q=`, for its search box; None
    when the request asks for none. The form was built for this user, so are its choices."""
    name = request.GET.get(SEARCH_PARAM)
    if name is None:
        return None
    field = form.fields.get(name)
    if not isinstance(field, UnitChoiceField):
        return HttpResponse(status=400)
    text = request.GET.get("q")
    units, more = matching_units(field.queryset, text)
    options = [(unit.pk, field.label_from_instance(unit)) for unit in _natural(field, units)]
    # What was typed picks its first match; a cleared search box leaves an optional choice empty.
    select_first = field.empty_label is None or bool(search_terms(text))
    context = {
        "options": options,
        "more": more,
        "empty_label": field.empty_label,
        "select_first": select_first,
    }
    return HttpResponse(render_to_string("includes/_unit_options.html", context, request))
