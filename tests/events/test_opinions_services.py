"""The opinion register: the workflow and its log, stale edits, merges, answers to opinions."""

import inspect

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events.models import (
    AnswerChannel,
    Opinion,
    OpinionSource,
    OpinionStatus,
    OpinionTransition,
)
from events.services import (
    answer_opinion,
    assign_opinion,
    close_opinion,
    forward_opinion,
    merge_opinions,
    opinions_from_answers,
    record_opinion,
    reopen_opinion,
    submit_response,
    update_opinion,
)
from events.services import opinions as opinion_services
from tests.events.conftest import good_answers

pytestmark = pytest.mark.django_db


def test_an_opinion_goes_through_assign_answer_close_with_a_log(opinion, district_staff):
    assign_opinion(opinion, by=district_staff, assignee=district_staff, due_on=None)
    answer_opinion(
        opinion, by=district_staff, answer="Quận Đoàn sẽ làm việc với UBND phường.",
        channel=AnswerChannel.AT_CONFERENCE,
    )  # fmt: skip
    close_opinion(opinion, by=district_staff)
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.CLOSED
    assert list(opinion.transitions.values_list("to_status", flat=True)) == [
        OpinionStatus.ASSIGNED,
        OpinionStatus.ANSWERED,
        OpinionStatus.CLOSED,
    ]
    assert opinion.history.count() == 4


def test_a_closed_opinion_cannot_be_answered_without_reopening(opinion, district_staff):
    close_opinion(opinion, by=district_staff)
    with pytest.raises(ValidationError):
        answer_opinion(opinion, by=district_staff, answer="x", channel=AnswerChannel.IN_WRITING)
    reopen_opinion(opinion, by=district_staff)
    answer_opinion(opinion, by=district_staff, answer="x", channel=AnswerChannel.IN_WRITING)
    assert Opinion.objects.get(pk=opinion.pk).status == OpinionStatus.ANSWERED


def test_forwarding_needs_a_body(opinion, district_staff):
    with pytest.raises(ValidationError):
        forward_opinion(opinion, by=district_staff, forwarded_to=" ")
    forward_opinion(opinion, by=district_staff, forwarded_to="UBND Phường 10")
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.FORWARDED
    assert opinion.answer_channel == AnswerChannel.FORWARDED


def test_an_edit_over_a_stale_version_is_refused(opinion, district_staff, themes):
    stale = opinion.version
    update_opinion(opinion, by=district_staff, base_version=stale, content="Nội dung sửa lần 1")
    with pytest.raises(ValidationError):
        update_opinion(opinion, by=district_staff, base_version=stale, content="Sửa lần 2")
    assert Opinion.objects.get(pk=opinion.pk).content == "Nội dung sửa lần 1"


def test_merged_opinions_stay_linked_and_closed(event, opinion, themes, tree, district_staff):
    dup = record_opinion(
        event, by=district_staff, source=OpinionSource.WRITTEN, theme=themes[0],
        content="Chưa có nơi sinh hoạt", raised_by_unit=tree.b1,
    )  # fmt: skip
    dup2 = record_opinion(
        event, by=district_staff, source=OpinionSource.WRITTEN, theme=themes[0],
        content="Thiếu địa điểm", raised_by_unit=tree.a2,
    )  # fmt: skip
    merge_opinions([dup2], by=district_staff, into=dup)
    merge_opinions([dup], by=district_staff, into=opinion)
    assert set(opinion.merged.values_list("pk", flat=True)) == {dup.pk, dup2.pk}
    assert Opinion.objects.get(pk=dup.pk).status == OpinionStatus.CLOSED
    with pytest.raises(ValidationError):
        merge_opinions([opinion], by=district_staff, into=dup)
    with pytest.raises(ValidationError):
        answer_opinion(dup, by=district_staff, answer="x", channel=AnswerChannel.IN_WRITING)


def test_a_unit_not_invited_cannot_raise_an_opinion(event, themes, tree, district_staff):
    with pytest.raises(ValidationError):
        record_opinion(
            event, by=district_staff, source=OpinionSource.SPOKEN, theme=themes[0],
            content="x", raised_by_unit=tree.g,
        )  # fmt: skip


def test_free_text_answers_become_opinions_once(
    survey, tree, themes, branch_secretary, district_staff
):
    response, _ = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    answer = response.answers.get(question=survey.q.proposal)
    assert (
        opinions_from_answers([answer], by=district_staff, event=survey.event, theme=themes[7]) == 1
    )
    assert (
        opinions_from_answers([answer], by=district_staff, event=survey.event, theme=themes[7]) == 0
    )
    opinion = Opinion.objects.get(source_answer=answer)
    assert opinion.raised_by_unit == tree.a1 and opinion.source == OpinionSource.SURVEY
    assert opinion.content == "Đề nghị hỗ trợ kinh phí sinh hoạt hè"
    assert OpinionTransition.objects.count() == 0


def _refusals(opinion, event, themes, user):
    """Every writing service of the register, called by `user` on the district's event."""
    return {
        "record_opinion": lambda: record_opinion(
            event, by=user, source=OpinionSource.SPOKEN, theme=themes[0], content="Lén"
        ),
        "update_opinion": lambda: update_opinion(opinion, by=user, content="Sửa lén"),
        "assign_opinion": lambda: assign_opinion(opinion, by=user, assignee=user, due_on=None),
        "answer_opinion": lambda: answer_opinion(
            opinion, by=user, answer="Lén", channel=AnswerChannel.IN_WRITING
        ),
        "forward_opinion": lambda: forward_opinion(opinion, by=user, forwarded_to="UBND"),
        "close_opinion": lambda: close_opinion(opinion, by=user),
        "reopen_opinion": lambda: reopen_opinion(opinion, by=user),
        "merge_opinions": lambda: merge_opinions([opinion], by=user, into=opinion),
        "opinions_from_answers": lambda: opinions_from_answers(
            [], by=user, event=event, theme=themes[0]
        ),
    }


@pytest.mark.parametrize("who", ["branch_secretary", "ward_secretary", "outsider", None])
def test_only_those_who_run_the_event_keep_its_register(request, opinion, event, themes, who):
    user = request.getfixturevalue(who) if who else None
    before = (list(Opinion.objects.values()), list(OpinionTransition.objects.values()))
    calls = _refusals(opinion, event, themes, user)
    for name, call in calls.items():
        with pytest.raises(PermissionDenied):
            call()
        assert (list(Opinion.objects.values()), list(OpinionTransition.objects.values())) == (
            before
        ), name
    # A new writing service of the register without a case here fails this test.
    assert set(calls) == {
        name
        for name, f in vars(opinion_services).items()
        if inspect.isfunction(f) and f.__module__ == opinion_services.__name__ and name[0] != "_"
    }
