"""Forms validate and normalise; the views hand cleaned_data to events.services."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import RoleKind
from events.models import (
    CHOICE_KINDS,
    Addressee,
    AnswerChannel,
    Event,
    Opinion,
    OpinionSource,
    OpinionStatus,
    Question,
    QuestionKind,
    Survey,
    Theme,
)
from events.services.surveys import validate_answer
from unionhub.core.forms import StyledFormMixin
from unionhub.core.text import fold

User = get_user_model()

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class EventForm(StyledFormMixin, forms.ModelForm):
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
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {
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


class GuestForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class SurveyForm(StyledFormMixin, forms.ModelForm):
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


class QuestionForm(StyledFormMixin, forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice question: one option per line."),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required"]

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
        return data

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("kind", "text", "help_text", "required", "choices")}


class ResponseForm(forms.Form):
    """One field per question, named q<id>; phone-friendly widgets (radios, checkboxes, numbers)."""

    def __init__(self, *args, questions: list[Question], answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
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

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def rows(self):
        """(question, bound field) pairs for the template."""
        return [(q, self[f"q{q.pk}"]) for q in self.questions]


class ThemeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "order", "active"]


class UnitByNameField(forms.CharField):
    """A unit typed (or picked from a datalist) by its label, among the given units."""

    def __init__(self, *args, units=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = list(units)

    @staticmethod
    def label_for(unit) -> str:
        return f"{unit.name} – {unit.parent.name}" if unit.parent_id else unit.name

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        wanted = fold(value)
        matches = [u for u in self.units if fold(self.label_for(u)) == wanted]
        if not matches:
            matches = [u for u in self.units if fold(u.name) == wanted]
        if len(matches) != 1:
            raise forms.ValidationError(_("Pick a branch from the list."))
        return matches[0]


class OpinionEntryForm(StyledFormMixin, forms.Form):
    """The fast entry form, used while people speak."""

    raised_by_unit = UnitByNameField(label=_("Branch"), required=False, max_length=300)
    speaker = forms.CharField(label=_("Speaker"), max_length=150, required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none())
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[(OpinionSource.SPOKEN, OpinionSource.SPOKEN.label),
                 (OpinionSource.WRITTEN, OpinionSource.WRITTEN.label)],
        initial=OpinionSource.SPOKEN,
    )  # fmt: skip

    def __init__(self, *args, units=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["raised_by_unit"].units = list(units)
        self.fields["raised_by_unit"].widget.attrs.update(
            {"list": "invited-units", "autocomplete": "off", "autofocus": True}
        )
        self.fields["theme"].queryset = Theme.objects.filter(active=True)


class OpinionEditForm(StyledFormMixin, forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Opinion
        fields = ["raised_by_unit", "speaker", "theme", "content", "addressee", "addressee_detail"]

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["raised_by_unit"].queryset = units
        self.fields["theme"].queryset = Theme.objects.filter(active=True) | Theme.objects.filter(
            pk=self.instance.theme_id
        )

    def _post_clean(self) -> None:
        pass


def assignee_choices(event: Event):
    """People who may answer: holders of a manager or editor role on the organiser or above."""
    paths = [
        event.organiser.path[: i + 1] for i, ch in enumerate(event.organiser.path) if ch == "/"
    ]
    return (
        User.objects.filter(
            is_active=True,
            roles__unit__path__in=paths,
            roles__kind__in=[RoleKind.MANAGER, RoleKind.EDITOR],
        )
        .distinct()
        .order_by("full_name", "username")
    )


class AssignForm(StyledFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Who answers"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Answer by"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignee_choices(event)


class AnswerForm(StyledFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Answered"),
        choices=[(AnswerChannel.AT_CONFERENCE, AnswerChannel.AT_CONFERENCE.label),
                 (AnswerChannel.IN_WRITING, AnswerChannel.IN_WRITING.label)],
    )  # fmt: skip
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.CharField(widget=forms.HiddenInput)


class ForwardForm(StyledFormMixin, forms.Form):
    forwarded_to = forms.CharField(label=_("Forward to"), max_length=200)
    note = forms.CharField(
        label=_("Note for the branch"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.CharField(widget=forms.HiddenInput)


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MergeForm(StyledFormMixin, forms.Form):
    originals = forms.ModelMultipleChoiceField(
        label=_("Duplicates"), queryset=Opinion.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    into = forms.ModelChoiceField(
        label=pgettext_lazy("opinion", "Merge into"), queryset=Opinion.objects.none()
    )

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        opinions = Opinion.objects.filter(event=event, merged_into__isnull=True)
        self.fields["originals"].queryset = opinions
        self.fields["into"].queryset = opinions

    def clean(self):
        data = super().clean()
        if data.get("into") and data.get("into") in data.get("originals", []):
            self.add_error("into", _("An opinion cannot be merged into itself."))
        return data


class AnswersToOpinionsForm(StyledFormMixin, forms.Form):
    answers = forms.ModelMultipleChoiceField(
        label=_("Answers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none())

    def __init__(self, *args, answers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answers"].queryset = answers
        self.fields["theme"].queryset = Theme.objects.filter(active=True)


class OpinionFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(label=_("Theme"), queryset=Theme.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OpinionStatus.choices)
    assignee = django_filters.ModelChoiceFilter(
        label=_("Who answers"), queryset=User.objects.none()
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=OpinionSource.choices)
    addressee = django_filters.ChoiceFilter(label=_("Addressed to"), choices=Addressee.choices)

    class Meta:
        model = Opinion
        fields = ["theme", "status", "assignee", "source", "addressee"]

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["assignee"].queryset = assignee_choices(event)
