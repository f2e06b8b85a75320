"""The response form: a secretary answers a survey for their unit (phone-first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.forms import ResponseForm
from events.models import Response
from events.permissions import get_respondent_unit_for, get_survey_for
from events.services import submit_response
from unionhub.core.forms import add_service_errors


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    # The survey is found by id only; the unit decides: 404 unless the user answers for it.
    survey = get_survey_for(request.user, pk, allow=lambda user, survey: True)
    unit = get_respondent_unit_for(request.user, survey, unit_pk)
    questions = list(survey.questions.all())
    is_open = survey.is_open()
    if request.method == "POST" and is_open:
        # The unit's saved response is read only to show the form again: a valid submission
        # goes straight to the service, which finds (or creates) it itself.
        form = ResponseForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                submit_response(
                    survey,
                    by=request.user,
                    unit=unit,
                    answers=form.answers(),
                    base_version=form.base_version,
                    questions=questions,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect("events:respond", pk=survey.pk, unit_pk=unit.pk)
    response = Response.objects.filter(survey=survey, unit=unit).first()
    if request.method != "POST" or not is_open:
        answers = {a.question_id: a for a in response.answers.all()} if response else {}
        version = response.version if response else 0
        form = ResponseForm(
            request.POST or None, questions=questions, answers=answers, version=version
        )
    context = {
        "survey": survey,
        "event": survey.event,
        "unit": unit,
        "form": form,
        "response": response,
        "is_open": is_open,
        "not_yet": timezone.now() < survey.opens_at,
    }
    return render(request, "events/response_form.html", context)
