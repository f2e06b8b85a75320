"""No lost update on any record edited through a form: two people open the same form in two
browsers, the first saves, the second's stale save is refused with who changed what, and the
first one's change is intact."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from branches.models import RoleKind
from events.models import Event, Invitation, Opinion, Question, Reply, Response, Survey, Theme
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

# The distinctive part of the refusal, in Vietnamese (the site's language).
REFUSED = "sau khi bạn mở ra"


def form_data(form) -> dict:
    """What the browser sends back for this form, untouched."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            shown = field.widget.format_value(value)
            data[name] = "" if shown is None else shown
    return data


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@dataclass
class Case:
    """One form-edited model: where its form is, what each person changes, how to check."""

    page: Callable  # objects -> the URL of the page with the form
    post: Callable  # objects -> the URL the form posts to
    form: str  # the form's name in the page's context
    first: dict
    second: dict
    changed: tuple[str, str, str]  # (field label msgid, old, new) shown to the second person
    model: type  # the model edited
    key: str  # which of the objects is edited
    kept: Callable  # record -> True if the first change is there and the second is not
    people: tuple[str, str] = ("district_staff", "second_staff")


def _url(name: str, key: str) -> Callable:
    return lambda o: reverse(f"events:{name}", kwargs={"pk": o[key].pk})


CASES = {
    "event": Case(
        page=_url("event_edit", "event"), post=_url("event_edit", "event"), form="form",
        first={"venue": "Nhà văn hóa Phường 10"}, second={"title": "Tên mới của hội nghị"},
        changed=("venue", "Hội trường Quận Đoàn", "Nhà văn hóa Phường 10"),
        model=Event, key="event",
        kept=lambda r: (r.venue, r.title) == ("Nhà văn hóa Phường 10", "Hội nghị đối thoại thử"),
    ),
    "invitation": Case(
        page=_url("invitation", "invitation"), post=_url("invitation_reply", "invitation"),
        form="reply_form", first={"attending": "yes"}, second={"attending": "no"},
        changed=("reply", "Not replied yet", "Attending"),
        model=Invitation, key="invitation",
        kept=lambda r: r.reply == Reply.YES,
        people=("branch_secretary", "ward_secretary"),
    ),
    "survey": Case(
        page=_url("survey_edit", "survey"), post=_url("survey_edit", "survey"), form="form",
        first={"intro": "Mời các đồng chí trả lời"}, second={"title": "Khảo sát đổi tên"},
        changed=("introduction", "—", "Mời các đồng chí trả lời"),
        model=Survey, key="survey",
        kept=lambda r: (r.intro, r.title) == ("Mời các đồng chí trả lời", "Phiếu khảo sát thử"),
    ),
    "question": Case(
        page=_url("question_edit", "question"), post=_url("question_edit", "question"),
        form="form", first={"help_text": "Tính đến hôm nay"}, second={"text": "Số đoàn viên nữ"},
        changed=("help text", "—", "Tính đến hôm nay"),
        model=Question, key="question",
        kept=lambda r: (r.help_text, r.text) == ("Tính đến hôm nay", "Số đoàn viên"),
    ),
    "opinion": Case(
        page=_url("opinion_edit", "opinion"), post=_url("opinion_edit", "opinion"), form="form",
        first={"speaker": "Đ/c Trần Văn Mới"}, second={"content": "Nội dung sửa lần hai"},
        changed=("speaker", "Đ/c Lê Văn Nói", "Đ/c Trần Văn Mới"),
        model=Opinion, key="opinion",
        kept=lambda r: (r.speaker, r.content)
        == ("Đ/c Trần Văn Mới", "Khu phố chưa có địa điểm sinh hoạt cố định"),
    ),
    "opinion answer": Case(
        page=_url("opinion", "opinion"), post=_url("opinion_answer", "opinion"),
        form="answer_form", first={"channel": "in_writing", "answer": "Đã có văn bản trả lời"},
        second={"channel": "at_conference", "answer": "Trả lời tại hội nghị"},
        changed=("answer", "—", "Đã có văn bản trả lời"),
        model=Opinion, key="opinion",
        kept=lambda r: r.answer == "Đã có văn bản trả lời" and r.transitions.count() == 1,
    ),
    "theme": Case(
        page=_url("theme_edit", "theme"), post=_url("theme_edit", "theme"), form="form",
        first={"order": "20"}, second={"name": "Cơ sở vật chất"},
        changed=("order", "1", "20"),
        model=Theme, key="theme",
        kept=lambda r: (r.order, r.name) == (20, "Cơ sở vật chất, địa điểm sinh hoạt"),
    ),
}  # fmt: skip


@pytest.fixture
def second_staff(tree):
    user = UserFactory(username="quandoan.2", full_name="Nguyễn Thị Hai")
    grant(user, tree.top, RoleKind.MANAGER, "Cán bộ Quận Đoàn")
    return user


@pytest.fixture
def objects(event, survey, opinion, themes, tree):
    return {
        "event": event,
        "invitation": Invitation.objects.get(event=event, unit=tree.a1),
        "survey": survey,
        "question": survey.q.members,
        "opinion": opinion,
        "theme": themes[0],
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_second_of_two_stale_saves_is_refused_and_the_first_is_intact(request, objects, name):
    case = CASES[name]
    users = [request.getfixturevalue(who) for who in case.people]
    first, second = (client_for(user) for user in users)
    first_form = form_data(first.get(case.page(objects)).context[case.form])
    second_form = form_data(second.get(case.page(objects)).context[case.form])
    assert first_form["version"] == second_form["version"]

    assert first.post(case.post(objects), {**first_form, **case.first}).status_code == 302
    response = second.post(case.post(objects), {**second_form, **case.second}, follow=True)

    assert response.status_code in (200, 400)
    if response.redirect_chain:  # a page of buttons: the refusal comes back as a message
        refusal = " ".join(str(m) for m in response.context["messages"])
    else:
        refusal = " ".join(response.context[case.form].non_field_errors())
    label, old, new = case.changed
    with translation.override("vi"):
        shown = (
            f"{translation.gettext(label)}: {translation.gettext(old)} → {translation.gettext(new)}"
        )
    assert REFUSED in refusal and users[0].display_name in refusal, refusal
    assert shown in refusal, refusal
    assert case.kept(case.model.objects.get(pk=objects[case.key].pk))


def test_every_versioned_model_of_events_has_a_two_client_case():
    from django.apps import apps

    from unionhub.core.versions import Versioned

    versioned = {
        model._meta.model_name
        for model in apps.get_app_config("events").get_models()
        if issubclass(model, Versioned)
    }
    covered = {case.model._meta.model_name for case in CASES.values()}
    assert versioned == covered | {"response"}  # the response has its own test below


def test_a_stale_survey_response_from_another_browser_is_refused(
    survey, tree, branch_secretary, ward_secretary
):
    url = reverse("events:respond", kwargs={"pk": survey.pk, "unit_pk": tree.a1.pk})
    first, second = client_for(branch_secretary), client_for(ward_secretary)
    q = survey.q
    answers = {f"q{q.members.pk}": "25", f"q{q.venue.pk}": "Có", f"q{q.rating.pk}": "4"}
    first_version = first.get(url).context["form"]["version"].value()
    second_version = second.get(url).context["form"]["version"].value()
    assert first_version == second_version == 0

    assert first.post(url, {**answers, "version": first_version}).status_code == 302
    stale = {**answers, f"q{q.members.pk}": "40", "version": second_version}
    response = second.post(url, stale)

    assert response.status_code == 200
    refusal = " ".join(response.context["form"].non_field_errors())
    assert REFUSED in refusal and "Phạm Thị Khu" in refusal
    assert "Số đoàn viên: — → 25" in refusal, refusal
    saved = Response.objects.get(survey=survey, unit=tree.a1)
    assert saved.answers.get(question=q.members).number == 25
    assert saved.version == 1

    # Reloaded, the second person sees the first one's answers and may change them.
    version = second.get(url).context["form"]["version"].value()
    assert second.post(url, {**stale, "version": version}).status_code == 302
    assert saved.answers.get(question=q.members).number == 40
