from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

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
    """The one-time link a manager hands to a new secretary: set a password and be logged in."""

    template_name = "accounts/set_password.html"
    form_class = StyledSetPasswordForm
    success_url = reverse_lazy("home")
    reset_url_token = "dat-mat-khau"  # noqa: S105 (a URL segment, not a secret)
    # The person has just proved they hold the link: asking for the password again is a dead end.
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is saved and you are logged in."))
        return response


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/set_password_done.html"
