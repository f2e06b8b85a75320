from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from unionhub.accounts.forms import LoginForm, StyledPasswordChangeForm, StyledSetPasswordForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link a manager hands to a new secretary: set a password, then log in."""

    template_name = "accounts/set_password.html"
    form_class = StyledSetPasswordForm
    success_url = reverse_lazy("accounts:set_password_done")
    reset_url_token = "dat-mat-khau"  # noqa: S105 (a URL segment, not a secret)
    post_reset_login = False


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/set_password_done.html"
