"""The question form: kind, text, help, required, and the options one per line."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms.shared import EditFormMixin
from events.models import CHOICE_KINDS, Question, QuestionKind


class QuestionForm(EditFormMixin, forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice question: one option per line."),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required", "max_choices"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices)

    def clean(self):
        data = super().clean()
        lines = [" ".join(line.split()) for line in data.get("choices_text", "").splitlines()]
        options = [line for line in lines if line]
        if data.get("kind") in CHOICE_KINDS:
            if len(options) < 2:
                self.add_error("choices_text", _("Give at least two options, one per line."))
            elif len(set(options)) != len(options):
                self.add_error("choices_text", _("Each option must be different."))
        data["choices"] = options if data.get("kind") in CHOICE_KINDS else []
        if data.get("kind") != QuestionKind.MULTIPLE_CHOICE:
            data["max_choices"] = None
        elif data.get("max_choices") is not None and not (
            1 <= data["max_choices"] < max(len(options), 2)
        ):
            self.add_error(
                "max_choices",
                _("The limit must be at least 1 and less than the number of options."),
            )
        return data

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict:
        data = self.cleaned_data
        keys = ("kind", "text", "help_text", "required", "choices", "max_choices")
        return {k: data[k] for k in keys}
