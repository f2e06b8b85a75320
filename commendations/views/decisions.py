"""The decision: issuing it, its page, revoking it, the printed list, Excel and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commendations.decisions import (
    awaiting_award,
    issue_decision,
    issuer_unit,
    next_decision_number,
    revoke_decision,
)
from commendations.documents import qr_data_uri, render_certificates_pdf, render_list_pdf
from commendations.exports import list_sheet
from commendations.forms import DecisionForm, RevokeForm
from commendations.models import Decision
from commendations.permissions import (
    can_revoke_decision,
    get_award_for,
    get_decision_for,
    get_round_for,
    manage_rounds,
)
from unionhub.core.forms import add_service_errors
from unionhub.core.pdf import pdf_response
from unionhub.core.xlsx import workbook_bytes, xlsx_response


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
    round_ = get_round_for(request.user, pk, allow=manage_rounds)
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
    context = {
        "decision": decision,
        "awards": decision.awards.order_by("sequence"),
        "revoke_form": RevokeForm(),
        "can_revoke": can_revoke_decision(request.user, decision),
        "replaced_by": decision.replaced_by.all(),
    }
    return render(request, "commendations/decision_detail.html", context)


@login_required
@require_POST
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for(request.user, pk, allow=can_revoke_decision)
    form = RevokeForm(request.POST)
    if form.is_valid():
        revoke_decision(decision, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Decision revoked. Issue the corrected decision now."))
    else:
        messages.error(request, _("Say why the decision is revoked."))
    return redirect(decision)


def _filename(decision: Decision, kind: str, extension: str) -> str:
    return f"{kind} {decision.number}-{decision.year}.{extension}"


@login_required
@require_safe
def decision_list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for(request.user, pk)
    return pdf_response(render_list_pdf(decision), _filename(decision, "Danh sách", "pdf"))


@login_required
@require_safe
def decision_list_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for(request.user, pk)
    content = workbook_bytes([list_sheet(decision)])
    return xlsx_response(content, _filename(decision, "Danh sách", "xlsx"))


@login_required
@require_safe
def decision_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """Every certificate of the decision in one PDF, or those chosen with ?award=<id>."""
    decision = get_decision_for(request.user, pk)
    awards = decision.awards.order_by("sequence")
    chosen = [value for value in request.GET.getlist("award") if value.isdigit()]
    if chosen:
        awards = awards.filter(pk__in=chosen)
    content = render_certificates_pdf(decision, list(awards))
    return pdf_response(content, _filename(decision, "Giấy khen", "pdf"))


@login_required
@require_safe
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for(request.user, pk)
    context = {"award": award, "decision": award.decision, "qr": qr_data_uri(award.verify_url)}
    return render(request, "commendations/award_detail.html", context)


@login_required
@require_safe
def award_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_award_for(request.user, pk)
    content = render_certificates_pdf(award.decision, [award])
    return pdf_response(content, f"Giấy khen {award.register_number.replace('/', '-')}.pdf")
