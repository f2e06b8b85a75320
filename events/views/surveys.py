"""Surveys: the builder, the response form, the response rate, the results and their export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events.exports import results_sheet
from events.forms import AnswersToOpinionsForm, QuestionForm, ResponseForm, SurveyForm
from events.models import Response
from events.permissions import (
    can_run_event,
    get_event_for,
    get_question_for,
    get_respondent_unit_for,
    get_survey_for,
)
from events.reports import free_text_answers, response_rate, survey_results
from events.services import (
    add_question,
    create_survey,
    delete_question,
    move_question,
    opinions_from_answers,
    submit_response,
    update_question,
    update_survey,
)
from events.services.surveys import response_version
from unionhub.core.exportlog import log_export
from unionhub.core.forms import add_service_errors
from unionhub.core.xlsx import workbook_bytes, xlsx_response


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_run_event)
    form = SurveyForm(request.POST or None)
    if form.is_valid():
        try:
            survey = create_survey(event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey created. Now add its questions."))
            return redirect(survey)
    context = {
        "form": form,
        "event": event,
        "heading": _("New survey"),
        "back": event.get_absolute_url(),
    }
    return render(request, "events/simple_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if form.is_valid():
        try:
            update_survey(survey, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(survey)
    context = {
        "form": form,
        "event": survey.event,
        "heading": _("Edit the survey"),
        "back": survey.get_absolute_url(),
    }
    return render(request, "events/simple_form.html", context)


@login_required
@require_safe
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    questions = survey.questions.annotate(answer_count=Count("answers"))
    context = {
        "survey": survey,
        "event": survey.event,
        "questions": questions,
        "question_form": QuestionForm(),
        "response_count": survey.responses.count(),
    }
    return render(request, "events/survey_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    form = QuestionForm(request.POST or None)
    if form.is_valid():
        try:
            add_question(survey, by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect(survey)
    context = {
        "form": form,
        "event": survey.event,
        "heading": _("Add a question"),
        "back": survey.get_absolute_url(),
    }
    return render(request, "events/simple_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for(request.user, pk)
    form = QuestionForm(request.POST or None, instance=question)
    if form.is_valid():
        try:
            update_question(question, by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(question.survey)
    context = {
        "form": form,
        "event": question.survey.event,
        "heading": _("Edit the question"),
        "back": question.survey.get_absolute_url(),
    }
    return render(request, "events/simple_form.html", context)


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for(request.user, pk)
    move_question(question, by=request.user, up=request.POST.get("direction") == "up")
    return redirect(question.survey)


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for(request.user, pk)
    try:
        delete_question(question, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question deleted."))
    return redirect(question.survey)


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk, allow=lambda user, survey: True)
    unit = get_respondent_unit_for(request.user, survey, unit_pk)
    questions = list(survey.questions.all())
    response = Response.objects.filter(survey=survey, unit=unit).first()
    answers = {a.question_id: a for a in response.answers.all()} if response else {}
    is_open = survey.is_open()
    form = ResponseForm(request.POST or None, questions=questions, answers=answers)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            submit_response(
                survey,
                by=request.user,
                unit=unit,
                answers=form.answers(),
                seen_version=request.POST.get("version", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect("events:respond", pk=survey.pk, unit_pk=unit.pk)
    context = {
        "survey": survey,
        "event": survey.event,
        "unit": unit,
        "form": form,
        "response": response,
        "version": response_version(response),
        "is_open": is_open,
        "not_yet": timezone.now() < survey.opens_at,
    }
    return render(request, "events/response_form.html", context)


@login_required
@require_safe
def survey_rate(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    context = {"survey": survey, "event": survey.event, "rate": response_rate(survey)}
    return render(request, "events/survey_rate.html", context)


@login_required
@require_safe
def survey_results_view(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    results, response_count = survey_results(survey)
    charts = {f"chart-{r.question.pk}": r.chart_data() for r in results if r.has_chart}
    context = {
        "survey": survey,
        "event": survey.event,
        "results": results,
        "charts": charts,
        "response_count": response_count,
    }
    return render(request, "events/survey_results.html", context)


@login_required
@require_safe
def survey_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    log_export(
        by=request.user,
        kind="survey results",
        row_count=survey.responses.count(),
        detail=survey.title,
    )
    return xlsx_response(workbook_bytes([results_sheet(survey)]), f"Kết quả – {survey.title}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def survey_answers(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    answers = free_text_answers(survey)
    form = AnswersToOpinionsForm(request.POST or None, answers=answers)
    if form.is_valid():
        try:
            made = opinions_from_answers(
                form.cleaned_data["answers"],
                by=request.user,
                event=survey.event,
                theme=form.cleaned_data["theme"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)s opinions added to the register.") % {"n": made})
            return redirect("events:survey_answers", pk=survey.pk)
    context = {"survey": survey, "event": survey.event, "form": form, "answers": answers}
    return render(request, "events/survey_answers.html", context)
