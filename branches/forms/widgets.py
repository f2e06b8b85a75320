"""Widgets the branches forms share."""

from django import forms

# A native date picker on phones; the value is sent as ISO 8601, shown as the browser's locale.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
