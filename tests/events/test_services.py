from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from branches.models import UnitArea, UnitLevel
from events.models import (
    AnswerChannel,
    Invitation,
    Opinion,
    OpinionSource,
    OpinionStatus,
    OpinionTransition,
    Question,
    Reply,
    Response,
    Theme,
)
from events.services import (
    answer_opinion,
    assign_opinion,
    check_in,
    close_opinion,
    delete_question,
    forward_opinion,
    invite_guest,
    invite_neighbourhood_branches,
    merge_opinions,
    move_question,
    opinions_from_answers,
    record_opinion,
    reopen_opinion,
    reply_to_invitation,
    submit_response,
    undo_check_in,
    update_opinion,
    update_question,
)
from tests.events.conftest import good_answers
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


# --- invitations and check-in --------------------------------------------------------------


def test_inviting_all_neighbourhood_branches_invites_each_open_one_once(
    event, tree, district_staff
):
    invited = set(Invitation.objects.filter(event=event).values_list("unit_id", flat=True))
    assert invited == {tree.a1.pk, tree.a2.pk, tree.b1.pk}
    assert invite_neighbourhood_branches(event, by=district_staff) == 0
    make_unit(tree.b, UnitLevel.BRANCH, "Chi đoàn Khu phố 2", area=UnitArea.NEIGHBOURHOOD)
    assert invite_neighbourhood_branches(event, by=district_staff) == 1
    assert Invitation.objects.filter(event=event).count() == 4


def test_the_invitation_search_text_is_folded(event, tree):
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    assert "chi doan khu pho 3" in invitation.search_text
    assert "doan phuong 10" in invitation.search_text


def test_a_guest_needs_a_name(event, district_staff):
    with pytest.raises(ValidationError):
        invite_guest(event, by=district_staff, name="   ")
    guest = invite_guest(event, by=district_staff, name=" Nguyễn  Văn Khách ", position="Ủy viên")
    assert guest.guest_name == "Nguyễn Văn Khách"
    assert guest.is_guest and len(guest.code) >= 20


def test_each_invitation_has_its_own_unguessable_code(event):
    codes = list(Invitation.objects.filter(event=event).values_list("code", flat=True))
    assert len(set(codes)) == len(codes) == 3
    assert all(len(code) >= 20 for code in codes)


def test_a_secretary_replies_and_may_change_the_reply(event, tree, branch_secretary):
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    reply_to_invitation(invitation, by=branch_secretary, attending=True)
    invitation.refresh_from_db()
    assert invitation.reply == Reply.YES and invitation.replied_by == branch_secretary
    reply_to_invitation(invitation, by=branch_secretary, attending=False)
    invitation.refresh_from_db()
    assert invitation.reply == Reply.NO


def test_replies_close_when_the_event_starts(event, tree, branch_secretary):
    event.starts_at = timezone.now() - timedelta(minutes=1)
    event.save()
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    with pytest.raises(ValidationError):
        reply_to_invitation(invitation, by=branch_secretary, attending=True)
    assert Invitation.objects.get(pk=invitation.pk).reply == Reply.PENDING


def test_a_second_check_in_keeps_the_first_time(event, tree, district_staff):
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    first, done = check_in(invitation, by=district_staff)
    assert done and first.checked_in_by == district_staff
    again, done = check_in(invitation, by=district_staff)
    assert not done and again.checked_in_at == first.checked_in_at
    undo_check_in(invitation, by=district_staff)
    assert Invitation.objects.get(pk=invitation.pk).checked_in_at is None


# --- survey questions ----------------------------------------------------------------------


def test_questions_move_up_and_down(survey, district_staff):
    q = survey.q
    move_question(q.venue, by=district_staff, up=True)
    assert list(survey.questions.values_list("pk", flat=True)[:2]) == [q.venue.pk, q.members.pk]
    move_question(q.venue, by=district_staff, up=True)  # already first: nothing moves
    move_question(q.venue, by=district_staff, up=False)
    assert list(survey.questions.values_list("pk", flat=True)[:2]) == [q.members.pk, q.venue.pk]


def test_a_choice_question_needs_two_options(survey, district_staff):
    with pytest.raises(ValidationError):
        update_question(survey.q.venue, by=district_staff, choices=["Có"])


def test_an_answered_question_cannot_be_deleted_or_lose_a_chosen_option(
    survey, tree, branch_secretary, district_staff
):
    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    with pytest.raises(ValidationError) as refused:
        delete_question(survey.q.needs, by=district_staff)
    assert refused.value.code != "conflict"
    with pytest.raises(ValidationError) as refused:
        update_question(survey.q.needs, by=district_staff, choices=["Địa điểm", "Khác"])
    assert "choices" in refused.value.message_dict
    update_question(survey.q.needs, by=district_staff, choices=["Kinh phí", "Tập huấn", "Khác"])
    assert Question.objects.get(pk=survey.q.needs.pk).choices == ["Kinh phí", "Tập huấn", "Khác"]


# --- responses -----------------------------------------------------------------------------


def test_a_response_stores_each_kind_of_answer(survey, tree, branch_secretary):
    response, created = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    assert created
    answers = {a.question_id: a for a in response.answers.all()}
    q = survey.q
    assert answers[q.members.pk].number == Decimal("25")
    assert answers[q.venue.pk].choices == ["Có"]
    assert answers[q.needs.pk].choices == ["Kinh phí", "Tập huấn"]
    assert answers[q.rating.pk].number == 4
    assert answers[q.proposal.pk].text == "Đề nghị hỗ trợ kinh phí sinh hoạt hè"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"members": ""}, "members"),
        ({"members": "hai mươi"}, "members"),
        ({"rating": "6"}, "rating"),
        ({"rating": "0"}, "rating"),
        ({"rating": "2.5"}, "rating"),
        ({"venue": "Có lẽ"}, "venue"),
        ({"venue": ""}, "venue"),
        ({"needs": ["Kinh phí", "Xe buýt"]}, "needs"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(
    survey, tree, branch_secretary, change, field
):
    with pytest.raises(ValidationError) as error:
        submit_response(
            survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey, **change)
        )
    assert f"q{getattr(survey.q, field).pk}" in error.value.message_dict
    assert not Response.objects.exists()


def test_the_same_response_submitted_twice_makes_one_response(survey, tree, branch_secretary):
    first, created = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    again, created_again = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    assert created and not created_again and first.pk == again.pk
    assert Response.objects.filter(survey=survey, unit=tree.a1).count() == 1


def test_an_edit_over_a_version_it_saw_is_saved(survey, tree, branch_secretary):
    response, _ = submit_response(
        survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey)
    )
    submit_response(
        survey,
        by=branch_secretary,
        unit=tree.a1,
        answers=good_answers(survey, members="30"),
        base_version=response.version,
    )
    assert response.answers.get(question=survey.q.members).number == 30
    assert Response.objects.count() == 1
    assert response.history.count() == 2


def test_an_edit_over_a_version_it_did_not_see_is_refused(
    survey, tree, branch_secretary, ward_secretary
):
    submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    with pytest.raises(ValidationError):
        submit_response(
            survey,
            by=ward_secretary,
            unit=tree.a1,
            answers=good_answers(survey, members="99"),
            base_version=0,
        )
    assert Response.objects.get().answers.get(question=survey.q.members).number == 25


def test_a_closed_survey_takes_no_answers(survey, tree, branch_secretary):
    survey.closes_at = timezone.now() - timedelta(seconds=1)
    survey.opens_at = survey.closes_at - timedelta(days=1)
    survey.save()
    with pytest.raises(ValidationError):
        submit_response(survey, by=branch_secretary, unit=tree.a1, answers=good_answers(survey))
    assert not Response.objects.exists()


def test_a_unit_not_invited_cannot_answer(survey, tree, district_staff):
    with pytest.raises(ValidationError):
        submit_response(survey, by=district_staff, unit=tree.g, answers=good_answers(survey))


# --- opinions ------------------------------------------------------------------------------


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


def test_the_2021_themes_are_seeded(db):
    assert Theme.objects.count() >= 8
    assert Theme.objects.filter(name="Giới thiệu đoàn viên ưu tú cho Đảng").exists()
