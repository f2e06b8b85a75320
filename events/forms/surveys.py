"""The survey form (title, introduction, opening times)."""

from django import forms

from events.forms.shared import DATETIME_FORMATS, DATETIME_WIDGET, EditFormMixin
from events.models import Survey


class SurveyForm(EditFormMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro", "opens_at", "closes_at"]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "intro": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = DATETIME_FORMATS

    def _post_clean(self) -> None:
        pass
