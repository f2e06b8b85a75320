"""The forms of report periods, of a unit's report, and the search of the board and the totals."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.forms.widgets import DATE_WIDGET, UnitChoiceField
from branches.models import FIGURE_FIELDS, Unit, UnitArea, UnitLevel, UnitReport
from unionhub.core.forms import StyledFormMixin
from unionhub.core.versions import VersionedFormMixin


class PeriodForm(StyledFormMixin, forms.Form):
    """A period and the units it asks: every open unit of a level and area, under one union."""

    title = forms.CharField(
        label=pgettext_lazy("report period", "Title"),
        max_length=120,
        help_text=_("For example: Quý I/2021"),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE_WIDGET)
    due_on = forms.DateField(label=_("Due on"), widget=DATE_WIDGET)
    level = forms.ChoiceField(
        label=_("Units of level"),
        choices=[
            (UnitLevel.BRANCH, UnitLevel.BRANCH.label),
            *[(v, label) for v, label in UnitLevel.choices if v != UnitLevel.BRANCH],
        ],
    )
    area = forms.ChoiceField(
        label=_("Of area"),
        required=False,
        choices=[("", _("Every area")), *UnitArea.choices],
        initial=UnitArea.NEIGHBOURHOOD,
    )
    under = UnitChoiceField(
        label=_("Under"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("The whole organisation"),
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["under"].queryset = units.filter(level=UnitLevel.GRASSROOTS_UNION).order_by(
            "name"
        )

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        if data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A period cannot end before it starts."))
        if data["due_on"] < data["ends_on"]:
            self.add_error("due_on", _("The due date cannot be before the period ends."))
        chosen = self.units.open().filter(level=data["level"])
        if data["area"]:
            chosen = chosen.filter(area=data["area"])
        if data["under"]:
            chosen = chosen.filter(path__startswith=data["under"].path)
        data["units"] = list(chosen)
        if not data["units"]:
            raise forms.ValidationError(_("No open unit matches: change the level, area or union."))
        return data


class UnitReportForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = UnitReport
        fields = [*FIGURE_FIELDS, "difficulties", "proposals"]
        widgets = {
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in FIGURE_FIELDS:
            self.fields[name].widget.attrs.update(inputmode="numeric", min="0")
        if not self.instance.pk:
            # A report shown pre-filled before its first save starts at version 1.
            self.add_version(self.instance.version)

    def _post_clean(self) -> None:
        pass

    GROUPS = [
        (
            _("Members"),
            ["members_total", "members_female", "admissions", "transfers_in", "transfers_out",
             "graduations", "removals", "cards_issued"],
        ),
        (
            _("Young people and the Party"),
            ["youth_in_area", "youth_gathered", "children", "party_referrals", "party_admissions"],
        ),
        (
            _("Meetings, activities, dues"),
            ["meetings_held", "activities_held", "youth_projects", "dues_collected"],
        ),
    ]  # fmt: skip

    def figure_groups(self) -> list[tuple[str, list]]:
        """The figures in fieldsets, as the phone form shows them."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def report_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReturnForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("What should be corrected"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, report: UnitReport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(report.version)


class RecallForm(VersionedFormMixin, forms.Form):
    """Take a submitted report back: only the version it was seen at."""

    def __init__(self, *args, report: UnitReport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(report.version)


class GroupSearchForm(StyledFormMixin, forms.Form):
    """Find a grassroots union on the totals by its name (a GET form: wrong values are ignored)."""

    q = forms.CharField(
        label=_("Grassroots union"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Find a grassroots union by name…")}),
    )

    def query(self) -> str:
        """The search as a query string, for the links to the other pages."""
        if not self.is_valid():
            return ""
        return urlencode({name: value for name, value in self.cleaned_data.items() if value})


class BoardSearchForm(GroupSearchForm):
    """Find a grassroots union on the board; optionally those with the most not filed first."""

    MOST_NOT_FILED = "not_filed"

    sort = forms.ChoiceField(
        label=_("Order of the list"),
        required=False,
        choices=[("", _("By name")), (MOST_NOT_FILED, _("Most not filed first"))],
    )
