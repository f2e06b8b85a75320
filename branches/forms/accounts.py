"""The form that makes an account for a person of a unit."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import RoleKind
from unionhub.core.forms import StyledFormMixin

User = get_user_model()


class AccountForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and . @ + - _ only; the person logs in with it."),
        error_messages={"invalid": _("Use letters, digits and . @ + - _ only.")},
    )
    title = forms.CharField(
        label=pgettext_lazy("role", "Title"),
        max_length=120,
        required=False,
        initial="Bí thư",
        help_text=_("For example: Bí thư, Phó Bí thư, Cán bộ Quận Đoàn"),
    )
    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices, initial=RoleKind.EDITOR)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username
