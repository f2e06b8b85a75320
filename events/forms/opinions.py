"""The opinion register's forms: fast entry, edit, assign, answer, forward, status, merge,
answers to opinions and their filter, and the register's filter."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.forms.widgets import UnitChoiceField
from branches.models import RoleKind
from events.forms.shared import DATE_WIDGET, EditFormMixin
from events.models import (
    TEXT_KINDS,
    Addressee,
    Answer,
    AnswerChannel,
    Event,
    Opinion,
    OpinionSource,
    OpinionStatus,
    Question,
    Survey,
    Theme,
)
from unionhub.core.forms import StyledFormMixin
from unionhub.core.text import fold, nfc

# The query parameter that asks the entry page for the invited units matching what was typed.
UNIT_SUGGESTIONS = "unit_suggestions"

User = get_user_model()


class UnitByNameField(forms.CharField):
    """A unit typed by its label ("Chi đoàn Khu phố 3 – Đoàn Phường 10") or its name, among the
    units of a queryset; the page suggests labels as one types (a city conference invites
    thousands of units, too many to send in one list)."""

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = units

    @staticmethod
    def label_for(unit) -> str:
        return f"{unit.name} – {unit.parent.name}" if unit.parent_id else unit.name

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        wanted = fold(value)
        name = wanted.split(" – ")[0]
        candidates = list(
            self.units.filter(search_text__contains=name).select_related("parent")[:200]
        )
        matches = [u for u in candidates if fold(self.label_for(u)) == wanted]
        if not matches:
            matches = [u for u in candidates if fold(u.name) == wanted]
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

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["raised_by_unit"].units = units
        self.fields["raised_by_unit"].widget.attrs.update(
            {"list": "invited-units", "autocomplete": "off", "autofocus": True,
             "hx-get": f"?{UNIT_SUGGESTIONS}=1", "hx-trigger": "input changed delay:250ms",
             "hx-target": "#invited-units", "hx-sync": "this:replace"}
        )  # fmt: skip
        self.fields["theme"].queryset = Theme.objects.filter(active=True)


class OpinionEditForm(EditFormMixin, forms.ModelForm):
    class Meta:
        model = Opinion
        fields = ["raised_by_unit", "speaker", "theme", "content", "addressee", "addressee_detail"]
        # Searched as one types: a city conference invites thousands of units.
        field_classes = {"raised_by_unit": UnitChoiceField}

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


class AssignForm(EditFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Who answers"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Answer by"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignee_choices(event)


class AnswerForm(EditFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Answered"),
        choices=[(AnswerChannel.AT_CONFERENCE, AnswerChannel.AT_CONFERENCE.label),
                 (AnswerChannel.IN_WRITING, AnswerChannel.IN_WRITING.label)],
    )  # fmt: skip
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


class ForwardForm(EditFormMixin, forms.Form):
    forwarded_to = forms.CharField(label=_("Forward to"), max_length=200)
    note = forms.CharField(
        label=_("Note for the branch"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(EditFormMixin, forms.Form):
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


class SurveyAnswerFilter(django_filters.FilterSet):
    """A survey's free-text answers: one question's, or those with these words."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    question = django_filters.ModelChoiceFilter(
        label=_("Question"), queryset=Question.objects.none(), empty_label=_("Every question")
    )

    class Meta:
        model = Answer
        fields = ["question"]

    def __init__(self, *args, survey: Survey, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["question"].queryset = survey.questions.filter(kind__in=TEXT_KINDS)

    def search(self, queryset, name, value):
        """Every word in the answer (as typed), or the whole text in the unit's name (with or
        without accents)."""
        words = Q()
        for word in nfc(value).split():
            words &= Q(text__icontains=word)
        return queryset.filter(words | Q(response__unit__search_text__contains=fold(value)))


class OpinionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
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

    def search(self, queryset, name, value):
        """Every word in the content, the speaker or the answer (as typed), or the whole text
        in the branch's name (with or without accents)."""
        words = Q()
        for word in value.split():
            words &= (
                Q(content__icontains=word) | Q(speaker__icontains=word) | Q(answer__icontains=word)
            )
        return queryset.filter(words | Q(raised_by_unit__search_text__contains=fold(value)))
