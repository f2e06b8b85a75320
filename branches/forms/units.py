"""Forms of the organisation tree: a unit's details, moving, closing and merging, the list filter."""

import django_filters
from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.forms.widgets import (
    DATE_WIDGET,
    UnitChoiceField,
    UnitChoiceFilter,
    UnitSearchSelect,
)
from branches.models import ALLOWED_PARENT_LEVELS, Unit, UnitArea, UnitLevel
from unionhub.core.forms import StyledFormMixin
from unionhub.core.text import fold, search_terms
from unionhub.core.versions import VersionedFormMixin


class UnitForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A unit's own details; the letterhead fields only for the top unit."""

    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "code",
            "level",
            "area",
            "ward",
            "neighbourhood",
            "address",
            "phone",
            "email",
            "founded_on",
            "letterhead_superior",
            "letterhead_name",
            "issuer_code",
            "place_name",
        ]
        widgets = {"founded_on": DATE_WIDGET}

    def __init__(self, *args, parent: Unit | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parent = parent if parent is not None else self.instance.parent
        self.fields["code"].required = False
        self.fields["code"].help_text = _(
            "Leave empty to make one from the name, in the pattern of the sibling units' codes."
        )
        if self.instance.pk:
            del self.fields["level"]  # a unit's level changes only by moving or merging it
        else:
            # A new unit starts like most of its siblings: their level and their area.
            if self.parent is not None and not self.is_bound:
                common = (
                    self.parent.children.open()
                    .values("level", "area")
                    .annotate(n=Count("pk"))
                    .order_by("-n")
                    .first()
                )
                if common:
                    self.initial.setdefault("level", common["level"])
                    self.initial.setdefault("area", common["area"])
            parent_level = self.parent.level if self.parent else None
            self.fields["level"].choices = [
                (value, label)
                for value, label in UnitLevel.choices
                if parent_level in ALLOWED_PARENT_LEVELS[value]
            ]
        is_top = self.parent is None
        if not is_top:
            for name in ("letterhead_superior", "letterhead_name", "issuer_code", "place_name"):
                del self.fields[name]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_code(self) -> str:
        code = (self.cleaned_data.get("code") or "").strip().lower()
        if not code and self.instance.pk:
            return self.instance.code  # an empty code on edit keeps the current one
        if code and Unit.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another unit already uses this code."))
        return code

    def _post_clean(self) -> None:
        # The service validates the whole unit (parent rules, path); the form checks fields only.
        pass

    def unit_fields(self) -> dict:
        """What the services take: the cleaned fields without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class MoveUnitForm(StyledFormMixin, forms.Form):
    new_parent = UnitChoiceField(label=_("New parent unit"), queryset=Unit.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, unit: Unit, allowed_parents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        levels = [lv for lv in ALLOWED_PARENT_LEVELS[unit.level] if lv]
        self.fields["new_parent"].queryset = (
            allowed_parents.open()
            .filter(level__in=levels)
            .exclude(path__startswith=unit.path)
            .exclude(pk=unit.parent_id)
            .order_by("name")
        )


class CloseUnitForm(StyledFormMixin, forms.Form):
    closed_on = forms.DateField(
        label=_("Closed on"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
    confirm = forms.BooleanField(
        label=_("I understand the unit becomes read-only; its records are kept."), required=True
    )


class MergeUnitForm(StyledFormMixin, forms.Form):
    successor = UnitChoiceField(label=_("Merge into"), queryset=Unit.objects.none())
    merged_on = forms.DateField(
        label=_("Merged on"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    confirm = forms.BooleanField(
        label=_("I understand this unit closes and everything under it moves to the other unit."),
        required=True,
    )

    def __init__(self, *args, unit: Unit, allowed_units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            allowed_units.open()
            .filter(level=unit.level)
            .exclude(path__startswith=unit.path)
            .order_by("name")
        )


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=UnitLevel.choices)
    area = django_filters.ChoiceFilter(label=_("Area"), choices=UnitArea.choices)
    under = UnitChoiceFilter(
        label=_("Under"),
        queryset=Unit.objects.none(),
        method="filter_under",
        empty_label=_("Under any unit"),
        widget=UnitSearchSelect(attrs={"class": "form-select"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Active")), ("closed", _("Closed"))],
        method="filter_status",
        empty_label=_("All"),
    )

    class Meta:
        model = Unit
        fields = ["q", "level", "area", "under", "status"]

    def __init__(self, *args, grassroots=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if grassroots is not None:
            self.filters["under"].queryset = grassroots

    def search(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def filter_under(self, queryset, name, value):
        return (
            queryset.filter(path__startswith=value.path).exclude(pk=value.pk) if value else queryset
        )

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(closed_on__isnull=True)
        if value == "closed":
            return queryset.filter(closed_on__isnull=False)
        return queryset


class UnitByNameForm(StyledFormMixin, forms.Form):
    """One open unit, by its code or its name as people write it (to add to a period, to invite)."""

    unit = forms.CharField(
        label=_("Unit (code or name)"),
        max_length=200,
        help_text=_("For example: Chi đoàn Khu phố 3, or its code"),
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = units

    def clean_unit(self) -> Unit:
        text = " ".join(self.cleaned_data["unit"].split())
        found = list(self.units.filter(code__iexact=text)[:2])
        if not found:
            key = fold(text)
            candidates = self.units.filter(search_text__contains=key)[:50]
            found = [u for u in candidates if fold(u.name) == key or fold(u.short_name) == key]
        if not found:
            raise forms.ValidationError(_("No open unit has this code or name."))
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several units have this name: write the unit's code instead.")
            )
        return found[0]
