"""Nominating a unit, its scorecard and evidence files, and the note sent with a move."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms.widgets import UnitChoiceField
from branches.models import Unit
from commendations.models import Assessment, Nomination
from commendations.services.nominations import SelfAssessment
from unionhub.core.forms import StyledFormMixin
from unionhub.core.versions import VersionedFormMixin


class NominateForm(StyledFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ScorecardForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    """The unit's self-assessment: for each criterion, met or not and the evidence text."""

    summary = forms.CharField(
        label=_("Achievement summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(
        self, *args, nomination: Nomination, assessments: list[Assessment], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(nomination.version)
        self.assessments = assessments
        self.fields["summary"].initial = nomination.summary
        for assessment in assessments:
            self.fields[f"met_{assessment.pk}"] = forms.BooleanField(
                label=_("Met"), required=False, initial=assessment.self_met
            )
            self.fields[f"evidence_{assessment.pk}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=5000,
                initial=assessment.evidence,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        for name in self.fields:
            widget = self.fields[name].widget
            if name.startswith("met_"):
                widget.attrs["class"] = "form-check-input"
            elif name.startswith("evidence_"):
                widget.attrs["class"] = "form-control"

    def rows(self) -> list[tuple]:
        return [(a, self[f"met_{a.pk}"], self[f"evidence_{a.pk}"]) for a in self.assessments]

    def items(self) -> dict[int, SelfAssessment]:
        return {
            a.criterion_id: SelfAssessment(
                self.cleaned_data[f"met_{a.pk}"], self.cleaned_data[f"evidence_{a.pk}"]
            )
            for a in self.assessments
        }


class EvidenceFileForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))


class NoteForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    """The note sent with submit, endorse or return, and the version of the page it came from."""

    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, nomination: Nomination, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(nomination.version)
        # A post without it (an old page) is checked against the nomination as loaded.
        self.fields["version"].required = False
