"""Editing criteria sets and their criteria."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commendations.models import CriteriaSet, Criterion
from unionhub.core.forms import StyledFormMixin
from unionhub.core.versions import VersionedFormMixin

WORDING = ("name", "year", "source")


class CriteriaSetForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A set's name and source; once a round used it, only "offered for new rounds" changes."""

    class Meta:
        model = CriteriaSet
        fields = ["name", "year", "source", "is_active"]

    def __init__(self, *args, frozen: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if frozen:
            for name in WORDING:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Used by a round: make a new version to change it.")

    def set_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.Meta.fields}


class CriterionForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """One criterion: its group, code, title, guidance and place in the set."""

    class Meta:
        model = Criterion
        fields = ["group", "code", "title", "guidance", "order"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 4})}

    def criterion_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.Meta.fields}
