"""Demo data for `manage.py seed_demo`: the dialogue conference of 06/04/2021 and a training to come.

The conference: 117 invited neighbourhood branches, 2 guests, about 100 survey responses, 35
opinions spoken on the day across the 8 themes (most answered, some forwarded or still open), a
few more from the survey, two of them merged. Synthetic names only; deterministic (fixed seed);
idempotent (the event is found by its title; each part is made only if missing).
"""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from branches.models import Unit
from events.models import (
    THEMES_2021,
    AnswerChannel,
    Event,
    EventKind,
    Invitation,
    Opinion,
    OpinionSource,
    OpinionTransition,
    QuestionKind,
    Response,
    Survey,
    Theme,
)
from events.services import (
    add_question,
    answer_opinion,
    assign_opinion,
    check_in,
    create_event,
    create_survey,
    forward_opinion,
    invite_guest,
    invite_neighbourhood_branches,
    merge_opinions,
    opinions_from_answers,
    record_opinion,
    reply_to_invitation,
    submit_response,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOP_CODE = "qdtb"
STAFF_USERNAME = "quandoan"
CONFERENCE = "Hội nghị đối thoại giữa Ban Thường vụ Quận Đoàn với 117 Bí thư chi đoàn khu phố"
TRAINING = "Tập huấn nghiệp vụ công tác Đoàn cho Bí thư chi đoàn khu phố"
SURVEY = "Phiếu khảo sát trước Hội nghị đối thoại năm 2021"
TRAINING_SURVEY = "Phiếu đăng ký nội dung tập huấn"
CONFERENCE_AT = datetime(2021, 4, 6, 8, 0, tzinfo=TZ)
GUESTS = [
    ("Đ/c Nguyễn Văn Khách", "Ủy viên BCH Thành Đoàn", "Thành Đoàn TP. Hồ Chí Minh"),
    ("Đ/c Trần Thị Đại Biểu", "Phó Trưởng phòng Nội vụ Quận", "UBND Quận Tân Bình"),
]
AGENDA = """Tuyên bố lý do, giới thiệu đại biểu
Báo cáo tình hình hoạt động của các chi đoàn khu phố và kết quả khảo sát
Đối thoại: các Bí thư chi đoàn phát biểu, Ban Thường vụ trả lời
Phát biểu của đại biểu Thành Đoàn
Kết luận hội nghị"""

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hoàng", "Quốc", "Thu", "Gia", "Đức"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Khoa", "Lan", "Linh", "Nam",
         "Ngân", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]  # fmt: skip

DIFFICULTIES = [
    "Thiếu địa điểm sinh hoạt", "Hoạt động chưa thu hút", "Khó vận động thanh niên",
    "Đoàn viên đi làm xa, ít thời gian", "Chưa có chế độ cho Bí thư",
    "Khó phát triển đoàn viên mới", "Ít đoàn viên đủ điều kiện giới thiệu cho Đảng",
]  # fmt: skip
ACTIVITIES = ["Tình nguyện", "Thể dục thể thao", "Văn nghệ", "Kỹ năng", "Học tập chính trị"]
PROPOSALS = [
    "Đề nghị Quận Đoàn hỗ trợ kinh phí tổ chức hoạt động hè cho thiếu nhi khu phố.",
    "Đề nghị phối hợp với UBND phường bố trí phòng sinh hoạt cố định tại nhà văn hóa khu phố.",
    "Mong được tập huấn kỹ năng tổ chức hoạt động và sử dụng mạng xã hội để tập hợp thanh niên.",
    "Đề nghị có chế độ phụ cấp cho Bí thư chi đoàn khu phố như các chức danh ở khu phố.",
    "Đề nghị Đoàn Phường thường xuyên xuống dự sinh hoạt, hướng dẫn chi đoàn.",
    "Cần hướng dẫn cụ thể quy trình tiếp nhận đoàn viên sinh hoạt nơi cư trú.",
    "Đề nghị tổ chức giao lưu giữa các chi đoàn khu phố trong quận để học hỏi kinh nghiệm.",
    "Đề nghị hỗ trợ dụng cụ thể thao cho sân chơi thiếu nhi khu phố.",
]
QUESTIONS = [
    "Thủ tục chuyển sinh hoạt Đoàn về nơi cư trú có thể làm trực tuyến không?",
    "Chi đoàn khu phố có được giới thiệu đoàn viên ưu tú trực tiếp cho chi bộ khu phố không?",
    "Quận Đoàn có kế hoạch hỗ trợ địa điểm sinh hoạt cho các khu phố chưa có nhà văn hóa không?",
    "Bí thư chi đoàn khu phố có được hưởng phụ cấp không?",
    "Làm thế nào để vận động thanh niên công nhân trọ trên địa bàn tham gia sinh hoạt?",
]

# 35 opinions spoken on the day: (theme index, content, answer or None, channel/forward target).
SPOKEN = [
    (0, "Khu phố chưa có nhà văn hóa, chi đoàn phải mượn nhà dân để sinh hoạt.", "Quận Đoàn sẽ làm việc với UBND phường để ưu tiên bố trí phòng sinh hoạt tại trụ sở khu phố.", "at"),
    (0, "Sân chơi thiếu nhi xuống cấp, không tổ chức được hoạt động hè.", "Ban Thường vụ ghi nhận, sẽ đưa vào kế hoạch công trình thanh niên năm 2021.", "at"),
    (0, "Đề nghị cho chi đoàn mượn hội trường trường học vào cuối tuần.", "Quận Đoàn sẽ phối hợp Phòng Giáo dục và Đào tạo hướng dẫn các trường hỗ trợ.", "at"),
    (0, "Thiếu loa máy, thiết bị phục vụ sinh hoạt ngoài trời.", None, "Phòng Văn hóa và Thông tin Quận"),
    (0, "Điểm sinh hoạt chung với khu phố hay bị trùng lịch họp dân.", "Đề nghị chi đoàn thống nhất lịch với Ban điều hành khu phố; Đoàn Phường theo dõi, hỗ trợ.", "at"),
    (1, "Hoạt động còn đơn điệu, chủ yếu là họp, thanh niên không muốn tham gia.", "Quận Đoàn sẽ xây dựng sổ tay gợi ý hoạt động chi đoàn khu phố và tập huấn trong quý II.", "at"),
    (1, "Đoàn viên muốn có hoạt động thể thao nhưng chi đoàn không có kinh phí.", "Quận Đoàn hỗ trợ tổ chức giải bóng đá thanh niên khu phố cấp phường từ tháng 5.", "at"),
    (1, "Đề nghị có chương trình giao lưu giữa các chi đoàn khu phố.", "Ban Thường vụ tiếp thu, sẽ tổ chức ngày hội chi đoàn khu phố vào tháng Thanh niên năm sau.", "at"),
    (1, "Sinh hoạt vào buổi tối trùng giờ đi làm thêm của nhiều bạn.", "Chi đoàn nên linh hoạt lịch sinh hoạt, kết hợp sinh hoạt trực tuyến khi cần.", "at"),
    (1, "Cần mẫu kế hoạch hoạt động cho chi đoàn mới thành lập.", None, None),
    (2, "Khó vận động thanh niên công nhân ở trọ tham gia sinh hoạt.", "Quận Đoàn phối hợp Đoàn các công ty, tổ chức hoạt động tại khu nhà trọ vào ngày nghỉ.", "at"),
    (2, "Thanh niên khu phố chủ yếu đi học, đi làm xa, khó liên lạc.", "Đề nghị chi đoàn lập nhóm Zalo, Facebook của khu phố để thông tin thường xuyên.", "at"),
    (2, "Bí thư chưa được tập huấn kỹ năng vận động, thuyết phục thanh niên.", "Quận Đoàn mở lớp tập huấn kỹ năng cho Bí thư chi đoàn khu phố trong tháng 6.", "at"),
    (2, "Khu phố có nhiều chung cư, khó tiếp cận thanh niên trong chung cư.", "Ban Thường vụ sẽ làm việc với Ban quản lý các chung cư để hỗ trợ chi đoàn.", "writing"),
    (3, "Số đoàn viên thực tế sinh hoạt ít hơn nhiều so với danh sách.", "Đề nghị chi đoàn rà soát, cập nhật danh sách; Đoàn Phường hỗ trợ chuyển sinh hoạt.", "at"),
    (3, "Nhiều đoàn viên đã chuyển đi nhưng chưa làm thủ tục chuyển sinh hoạt.", "Quận Đoàn sẽ ban hành hướng dẫn rà soát đoàn viên, hoàn thành trong quý II.", "at"),
    (3, "Đoàn viên sinh hoạt nơi cư trú chưa được quản lý chặt chẽ.", "Đề nghị chi đoàn lập sổ theo dõi riêng; Quận Đoàn sẽ hướng dẫn mẫu sổ.", "at"),
    (3, "Đề nghị có phần mềm quản lý đoàn viên thay cho sổ giấy.", "Quận Đoàn đang triển khai ứng dụng quản lý đoàn viên, sẽ tập huấn sử dụng.", "at"),
    (4, "Bí thư chi đoàn khu phố không có phụ cấp, khó giữ chân cán bộ.", "Ban Thường vụ ghi nhận, sẽ kiến nghị Quận ủy, UBND Quận xem xét chế độ hỗ trợ.", "at"),
    (4, "Đề nghị hỗ trợ chi phí điện thoại, đi lại cho Bí thư.", None, "UBND Quận Tân Bình"),
    (4, "Cán bộ chi đoàn kiêm nhiều việc ở khu phố, quá tải.", "Đề nghị chi đoàn kiện toàn Ban Chấp hành, phân công cụ thể cho các Phó Bí thư.", "at"),
    (4, "Đề nghị khen thưởng kịp thời các Bí thư làm tốt.", "Quận Đoàn sẽ đưa tiêu chí vào đợt tuyên dương “3 nắm, 3 biết, 3 làm” hằng năm.", "at"),
    (4, "Chưa có chính sách cho Bí thư khi hết tuổi Đoàn.", None, "assign"),
    (5, "Khó phát triển đoàn viên mới vì thanh niên ngại thủ tục.", "Quận Đoàn sẽ hướng dẫn rút gọn hồ sơ kết nạp theo quy định mới.", "at"),
    (5, "Chưa có lớp bồi dưỡng nhận thức về Đoàn cho thanh niên khu phố.", "Quận Đoàn tổ chức lớp bồi dưỡng theo cụm phường, mỗi quý một lớp.", "at"),
    (5, "Thanh niên ưu tú trong khu phố phần lớn đã là đoàn viên ở trường.", "Đề nghị chi đoàn tập trung vận động thanh niên lao động tự do, công nhân.", "at"),
    (5, "Đề nghị giao chỉ tiêu kết nạp phù hợp với từng khu phố.", "Ban Thường vụ sẽ điều chỉnh chỉ tiêu theo số thanh niên thực tế của từng khu phố.", "writing"),
    (6, "Chi đoàn khu phố ít đoàn viên đủ điều kiện giới thiệu cho Đảng.", "Đề nghị chi đoàn phát hiện, bồi dưỡng đoàn viên ưu tú từ các phong trào tại khu phố.", "at"),
    (6, "Chi bộ khu phố chưa phối hợp chặt chẽ với chi đoàn trong công tác phát triển Đảng.", "Quận Đoàn sẽ báo cáo Ban Tuyên giáo Quận ủy để có hướng dẫn phối hợp.", "at"),
    (6, "Thủ tục giới thiệu đoàn viên ưu tú còn phức tạp.", "Quận Đoàn sẽ in tài liệu hướng dẫn quy trình và gửi các chi đoàn.", "at"),
    (7, "Đề nghị hỗ trợ kinh phí hoạt động hè cho thiếu nhi.", "Quận Đoàn hỗ trợ mỗi phường kinh phí tổ chức hoạt động hè năm 2021.", "at"),
    (7, "Đề nghị cấp tài liệu sinh hoạt chi đoàn hằng tháng.", "Quận Đoàn gửi tài liệu sinh hoạt chủ điểm hằng tháng qua nhóm Zalo Bí thư.", "at"),
    (7, "Đề nghị sửa chữa đèn chiếu sáng hẻm để thanh niên tổ chức hoạt động buổi tối.", None, "UBND Phường 15"),
    (7, "Đề nghị hỗ trợ áo thanh niên tình nguyện cho đoàn viên khu phố.", "Ban Thường vụ tiếp thu, sẽ hỗ trợ trong chiến dịch Mùa hè xanh.", "writing"),
    (7, "Đề nghị Quận Đoàn hỗ trợ tủ sách cho chi đoàn khu phố.", None, None),
]  # fmt: skip
assert len(SPOKEN) == 35 and len({t for t, *_ in SPOKEN}) == 8


def default_themes() -> list[Theme]:
    """The 2021 themes, made if missing (an edited theme under a new name is left alone).

    Seeding, like migration 0002 that made them: no actor, so not through a service.
    """
    return [
        Theme.objects.get_or_create(name=name, defaults={"order": order})[0]
        for order, name in enumerate(THEMES_2021, start=1)
    ]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


@transaction.atomic
def seed(*, stdout) -> None:
    top = Unit.objects.filter(code=TOP_CODE).first()
    if top is None:
        return
    staff = get_user_model().objects.filter(username=STAFF_USERNAME).first()
    themes = default_themes()
    event = Event.objects.filter(title=CONFERENCE, organiser=top).first()
    if event is None:
        event = create_event(
            by=staff, organiser=top, kind=EventKind.DIALOGUE, title=CONFERENCE,
            starts_at=CONFERENCE_AT, ends_at=CONFERENCE_AT + timedelta(hours=3, minutes=30),
            venue="Hội trường Trung tâm Văn hóa Quận Tân Bình",
            description="Hội nghị đối thoại giữa Ban Thường vụ Quận Đoàn Tân Bình với Bí thư "
            "các chi đoàn khu phố, lắng nghe khó khăn, kiến nghị và trả lời trực tiếp.",
            agenda=AGENDA, digest_number=25, digest_signer_title="BÍ THƯ",
            digest_signer_name="Trần Quốc Mẫu",
        )  # fmt: skip
    rng = random.Random(2021)  # noqa: S311 (demo data, not security)
    invite_neighbourhood_branches(event, by=staff)
    for name, position, organisation in GUESTS:
        if not event.invitations.filter(guest_name=name).exists():
            invite_guest(event, by=staff, name=name, position=position, organisation=organisation)
    _replies_and_check_in(event, staff, rng)
    survey = _conference_survey(event, staff)
    _responses(survey, staff, rng)
    _opinions(event, survey, themes, staff, rng)
    _training(top, staff)
    invited = event.invitations.filter(unit__isnull=False).count()
    stdout.write(
        f"Events: “{event.title[:40]}…” with {invited} invited branches, "
        f"{survey.responses.count()} survey responses, {event.opinions.count()} opinions."
    )


def _replies_and_check_in(event: Event, staff, rng: random.Random) -> None:
    if event.invitations.exclude(reply="pending").exists():
        return
    replied_at = CONFERENCE_AT - timedelta(days=3)
    for invitation in event.invitations.select_related("unit").order_by("pk"):
        attending = invitation.is_guest or rng.random() < 0.9
        reply_to_invitation(invitation, by=staff, attending=attending, at=replied_at)
        if attending and rng.random() < 0.95:
            minutes = rng.randint(-30, 10)
            check_in(invitation, by=staff, at=CONFERENCE_AT + timedelta(minutes=minutes))


def _conference_survey(event: Event, staff) -> Survey:
    survey = event.surveys.filter(title=SURVEY).first()
    if survey is not None:
        return survey
    survey = create_survey(
        event, by=staff, title=SURVEY,
        intro="Kính gửi các đồng chí Bí thư chi đoàn khu phố: để hội nghị đối thoại đi vào các "
        "vấn đề thiết thực, đề nghị các đồng chí trả lời phiếu khảo sát trước ngày 31/3/2021.",
        opens_at=datetime(2021, 3, 15, 8, 0, tzinfo=TZ),
        closes_at=datetime(2021, 3, 31, 23, 59, tzinfo=TZ),
    )  # fmt: skip
    spec = [
        (QuestionKind.NUMBER, "Số đoàn viên chi đoàn đang quản lý", True, [], ""),
        (QuestionKind.NUMBER, "Số thanh niên trên địa bàn tham gia sinh hoạt", False, [], "Ước tính"),
        (QuestionKind.SINGLE_CHOICE, "Chi đoàn có địa điểm sinh hoạt ổn định không?", True,
         ["Có, ổn định", "Có nhưng không ổn định", "Chưa có"], ""),
        (QuestionKind.MULTIPLE_CHOICE, "Khó khăn lớn nhất của chi đoàn", True, DIFFICULTIES,
         "Chọn tất cả các ý phù hợp"),
        (QuestionKind.SCALE, "Mức độ hài lòng với sự hỗ trợ của Đoàn Phường", True, [], ""),
        (QuestionKind.MULTIPLE_CHOICE, "Hình thức hoạt động đoàn viên mong muốn", False, ACTIVITIES, ""),
        (QuestionKind.LONG_TEXT, "Kiến nghị, đề xuất với Ban Thường vụ Quận Đoàn", False, [], ""),
        (QuestionKind.LONG_TEXT, "Câu hỏi muốn đặt ra tại hội nghị", False, [], ""),
    ]  # fmt: skip
    for kind, text, required, choices, help_text in spec:
        add_question(
            survey, by=staff, kind=kind, text=text, required=required, choices=choices,
            help_text=help_text,
        )  # fmt: skip
    return survey


def _responses(survey: Survey, staff, rng: random.Random) -> None:
    if survey.responses.exists():
        return
    questions = list(survey.questions.all())
    invitations = list(
        survey.event.invitations.filter(unit__isnull=False).select_related("unit").order_by("pk")
    )
    chosen = rng.sample(invitations, 100)
    # The demo secretary of Khu phố 3 (Phường 10) answered, so their page has something to show.
    kp3 = next((i for i in invitations if i.unit.code == "dp-10-kp-3"), None)
    if kp3 is not None and kp3 not in chosen:
        chosen[0] = kp3
    for n, invitation in enumerate(chosen):
        answers = {
            questions[0].pk: str(rng.randint(8, 45)),
            questions[1].pk: str(rng.randint(20, 160)),
            questions[2].pk: rng.choices(questions[2].choices, weights=[5, 3, 2])[0],
            questions[3].pk: rng.sample(DIFFICULTIES, rng.randint(1, 3)),
            questions[4].pk: str(rng.choices([2, 3, 4, 5], weights=[1, 3, 5, 3])[0]),
            questions[5].pk: rng.sample(ACTIVITIES, rng.randint(1, 3)),
            questions[6].pk: rng.choice(PROPOSALS) if rng.random() < 0.7 else "",
            questions[7].pk: rng.choice(QUESTIONS) if rng.random() < 0.3 else "",
        }
        at = survey.opens_at + timedelta(hours=2 + n * 3)
        # District staff type the paper forms in; the unit's secretary could do the same.
        submit_response(survey, by=staff, unit=invitation.unit, answers=answers, at=at)


def _opinions(event: Event, survey: Survey, themes: list[Theme], staff, rng: random.Random) -> None:
    if event.opinions.exists():
        return
    units = list(
        Unit.objects.filter(invitations__event=event).select_related("parent").order_by("path")
    )
    answered_at = CONFERENCE_AT + timedelta(hours=2)
    spoken = []
    for theme_index, content, answer, how in SPOKEN:
        unit = rng.choice(units)
        opinion = record_opinion(
            event, by=staff, source=OpinionSource.SPOKEN, theme=themes[theme_index],
            content=content, raised_by_unit=unit, speaker=f"Đ/c {_name(rng)}",
        )  # fmt: skip
        spoken.append(opinion)
        if answer and how in ("at", "writing"):
            channel = AnswerChannel.AT_CONFERENCE if how == "at" else AnswerChannel.IN_WRITING
            when = answered_at if how == "at" else answered_at + timedelta(days=20)
            answer_opinion(opinion, by=staff, answer=answer, channel=channel, at=when)
        elif how == "assign":
            assign_opinion(
                opinion, by=staff, assignee=staff, due_on=timezone.localdate() + timedelta(days=30)
            )
        elif how:
            forward_opinion(
                opinion, by=staff, forwarded_to=how,
                note="Quận Đoàn đã chuyển kiến nghị bằng văn bản và sẽ thông tin kết quả.",
            )  # fmt: skip
    # From the survey: the proposals about venues and allowances, two merged into spoken ones.
    proposal_q = survey.questions.get(text="Kiến nghị, đề xuất với Ban Thường vụ Quận Đoàn")
    answers = proposal_q.answers.exclude(text="").select_related(
        "response__survey", "response__unit"
    )
    venue = [a for a in answers if "phòng sinh hoạt" in a.text][:3]
    allowance = [a for a in answers if "phụ cấp" in a.text][:3]
    opinions_from_answers(venue, by=staff, event=event, theme=themes[0])
    opinions_from_answers(allowance, by=staff, event=event, theme=themes[4])
    from_survey = list(event.opinions.filter(source=OpinionSource.SURVEY).order_by("pk"))
    if len(from_survey) >= 2:
        merge_opinions(from_survey[:1], by=staff, into=spoken[0])
        merge_opinions(from_survey[-1:], by=staff, into=spoken[18])


def _training(top: Unit, staff) -> None:
    """An event still to come, with its survey open now: what a secretary sees on their phone."""
    event = Event.objects.filter(title=TRAINING, organiser=top).first()
    if event is None:
        starts = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
        event = create_event(
            by=staff, organiser=top, kind=EventKind.TRAINING, title=TRAINING,
            starts_at=starts + timedelta(days=21), ends_at=starts + timedelta(days=21, hours=4),
            venue="Hội trường Quận Đoàn Tân Bình",
        )  # fmt: skip
        invite_neighbourhood_branches(event, by=staff)
    if not event.surveys.exists():
        now = timezone.now()
        survey = create_survey(
            event, by=staff, title=TRAINING_SURVEY,
            intro="Các đồng chí cho biết nội dung muốn được tập huấn.",
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=14),
        )  # fmt: skip
        add_question(survey, by=staff, kind=QuestionKind.SINGLE_CHOICE, required=True,
                     text="Đồng chí đã làm Bí thư chi đoàn được bao lâu?",
                     choices=["Dưới 1 năm", "Từ 1 đến 3 năm", "Trên 3 năm"])  # fmt: skip
        add_question(survey, by=staff, kind=QuestionKind.MULTIPLE_CHOICE, required=True,
                     text="Nội dung muốn được tập huấn", help_text="Chọn tối đa 3 nội dung", max_choices=3,
                     choices=["Tổ chức sinh hoạt chi đoàn", "Kỹ năng vận động thanh niên",
                              "Quản lý đoàn viên", "Truyền thông trên mạng xã hội"])  # fmt: skip
        add_question(survey, by=staff, kind=QuestionKind.NUMBER, required=True,
                     text="Số đoàn viên của chi đoàn")  # fmt: skip
        add_question(survey, by=staff, kind=QuestionKind.SCALE,
                     text="Đồng chí tự đánh giá kỹ năng tổ chức hoạt động")  # fmt: skip
        add_question(survey, by=staff, kind=QuestionKind.LONG_TEXT,
                     text="Câu hỏi gửi báo cáo viên")  # fmt: skip


@transaction.atomic
def reset() -> None:
    events = Event.objects.filter(title__in=[CONFERENCE, TRAINING])
    opinions = Opinion.objects.filter(event__in=events)
    OpinionTransition.objects.filter(opinion__in=opinions).delete()
    opinions.update(merged_into=None)
    opinions.delete()
    Response.objects.filter(survey__event__in=events).delete()  # answers cascade
    surveys = Survey.objects.filter(event__in=events)
    for survey in surveys:
        survey.questions.all().delete()
    surveys.delete()
    Invitation.objects.filter(event__in=events).delete()
    events.delete()
