"""The forms of a unit's meetings and activities."""

from django import forms
from django.utils import timezone

from branches.forms.widgets import DATE_WIDGET
from branches.models import Activity, Meeting
from unionhub.core.forms import StyledFormMixin
from unionhub.core.versions import VersionedFormMixin


class LogForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A meeting or an activity: when, what kind, the topic, how many took part."""

    class Meta:
        fields = ["held_on", "kind", "topic", "attendance", "notes"]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["held_on"].initial = timezone.localdate()
        self.fields["attendance"].widget.attrs["inputmode"] = "numeric"

    def _post_clean(self) -> None:
        pass

    def log_fields(self) -> dict:
        """What the services take: the entry's fields, without the version."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MeetingForm(LogForm):
    class Meta(LogForm.Meta):
        model = Meeting


class ActivityForm(LogForm):
    class Meta(LogForm.Meta):
        model = Activity
