"""Pages that hand out accounts for a unit's people, renew their links and take roles away."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.forms.accounts import AccountForm
from branches.permissions import can_manage_unit, can_renew_link, get_role_for, get_unit_for
from branches.services.accounts import create_account, renew_account_link
from branches.services.roles import revoke_role
from unionhub.core.forms import add_service_errors


def _link_page(request: HttpRequest, unit, account, link: str) -> HttpResponse:
    context = {
        "unit": unit,
        "account": account,
        "link": request.build_absolute_uri(link),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    response = render(request, "branches/account_link.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, allow=can_manage_unit)
    form = AccountForm(request.POST or None)
    if form.is_valid():
        try:
            user, _role, link = create_account(unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _link_page(request, unit, user, link)
    return render(request, "branches/account_form.html", {"form": form, "unit": unit})


@login_required
@require_POST
def account_link_renew(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, allow=can_manage_unit)
    role = get_role_for(request.user, unit, role_pk, allow=can_renew_link)
    link = renew_account_link(role.user, by=request.user)
    return _link_page(request, unit, role.user, link)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, allow=can_manage_unit)
    role = get_role_for(request.user, unit, role_pk)
    revoke_role(role, by=request.user)
    messages.success(request, _("Access of %(user)s removed.") % {"user": role.user})
    return redirect(unit)
