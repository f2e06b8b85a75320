"""The decision: issuing it, its page, revoking it, the printed list, Excel and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from branches.permissions import is_district_staff
from commendations.documents import qr_data_uri
from commendations.exports import (
    AwardCertificatePdf,
    CertificatesPdf,
    DecisionListPdf,
    DecisionListXlsx,
)
from commendations.forms.decisions import DecisionForm, RevokeForm
from commendations.models import Decision
from commendations.permissions.decisions import (
    awards_printable_by,
    can_issue_decision,
    can_revoke_decision,
    get_award_for,
    get_decision_for,
)
from commendations.permissions.rounds import get_round_for
from commendations.services.decisions import (
    awaiting_award,
    issue_decision,
    issuer_unit,
    next_decision_number,
    revoke_decision,
)
from unionhub.core.exports import export_response
from unionhub.core.forms import add_service_errors
from unionhub.core.jobs import export_or_start_job


def _initial(round_, replaces: Decision | None) -> dict:
    today = timezone.localdate()
    return {
        "number": next_decision_number(issuer=issuer_unit(), year=today.year),
        "signed_on": today,
        "subject": replaces.subject
        if replaces
        else f"Về việc {round_.title[:1].lower()}{round_.title[1:]}",
        "signer_name": replaces.signer_name if replaces else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for(request.user, pk, allow=can_issue_decision)
    replaces = round_.decisions.filter(pk=request.GET.get("replaces") or 0).first()
    form = DecisionForm(request.POST or None, initial=_initial(round_, replaces))
    if form.is_valid():
        try:
            decision = issue_decision(
                round_, by=request.user, replaces=replaces, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decision issued."))
            return redirect(decision)
    context = {
        "round": round_,
        "form": form,
        "awaiting": awaiting_award(round_),
        "replaces": replaces,
    }
    return render(request, "commendations/decision_form.html", context)


@login_required
@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for(request.user, pk)
    is_staff = is_district_staff(request.user)
    context = {
        "decision": decision,
        "awards": decision.awards.order_by("sequence"),
        "is_staff": is_staff,
        # Outside the district office: the certificates of the user's own units only.
        "printable": set(awards_printable_by(request.user, decision).values_list("pk", flat=True))
        if not is_staff
        else None,
        "revoke_form": RevokeForm(decision=decision),
        "can_revoke": can_revoke_decision(request.user, decision) and decision.is_issued,
        "replaced_by": decision.replaced_by.all(),
    }
    return render(request, "commendations/decision_detail.html", context)


@login_required
@require_POST
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for(request.user, pk, allow=can_revoke_decision)
    form = RevokeForm(request.POST, decision=decision)
    if not form.is_valid():
        messages.error(request, _("Say why the decision is revoked."))
        return redirect(decision)
    try:
        revoke_decision(
            decision,
            by=request.user,
            reason=form.cleaned_data["reason"],
            base_version=form.base_version,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decision revoked. Issue the corrected decision now."))
    return redirect(decision)


@login_required
@require_safe
def decision_list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return export_or_start_job(request, DecisionListPdf(user=request.user, decision=pk))


@login_required
@require_safe
def decision_list_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(DecisionListXlsx(user=request.user, decision=pk))


@login_required
@require_safe
def decision_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """Every certificate of the decision in one PDF, or those chosen with ?award=<id>."""
    chosen = [int(value) for value in request.GET.getlist("award") if value.isdigit()]
    return export_or_start_job(
        request, CertificatesPdf(user=request.user, decision=pk, awards=chosen)
    )


@login_required
@require_safe
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for(request.user, pk)
    context = {"award": award, "decision": award.decision, "qr": qr_data_uri(award.verify_url)}
    return render(request, "commendations/award_detail.html", context)


@login_required
@require_safe
def award_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(AwardCertificatePdf(user=request.user, award=pk))
