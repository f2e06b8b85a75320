"""Reviewing a nomination: the grassroots union endorses or returns it, the district decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commendations.figures import figures_beside_criteria
from commendations.forms.reviews import ReviewForm
from commendations.permissions.nominations import get_nomination_for
from commendations.services.reviews import (
    endorse_nomination,
    return_nomination,
    review_nomination,
)
from commendations.views.nominations import (
    assessments_of,
    move_view,
    open_to_endorse,
    open_to_return,
    open_to_review,
)
from unionhub.core.forms import add_service_errors


@login_required
@require_POST
def nomination_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    return move_view(request, pk, open_to_endorse, endorse_nomination, _("Nomination endorsed."))


@login_required
@require_POST
def nomination_return(request: HttpRequest, pk: int) -> HttpResponse:
    return move_view(
        request, pk, open_to_return, return_nomination, _("Nomination returned to the unit.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_review(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for(request.user, pk, allow=open_to_review)
    form = ReviewForm(
        request.POST or None, nomination=nomination, assessments=assessments_of(nomination)
    )
    if form.is_valid():
        try:
            review_nomination(
                nomination,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                verdicts=form.verdicts(),
                note=form.cleaned_data["note"],
                base_version=form.base_version,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review saved."))
            return redirect(nomination)
    context = {
        "nomination": nomination,
        "form": form,
        "figures": figures_beside_criteria(nomination),
    }
    return render(request, "commendations/review_form.html", context)
