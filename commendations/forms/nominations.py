"""Forms validate and normalise; the views hand cleaned_data to the services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Unit, UnitLevel
from commendations.models import CriteriaSet, NominationStatus, Verdict
from commendations.services import HonourSpec, Review, SelfAssessment
from unionhub.core.forms import StyledFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


# The three honours of a "3 nắm, 3 biết, 3 làm" round, one per level, as the union names them.
DEFAULT_HONOURS = [
    (UnitLevel.GRASSROOTS_UNION, "Đoàn cơ sở mạnh tiêu biểu", "Đoàn cơ sở"),
    (UnitLevel.GRASSROOTS_BRANCH, "Chi đoàn cơ sở mạnh tiêu biểu", "Chi đoàn cơ sở"),
    (UnitLevel.BRANCH, "Chi đoàn mạnh tiêu biểu", "Chi đoàn trực thuộc"),
]


class RoundForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year commended"), min_value=2000, max_value=2100)
    criteria_set = forms.ModelChoiceField(
        label=_("Criteria set"), queryset=CriteriaSet.objects.filter(is_active=True)
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())
    achievement_line = forms.CharField(
        label=_("Achievement line on certificates"),
        max_length=300,
        required=False,
        help_text=_("Left empty, it names the criteria and the year."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        for level, title, heading in DEFAULT_HONOURS:
            label = UnitLevel(level).label
            self.fields[f"honour_{level}_title"] = forms.CharField(
                label=_("Honour for: %(level)s") % {"level": label},
                max_length=200,
                required=False,
                initial=title,
                help_text=_("Leave empty if units of this level are not commended."),
            )
            self.fields[f"honour_{level}_heading"] = forms.CharField(
                label=_("Heading in the printed list"),
                max_length=120,
                required=False,
                initial=heading,
            )
            self.fields[f"honour_{level}_quota"] = forms.IntegerField(
                label=_("Quota (optional)"), min_value=1, required=False
            )
        # The mixin styled the fields that existed when it ran; these came after.
        for name, field in self.fields.items():
            if name.startswith("honour_"):
                field.widget.attrs["class"] = "form-control"

    def clean(self) -> dict:
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        if not self.honour_specs():
            raise forms.ValidationError(_("Give at least one honour a title."))
        return data

    def honour_specs(self) -> list[HonourSpec]:
        specs = []
        for level, _title, default_heading in DEFAULT_HONOURS:
            title = (self.cleaned_data.get(f"honour_{level}_title") or "").strip()
            if title:
                heading = (self.cleaned_data.get(f"honour_{level}_heading") or "").strip()
                specs.append(
                    HonourSpec(
                        title=title,
                        unit_level=level,
                        list_heading=heading or default_heading,
                        quota=self.cleaned_data.get(f"honour_{level}_quota"),
                    )
                )
        return specs

    def round_fields(self) -> dict:
        keys = ("title", "year", "criteria_set", "opens_on", "closes_on", "achievement_line")
        return {key: self.cleaned_data[key] for key in keys}


class RoundImagesForm(StyledFormMixin, forms.Form):
    background = forms.FileField(
        label=_("Certificate background (JPEG or PNG, A4 landscape)"), required=False
    )
    signature = forms.FileField(label=_("Signature and seal (JPEG or PNG)"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("background") and not data.get("signature"):
            raise forms.ValidationError(_("Choose an image to upload."))
        return data


class NominateForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ScorecardForm(StyledFormMixin, forms.Form):
    """The unit's self-assessment: for each criterion, met or not and the evidence text."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("Achievement summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, nomination, assessments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.assessments = assessments
        self.fields["version"].initial = nomination.version
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


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(StyledFormMixin, forms.Form):
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

    def __init__(self, *args, assessments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
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


class DecisionForm(StyledFormMixin, forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    signer_name = forms.CharField(label=_("Signer's full name"), max_length=120)
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=60,
        initial="BÍ THƯ",
        help_text=_("BÍ THƯ or PHÓ BÍ THƯ"),
    )
    on_behalf = forms.CharField(
        label=_("On-behalf line"), max_length=120, initial="TM. BAN THƯỜNG VỤ"
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)


class RevokeForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the decision revoked?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
