"""The theme form (add one on the list, edit one on its page)."""

from django import forms

from events.forms.shared import EditFormMixin
from events.models import Theme


class ThemeForm(EditFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "order", "active"]
