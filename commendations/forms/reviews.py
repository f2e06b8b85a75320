"""The district's review of a nomination: a verdict per criterion, then the outcome."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commendations.models import Assessment, Nomination, NominationStatus, Verdict
from commendations.services.reviews import Review
from unionhub.core.forms import StyledFormMixin
from unionhub.core.versions import VersionedFormMixin


class ReviewForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    """District review: a verdict and a comment on each criterion, then the outcome."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (NominationStatus.APPROVED, _("Approve")),
            (NominationStatus.REJECTED, _("Reject")),
            (NominationStatus.RETURNED, _("Return for changes")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the unit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args, nomination: Nomination, assessments: list[Assessment], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(nomination.version)
        self.assessments = assessments
        for assessment in assessments:
            self.fields[f"verdict_{assessment.pk}"] = forms.ChoiceField(
                label=_("Verdict"),
                choices=Verdict.choices,
                required=False,
                initial=assessment.verdict or (Verdict.MET if assessment.self_met else ""),
            )
            self.fields[f"comment_{assessment.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                initial=assessment.reviewer_comment,
            )
        for name, field in self.fields.items():
            if name.startswith("verdict_"):
                field.widget.attrs["class"] = "form-select form-select-sm"
            elif name.startswith("comment_"):
                field.widget.attrs["class"] = "form-control form-control-sm"
        self.fields["outcome"].widget.attrs["class"] = "form-check-input"

    def rows(self) -> list[tuple]:
        return [(a, self[f"verdict_{a.pk}"], self[f"comment_{a.pk}"]) for a in self.assessments]

    def verdicts(self) -> dict[int, Review]:
        return {
            a.criterion_id: Review(
                self.cleaned_data[f"verdict_{a.pk}"], self.cleaned_data[f"comment_{a.pk}"]
            )
            for a in self.assessments
        }
