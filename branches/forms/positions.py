"""The form of a seat on a unit's committee."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms.widgets import DATE_WIDGET
from branches.models import Member, Position, Unit
from unionhub.core.forms import StyledFormMixin
from unionhub.core.versions import VersionedFormMixin


class PositionForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
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
        """What the services take: the seat's fields, without the version."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
