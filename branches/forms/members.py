"""Forms of the member register. They validate and normalise; the services do the work."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from branches.forms.widgets import DATE_WIDGET, UnitChoiceField, UnitSearchSelect
from branches.models import MEMBER_TRANSITIONS, Member, MemberStatus, Unit
from branches.services.members import MEMBER_FIELDS
from unionhub.core.forms import StyledFormMixin
from unionhub.core.text import search_terms
from unionhub.core.versions import VersionedFormMixin


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
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1900}),
            "joined_year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1900}),
        }
        help_texts = {
            "birth_year": _("Only when the date is not known."),
            "joined_year": _("Only when the date is not known."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A known date says its year: the year box is for when only the year is known.
        for day, year in (("birth_date", "birth_year"), ("joined_on", "joined_year")):
            if getattr(self.instance, day, None):
                self.initial[year] = None

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Write the full name: family name and given name."))
        return name

    def clean(self) -> dict:
        data = super().clean()
        for day, year in (("birth_date", "birth_year"), ("joined_on", "joined_year")):
            if data.get(day) and data.get(year) and data[day].year != data[year]:
                self.add_error(year, _("This is not the year of the date above."))
            if data.get(year) and data[year] > timezone.localdate().year:
                self.add_error(year, _("This year has not come yet."))
        return data

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
    # One unit directly below the list's unit (a ward's branch), found by typing: a city's
    # district has hundreds. The page offers the unit's own children; the Excel export names
    # no unit, and its members are already limited to the unit, so another unit only empties it.
    branch = UnitChoiceField(
        label=_("Branch"),
        queryset=Unit.objects.all(),
        required=False,
        widget=UnitSearchSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, unit: Unit | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["branch"].queryset = unit.children.all()
            self.fields["branch"].empty_label = gettext("Every unit of %(name)s") % {
                "name": unit.name
            }

    def filter(self, members):
        if not self.is_valid():
            # Another unit's id (another ward's branch) matches nobody; a value that is no id at
            # all is ignored with the rest of the filter, as any other invalid filter is.
            if list(self.errors) == ["branch"] and str(self.data.get("branch")).isdigit():
                return members.none()
            return members.active()
        data = self.cleaned_data
        if data["branch"]:
            members = members.filter(unit__path__startswith=data["branch"].path)
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
    to_unit = UnitChoiceField(label=_("Receiving unit"), queryset=Unit.objects.none())
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
