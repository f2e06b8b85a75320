"""Surveys: create and edit one, its page, the response rate, the results and their Excel, the
answers to turn into opinions, and its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.exports import SurveyResultsExporter
from events.forms import AnswersToOpinionsForm, QuestionForm, SurveyAnswerFilter, SurveyForm
from events.history import survey_history
from events.permissions import can_run_event, get_event_for, get_survey_for
from events.results import free_text_answers, kept_survey_results, response_rate
from events.services import create_survey, opinions_from_answers, update_survey
from unionhub.core.exports import export_response
from unionhub.core.forms import add_service_errors
from unionhub.core.pages import page_of

ANSWERS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, allow=can_run_event)
    form = SurveyForm(request.POST or None)
    if form.is_valid():
        try:
            survey = create_survey(event, by=request.user, **form.service_fields())
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
    return render(request, "events/survey_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if form.is_valid():
        try:
            update_survey(
                survey, by=request.user, base_version=form.base_version, **form.service_fields()
            )
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
    return render(request, "events/survey_form.html", context)


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
@require_safe
def survey_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    context = {"survey": survey, "event": survey.event, "entries": survey_history(survey)}
    return render(request, "events/survey_history.html", context)


@login_required
@require_safe
def survey_rate(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    rate = response_rate(survey, request.GET.get("page"))
    context = {"survey": survey, "event": survey.event, "rate": rate, "page": rate.page}
    return render(request, "events/survey_rate.html", context)


@login_required
@require_safe
def survey_results_view(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    results, response_count = kept_survey_results(survey)
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
    return export_response(SurveyResultsExporter(user=request.user, survey=pk))


@login_required
@require_http_methods(["GET", "POST"])
def survey_answers(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, pk)
    answers = free_text_answers(survey)
    # The ticks come from one page; any of the survey's answers is a valid one to send.
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
            url = reverse("events:survey_answers", kwargs={"pk": survey.pk})
            return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    answer_filter = SurveyAnswerFilter(request.GET, queryset=answers, survey=survey)
    page = page_of(answer_filter.qs, request.GET.get("page"), ANSWERS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"survey": survey, "event": survey.event, "form": form, "filter": answer_filter,
               "page": page, "query": query.urlencode()}  # fmt: skip
    return render(request, "events/survey_answers.html", context)
