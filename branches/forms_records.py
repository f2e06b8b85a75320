"""Forms for a unit's records. They validate and normalise; the services do the work."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.forms import DATE_WIDGET
from branches.models import (
    FIGURE_FIELDS,
    MEMBER_TRANSITIONS,
    Activity,
    Meeting,
    Member,
    MemberStatus,
    Position,
    Unit,
    UnitArea,
    UnitLevel,
    UnitReport,
)
from branches.services_members import MEMBER_FIELDS
from unionhub.core.forms import StyledFormMixin
from unionhub.core.text import search_terms


class VersionedFormMixin:
    """A hidden `version`: the version of the record the form was opened at."""

    def add_version(self, version: int) -> None:
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=version, min_value=1
        )

    @property
    def base_version(self) -> int:
        return self.cleaned_data["version"]


class MemberForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = list(MEMBER_FIELDS)
        widgets = {
            "birth_date": DATE_WIDGET,
            "joined_on": DATE_WIDGET,
            "party_referred_on": DATE_WIDGET,
            "party_admitted_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.add_version(self.instance.version)

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Write the full name: family name and given name."))
        return name

    def _post_clean(self) -> None:
        # The service validates the whole record; the form checks fields only.
        pass

    def member_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEMBER_FIELDS}


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status")), *MemberStatus.choices],
    )
    incomplete = forms.BooleanField(label=_("Missing details only"), required=False)

    def filter(self, members):
        if not self.is_valid():
            return members.active()
        data = self.cleaned_data
        for term in search_terms(data["q"]):
            members = members.filter(search_text__contains=term)
        if data["status"]:
            members = members.filter(status=data["status"])
        elif "status" not in self.data:
            members = members.active()
        if data["incomplete"]:
            members = members.filter(
                Q(birth_date__isnull=True) | Q(joined_on__isnull=True) | Q(card_number="")
            )
        return members


class TransferForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    to_unit = forms.ModelChoiceField(label=_("Receiving unit"), queryset=Unit.objects.none())
    transferred_on = forms.DateField(label=_("Transferred on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, member: Member, targets, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = targets.select_related("parent").order_by("path")
        self.fields["to_unit"].label_from_instance = lambda unit: (
            f"{unit.name} – {unit.parent.name}" if unit.parent_id else unit.name
        )
        self.fields["transferred_on"].initial = timezone.localdate()
        self.add_version(member.version)


class StatusForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Since"), widget=DATE_WIDGET, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, member: Member, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = MEMBER_TRANSITIONS[member.status]
        self.fields["to"].choices = [
            (v, label) for v, label in MemberStatus.choices if v in allowed
        ]
        self.fields["on"].initial = timezone.localdate()
        self.add_version(member.version)


class PositionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["role", "member", "person_name", "phone", "started_on", "ended_on"]
        widgets = {
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, unit: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only members of this unit's own register: never another unit's people.
        self.fields["member"].queryset = Member.objects.filter(unit=unit).active().sorted()
        self.fields["member"].required = False
        self.fields["phone"].help_text = _("Leave empty to use the member's phone.")

    def clean_person_name(self) -> str:
        return " ".join(self.cleaned_data["person_name"].split())

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("member") and not data.get("person_name"):
            self.add_error("person_name", _("Choose a member or write the person's name."))
        return data

    def _post_clean(self) -> None:
        pass

    def position_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class LogForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        fields = ["held_on", "kind", "topic", "attendance", "notes"]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["held_on"].initial = timezone.localdate()
        self.fields["attendance"].widget.attrs["inputmode"] = "numeric"

    def _post_clean(self) -> None:
        pass

    def log_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MeetingForm(LogForm):
    class Meta(LogForm.Meta):
        model = Meeting


class ActivityForm(LogForm):
    class Meta(LogForm.Meta):
        model = Activity


class PeriodForm(StyledFormMixin, forms.Form):
    """A period and the units it asks: every open unit of a level and area, under one union."""

    title = forms.CharField(
        label=_("Title"), max_length=120, help_text=_("For example: Quý I/2021")
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
    under = forms.ModelChoiceField(
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
