"""Opening and editing a round, its honours and its certificate images."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import UnitLevel
from commendations.forms import DateInput
from commendations.models import CriteriaSet, Honour, Round
from commendations.services.rounds import HonourSpec
from unionhub.core.forms import StyledFormMixin
from unionhub.core.versions import VersionedFormMixin

# The three honours of a "3 nắm, 3 biết, 3 làm" round, one per level, as the union names them.
DEFAULT_HONOURS = [
    (UnitLevel.GRASSROOTS_UNION, "Đoàn cơ sở mạnh tiêu biểu", "Đoàn cơ sở"),
    (UnitLevel.GRASSROOTS_BRANCH, "Chi đoàn cơ sở mạnh tiêu biểu", "Chi đoàn cơ sở"),
    (UnitLevel.BRANCH, "Chi đoàn mạnh tiêu biểu", "Chi đoàn trực thuộc"),
]


class RoundForm(StyledFormMixin, forms.Form):
    """Open a round: its title, criteria set, dates and one honour per unit level."""

    title = forms.CharField(label=pgettext_lazy("round", "Title"), max_length=300)
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


class RoundEditForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """Edit a round: its criteria set stays the one it was opened with."""

    class Meta:
        model = Round
        fields = ["title", "year", "opens_on", "closes_on", "status", "achievement_line"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        return data

    def round_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.Meta.fields}


class HonourForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """Edit an honour; the level of unit it is for stays (nominations were made for it)."""

    class Meta:
        model = Honour
        fields = ["title", "list_heading", "quota", "order"]

    def honour_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.Meta.fields}


class RoundImagesForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    """The certificate background and the signature image, checked by their bytes."""

    background = forms.FileField(
        label=_("Certificate background (JPEG, PNG or WebP, A4 landscape)"), required=False
    )
    signature = forms.FileField(label=_("Signature and seal (JPEG, PNG or WebP)"), required=False)

    def __init__(self, *args, round_: Round, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(round_.version)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("background") and not data.get("signature"):
            raise forms.ValidationError(_("Choose an image to upload."))
        return data

    def images(self) -> dict:
        return {"background": self.cleaned_data["background"],
                "signature": self.cleaned_data["signature"]}  # fmt: skip
