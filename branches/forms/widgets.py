"""Widgets the branches forms share."""

from django import forms
from django.forms.models import ModelChoiceIterator

from unionhub.core.text import natural_key

# A native date picker on phones; the value is sent as ISO 8601, shown as the browser's locale.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _NaturalOrder(ModelChoiceIterator):
    """The choices sorted by their label, numbers as numbers: Phường 1, 2, … 10, not 1, 10, 2."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset if self.queryset._prefetch_done else self.queryset.all()
        label = self.field.label_from_instance
        for obj in sorted(queryset, key=lambda unit: natural_key(label(unit))):
            yield self.choice(obj)


class UnitChoiceField(forms.ModelChoiceField):
    """A choice of unit, listed in natural order."""

    iterator = _NaturalOrder
