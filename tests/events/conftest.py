"""An event of the test tree: the dialogue conference, its survey and a few opinions.

Invited: Chi đoàn Khu phố 3 and Khu phố 4 (Đoàn Phường 10), Chi đoàn Khu phố 1 (Đoàn Phường 11),
all three neighbourhood branches, and one guest. The survey is open now.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from events.models import (
    THEMES_2021,
    Answer,
    EventKind,
    Invitation,
    OpinionSource,
    QuestionKind,
    Theme,
)
from events.services import (
    add_question,
    create_event,
    create_survey,
    invite_guest,
    invite_neighbourhood_branches,
    record_opinion,
    submit_response,
)


@pytest.fixture
def themes(db):
    """The 2021 themes in their order, as migration 0002 made them (made again after a
    transactional test has flushed the database)."""
    return [
        Theme.objects.get_or_create(name=name, defaults={"order": order})[0]
        for order, name in enumerate(THEMES_2021, start=1)
    ]


@pytest.fixture
def event(tree, district_staff):
    event = create_event(
        by=district_staff,
        organiser=tree.top,
        kind=EventKind.DIALOGUE,
        title="Hội nghị đối thoại thử",
        starts_at=timezone.now() + timedelta(days=7),
        venue="Hội trường Quận Đoàn",
    )
    invite_neighbourhood_branches(event, by=district_staff)
    return event


@pytest.fixture
def guest(event, district_staff):
    return invite_guest(
        event,
        by=district_staff,
        name="Nguyễn Văn Khách",
        position="Ủy viên BCH Thành Đoàn",
        organisation="Thành Đoàn TP. Hồ Chí Minh",
    )


@pytest.fixture
def survey(event, district_staff):
    now = timezone.now()
    survey = create_survey(
        event,
        by=district_staff,
        title="Phiếu khảo sát thử",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=3),
    )
    q = SimpleNamespace(
        members=add_question(
            survey, by=district_staff, kind=QuestionKind.NUMBER, text="Số đoàn viên", required=True
        ),
        venue=add_question(
            survey,
            by=district_staff,
            kind=QuestionKind.SINGLE_CHOICE,
            text="Chi đoàn có địa điểm sinh hoạt ổn định không?",
            required=True,
            choices=["Có", "Không"],
        ),
        needs=add_question(
            survey,
            by=district_staff,
            kind=QuestionKind.MULTIPLE_CHOICE,
            text="Chi đoàn cần hỗ trợ gì?",
            choices=["Kinh phí", "Địa điểm", "Tập huấn"],
        ),
        rating=add_question(
            survey, by=district_staff, kind=QuestionKind.SCALE, text="Mức độ hài lòng"
        ),
        proposal=add_question(
            survey, by=district_staff, kind=QuestionKind.LONG_TEXT, text="Kiến nghị, đề xuất"
        ),
    )
    survey.q = q
    return survey


def good_answers(survey, **changes) -> dict:
    q = survey.q
    answers = {
        q.members.pk: "25",
        q.venue.pk: "Có",
        q.needs.pk: ["Kinh phí", "Tập huấn"],
        q.rating.pk: "4",
        q.proposal.pk: "Đề nghị hỗ trợ kinh phí sinh hoạt hè",
    }
    for name, value in changes.items():
        answers[getattr(q, name).pk] = value
    return answers


@pytest.fixture
def opinion(event, themes, tree, district_staff):
    return record_opinion(
        event,
        by=district_staff,
        source=OpinionSource.SPOKEN,
        theme=themes[0],
        content="Khu phố chưa có địa điểm sinh hoạt cố định",
        raised_by_unit=tree.a1,
        speaker="Đ/c Lê Văn Nói",
    )


@pytest.fixture
def ward_event(tree, ward_secretary, themes):
    """A training organised by Đoàn Phường 10, inviting its two neighbourhood branches."""
    event = create_event(
        by=ward_secretary, organiser=tree.a, kind=EventKind.TRAINING,
        title="Tập huấn Phường 10", starts_at=timezone.now() + timedelta(days=5),
    )  # fmt: skip
    invite_neighbourhood_branches(event, by=ward_secretary)
    guest = invite_guest(event, by=ward_secretary, name="Nguyễn Văn Khách")
    now = timezone.now()
    survey = create_survey(
        event, by=ward_secretary, title="Khảo sát P10",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=2),
    )  # fmt: skip
    text_q = add_question(survey, by=ward_secretary, kind=QuestionKind.LONG_TEXT, text="Đề xuất")
    spare_q = add_question(survey, by=ward_secretary, kind=QuestionKind.SHORT_TEXT, text="Ghi chú")
    response, _ = submit_response(
        survey, by=ward_secretary, unit=tree.a2, answers={text_q.pk: "Cần thêm kinh phí"}
    )
    first = record_opinion(
        event, by=ward_secretary, source=OpinionSource.SPOKEN, theme=themes[0],
        content="Thiếu địa điểm", raised_by_unit=tree.a1,
    )  # fmt: skip
    second = record_opinion(
        event, by=ward_secretary, source=OpinionSource.SPOKEN, theme=themes[0],
        content="Không có chỗ sinh hoạt", raised_by_unit=tree.a2,
    )  # fmt: skip
    return {
        "event": event,
        "invitation": Invitation.objects.get(event=event, unit=tree.a1),
        "guest": guest,
        "survey": survey,
        "question": spare_q,
        "text_q": text_q,
        "answer": Answer.objects.get(response=response, question=text_q),
        "opinion": first,
        "second": second,
        "unit": tree.a1,
        "theme": themes[1],
    }
