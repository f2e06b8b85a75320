"""Survey questions: add, edit, move up or down, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events.forms import QuestionForm, VersionForm
from events.permissions import get_question_for, get_survey_for
from events.services import add_question, delete_question, move_question, update_question
from unionhub.core.forms import add_service_errors


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
    return render(request, "events/question_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for(request.user, pk)
    form = QuestionForm(request.POST or None, instance=question)
    if form.is_valid():
        try:
            update_question(
                question, by=request.user, base_version=form.base_version, **form.service_fields()
            )
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
    return render(request, "events/question_form.html", context)


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
    form = VersionForm(request.POST, version=question.version)
    form.is_valid()
    try:
        delete_question(question, by=request.user, base_version=form.base_version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question deleted."))
    return redirect(question.survey)
