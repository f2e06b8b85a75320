"""Forms validate and normalise; the views hand cleaned_data to the services.

A form that edits a record carries the version it was opened at (`VersionedFormMixin`), and the
service refuses it if someone saved the record since.
"""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)
