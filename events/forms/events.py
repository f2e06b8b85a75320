"""The event form."""

from django import forms

from branches.forms.widgets import UnitChoiceField
from events.forms.shared import DATETIME_FORMATS, DATETIME_WIDGET, EditFormMixin
from events.models import Event


class EventForm(EditFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "organiser",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "description",
            "agenda",
            "digest_number",
            "digest_signer_title",
            "digest_signer_name",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {
            # District staff may organise in the name of any of thousands of units: searched.
            "organiser": UnitChoiceField,
            "starts_at": forms.DateTimeField,
            "ends_at": forms.DateTimeField,
        }

    def __init__(self, *args, organisers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = DATETIME_FORMATS
        if self.instance.pk:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers.open().order_by("path")

    def _post_clean(self) -> None:
        pass  # the service validates the whole event
