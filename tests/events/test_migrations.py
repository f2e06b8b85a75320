"""The migrations from the landed schema (0002) keep every row: records made by the old models
come through with version 1, a first history row where history is new, and the opinion
transitions' notes whole."""

import pytest
from django.apps import apps as current
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

LANDED = [("events", "0002_seed_themes_2021")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_events_migrations_keep_every_row(tree, district_staff):
    old = _migrate(LANDED)
    try:
        now = timezone.now()
        Event = old.get_model("events", "Event")
        event = Event.objects.create(
            kind="dialogue", organiser_id=tree.top.pk, title="Hội nghị cũ", starts_at=now
        )
        invitation = old.get_model("events", "Invitation").objects.create(
            event=event, unit_id=tree.a1.pk, code="ma-cu-1", reply="yes"
        )
        survey = old.get_model("events", "Survey").objects.create(
            event=event, title="Khảo sát cũ", opens_at=now, closes_at=now + timezone.timedelta(1)
        )
        question = old.get_model("events", "Question").objects.create(
            survey=survey, kind="short_text", text="Câu cũ"
        )
        response = old.get_model("events", "Response").objects.create(
            survey=survey, unit_id=tree.a1.pk
        )
        old.get_model("events", "Answer").objects.create(
            response=response, question=question, text="Trả lời cũ"
        )
        theme = old.get_model("events", "Theme").objects.create(name="Chủ đề cũ", order=99)
        opinion = old.get_model("events", "Opinion").objects.create(
            event=event, theme=theme, source="spoken", content="Ý kiến cũ", status="closed"
        )
        note = "Ghi chú " * 62  # 496 characters: the most the old CharField(500) held
        old.get_model("events", "OpinionTransition").objects.create(
            opinion=opinion, from_status="open", to_status="closed", by_id=district_staff.pk,
            note=note,
        )  # fmt: skip
        counts = {
            model._meta.model_name: model.objects.count()
            for model in old.get_app_config("events").get_models()
        }
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    for name, count in counts.items():
        assert current.get_model("events", name).objects.count() == count, name
    for name in ("Event", "Invitation", "Survey", "Question", "Response", "Opinion", "Theme"):
        model = current.get_model("events", name)
        assert set(model.objects.values_list("version", flat=True)) == {1}, name
    Invitation = current.get_model("events", "Invitation")
    assert Invitation.objects.get(pk=invitation.pk).reply == "yes"
    assert Invitation.history.filter(id=invitation.pk, version=1).count() == 1
    assert current.get_model("events", "Question").history.filter(id=question.pk).exists()
    Theme = current.get_model("events", "Theme")
    assert Theme.history.filter(version=1).count() == Theme.objects.count()
    transition = current.get_model("events", "OpinionTransition").objects.get()
    assert (transition.note, transition.by_id, transition.to_status) == (
        note,
        district_staff.pk,
        "closed",
    )
