"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from unionhub.core.text import nfc


def nfc_data(data):
    """The submitted values with every text in NFC (files are not touched)."""
    if isinstance(data, QueryDict):
        normalised = QueryDict(mutable=True)
        for key, values in data.lists():
            normalised.setlist(key, [nfc(v) if isinstance(v, str) else v for v in values])
        normalised._mutable = False
        return normalised
    return {key: nfc(v) if isinstance(v, str) else v for key, v in data.items()}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class StyledFormMixin:
    """Bootstrap classes on every widget, invalid fields marked for screen readers, text in NFC."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = nfc_data(self.data)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                    widget.attrs["aria-invalid"] = "true"
