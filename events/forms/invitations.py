"""Invite a guest; reply to an invitation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms.shared import EditFormMixin
from unionhub.core.forms import StyledFormMixin


class GuestForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class ReplyForm(EditFormMixin, forms.Form):
    """The two buttons of the invitation page: attending or not, over the version shown."""

    attending = forms.ChoiceField(
        choices=[("yes", _("I will attend")), ("no", _("I cannot attend"))],
        error_messages={
            "required": _("Choose whether you will attend."),
            "invalid_choice": _("Choose whether you will attend."),
        },
    )
