"""Issuing and revoking a decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commendations.forms import DateInput
from commendations.models import Decision
from unionhub.core.forms import StyledFormMixin
from unionhub.core.versions import VersionedFormMixin


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


class RevokeForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    """Why the decision is revoked; carries the version of the decision page it was sent from."""

    reason = forms.CharField(
        label=_("Why is the decision revoked?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, decision: Decision, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(decision.version)
        # A post without it (an old page) is checked against the decision as loaded.
        self.fields["version"].required = False
