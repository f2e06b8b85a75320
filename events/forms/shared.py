"""What the events forms share: date and time widgets, and the version an edit form carries."""

from django import forms

from unionhub.core.forms import StyledFormMixin
from unionhub.core.versions import VersionedFormMixin

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class EditFormMixin(VersionedFormMixin, StyledFormMixin):
    """A styled form that carries the version of the record it edits (`base_version`).

    A ModelForm on an existing record gets the version by itself; a plain form passes
    `version=record.version`.
    """

    def __init__(self, *args, version: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if version is not None and "version" not in self.fields:
            self.add_version(version)

    def service_fields(self) -> dict:
        """The cleaned data for the service, without the version (passed as `base_version`)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class VersionForm(EditFormMixin, forms.Form):
    """Only the version, for a button that changes a record (delete a question, untick someone).

    Optional: a request without it is checked against the record as loaded.
    """

    def __init__(self, *args, version: int = 1, **kwargs) -> None:
        super().__init__(*args, version=version, **kwargs)
        self.fields["version"].required = False
