"""The response form: one field per question, phone-friendly widgets, and the version seen."""

from django import forms
from django.utils.translation import gettext as _

from events.models import Question, QuestionKind
from events.services.responses import validate_answer


class ResponseForm(forms.Form):
    """One field per question, named q<id>; phone-friendly widgets (radios, checkboxes, numbers)."""

    def __init__(
        self,
        *args,
        questions: list[Question],
        answers: dict | None = None,
        version: int = 0,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        # The version of the unit's response the sender saw; 0 when there was none yet.
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=version, min_value=0, required=False
        )
        answers = answers or {}
        for question in questions:
            name = f"q{question.pk}"
            self.fields[name] = self._field(question)
            answer = answers.get(question.pk)
            if answer is not None:
                self.fields[name].initial = self._initial(question, answer)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {
            "label": question.text,
            "help_text": question.help_text,
            "required": question.required,
        }
        kind = question.kind
        if kind == QuestionKind.SHORT_TEXT:
            return forms.CharField(
                max_length=500, widget=forms.TextInput(attrs={"class": "form-control"}), **common
            )
        if kind == QuestionKind.LONG_TEXT:
            return forms.CharField(
                widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}), **common
            )
        if kind == QuestionKind.NUMBER:
            # A text box (not type=number) so that "hai mươi" reaches us and gets a clear message.
            return forms.CharField(
                widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
                **common,
            )
        options = [(c, c) for c in question.choices]
        if kind == QuestionKind.SCALE:
            options = [(str(n), str(n)) for n in range(1, 6)]
        if kind == QuestionKind.MULTIPLE_CHOICE:
            if question.max_choices and not question.help_text:
                common["help_text"] = _("Choose at most %(n)s options.") % {
                    "n": question.max_choices
                }
            return forms.MultipleChoiceField(
                choices=options,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                **common,
            )
        css = "btn-check" if kind == QuestionKind.SCALE else "form-check-input"
        return forms.ChoiceField(
            choices=options, widget=forms.RadioSelect(attrs={"class": css}), **common
        )

    @staticmethod
    def _initial(question: Question, answer):
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            return list(answer.choices)
        if question.kind == QuestionKind.SINGLE_CHOICE:
            return answer.choices[0] if answer.choices else None
        if answer.number is not None:
            return answer.display
        return answer.text

    def clean(self):
        data = super().clean()
        for question in self.questions:
            name = f"q{question.pk}"
            if name in data:
                try:
                    validate_answer(question, data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    @property
    def base_version(self) -> int:
        return self.cleaned_data.get("version") or 0

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def rows(self):
        """(question, bound field) pairs for the template."""
        return [(q, self[f"q{q.pk}"]) for q in self.questions]
