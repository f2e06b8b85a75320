"""Accounts for the people of a unit: a new account with its role, and one-time password links."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from branches.models import Role, RoleKind, Unit
from branches.permissions import can_manage_unit, can_reset_account, require
from branches.services.roles import grant_role

User = get_user_model()


def account_link(user) -> str:
    """The path of the one-time link where the user sets their own password."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:set_password", kwargs={"uidb64": uidb64, "token": token})


@transaction.atomic
def create_account(
    unit: Unit,
    *,
    by,
    username: str,
    full_name: str,
    kind: str = RoleKind.EDITOR,
    title: str = "",
    phone: str = "",
    email: str = "",
) -> tuple[User, Role, str]:
    """A new account with a role on `unit`, and the one-time link to hand to its owner."""
    require(by, can_manage_unit, unit)
    if unit.is_closed:
        raise ValidationError(_("A closed unit cannot get new accounts."))
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(username=username, full_name=full_name.strip(), phone=phone, email=email)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    role = grant_role(unit, by=by, user=user, kind=kind, title=title)
    return user, role, account_link(user)


@transaction.atomic
def renew_account_link(user, *, by) -> str:
    """A fresh one-time link: the old one stops working because the password is reset."""
    require(by, can_reset_account, user)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return account_link(user)
