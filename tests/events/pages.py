"""The URL of every events page for the ward's event (the `ward_event` fixture), and a
snapshot of every events table to show that a refused request changed nothing."""

from django.urls import reverse

from events.models import Answer, Event, Invitation, Opinion, Question, Response, Survey, Theme


def page_url(name: str, objs: dict) -> str:
    kind = {
        "event_list": None,
        "event_create": None,
        "theme_list": None,
        "theme_edit": "theme",
        "invitation": "invitation",
        "invitation_reply": "invitation",
        "invitation_tick": "invitation",
        "invitation_cancel": "invitation",
        "scan": "code",
        "survey": "survey",
        "survey_edit": "survey",
        "survey_history": "survey",
        "question_create": "survey",
        "survey_rate": "survey",
        "survey_results": "survey",
        "survey_results_xlsx": "survey",
        "survey_answers": "survey",
        "respond": "respond",
        "question_edit": "question",
        "question_move": "question",
        "question_delete": "question",
        "opinion": "opinion",
        "opinion_edit": "opinion",
        "opinion_assign": "opinion",
        "opinion_answer": "opinion",
        "opinion_forward": "opinion",
        "opinion_status": "opinion",
    }.get(name, "event")
    if kind is None:
        return reverse(f"events:{name}")
    if kind == "code":
        return reverse("events:scan", kwargs={"code": objs["invitation"].code})
    if kind == "respond":
        return reverse(
            "events:respond", kwargs={"pk": objs["survey"].pk, "unit_pk": objs["unit"].pk}
        )
    return reverse(f"events:{name}", kwargs={"pk": objs[kind].pk})


def snapshot() -> tuple:
    return tuple(
        list(model.objects.order_by("pk").values())
        for model in (Event, Invitation, Survey, Question, Response, Answer, Opinion, Theme)
    )
