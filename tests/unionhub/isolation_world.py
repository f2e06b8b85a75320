"""One of every kind of record, kept under Đoàn Phường 10 (or the district's alone), for the
URL-walking isolation test: the outsider, secretary of a branch of Đoàn Phường 11, may see none.

Built through the services, as the site builds them, on the shared test tree of tests/conftest.py.
"""

from datetime import date, timedelta
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from branches.models import Gender, Role
from branches.services import (
    create_member,
    create_position,
    log_activity,
    log_meeting,
    open_report_period,
    start_unit_report,
    submit_unit_report,
)
from commendations.models import Verdict
from commendations.services.criteria import ensure_default_criteria_set
from commendations.services.decisions import issue_decision
from commendations.services.nominations import add_evidence_file, nominate, submit_nomination
from commendations.services.reviews import Review, endorse_nomination, review_nomination
from commendations.services.rounds import HonourSpec, open_round
from events.models import EventKind, Invitation, OpinionSource, QuestionKind, Theme
from events.services import (
    add_question,
    create_event,
    create_survey,
    invite_guest,
    invite_neighbourhood_branches,
    record_opinion,
)
from unionhub.core.jobs import Job, JobState

PDF = b"%PDF-1.4\n%%EOF\n"


def _records(tree) -> dict:
    member = create_member(tree.a1, by=None, full_name="Trần Thị Mai", gender=Gender.FEMALE)
    period = open_report_period(
        by=None,
        title="Quý I/2021",
        starts_on=date(2021, 1, 1),
        ends_on=date(2021, 3, 31),
        due_on=date(2021, 4, 10),
        units=[tree.a1, tree.a2],
    )
    report = start_unit_report(period, tree.a1, by=None)
    submit_unit_report(report, by=None)
    return {
        "member": member,
        "position": create_position(
            tree.a1, by=None, member=member, role="secretary", started_on=date(2020, 1, 1)
        ),
        "meeting": log_meeting(tree.a1, by=None, held_on=date(2021, 2, 1), topic="Tháng 2"),
        "activity": log_activity(tree.a1, by=None, held_on=date(2021, 2, 2), topic="Tình nguyện"),
        "period": period,
        "report": report,
    }


def _event(tree, ward_secretary) -> dict:
    """A training organised by Đoàn Phường 10 for its own branches, with a survey and opinions."""
    theme, _ = Theme.objects.get_or_create(name="Việc làm", defaults={"order": 1})
    event = create_event(
        by=ward_secretary,
        organiser=tree.a,
        kind=EventKind.TRAINING,
        title="Tập huấn Phường 10",
        starts_at=timezone.now() + timedelta(days=5),
    )
    invite_neighbourhood_branches(event, by=ward_secretary)
    now = timezone.now()
    survey = create_survey(
        event,
        by=ward_secretary,
        title="Khảo sát P10",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=2),
    )
    invitation = Invitation.objects.get(event=event, unit=tree.a1)
    return {
        "theme": theme,
        "event": event,
        "guest": invite_guest(event, by=ward_secretary, name="Nguyễn Văn Khách"),
        "invitation": invitation,
        "survey": survey,
        "question": add_question(
            survey, by=ward_secretary, kind=QuestionKind.LONG_TEXT, text="Đề xuất"
        ),
        "opinion": record_opinion(
            event,
            by=ward_secretary,
            source=OpinionSource.SPOKEN,
            theme=theme,
            content="Thiếu địa điểm",
            raised_by_unit=tree.a1,
        ),
    }


def _commendations(tree, district_staff) -> dict:
    """A round in which Chi đoàn Khu phố 3 was commended, and a second nomination still a draft."""
    criteria_set = ensure_default_criteria_set()
    round_ = open_round(
        by=None,
        title="Tuyên dương chi đoàn mạnh tiêu biểu năm 2020",
        year=2020,
        criteria_set=criteria_set,
        opens_on=date(2021, 1, 4),
        closes_on=date(2099, 3, 15),
        honours=[HonourSpec("Chi đoàn mạnh tiêu biểu", "branch", "Chi đoàn trực thuộc")],
    )
    awarded = nominate(tree.a1, by=None, round=round_)
    submit_nomination(awarded, by=None)
    endorse_nomination(awarded, by=None)
    verdicts = {a.criterion_id: Review(Verdict.MET, "Đạt") for a in awarded.assessments.all()}
    review_nomination(awarded, by=district_staff, outcome="approved", verdicts=verdicts)
    decision = issue_decision(
        round_,
        by=district_staff,
        number=12,
        signed_on=date(2021, 4, 6),
        signer_name="Nguyễn Văn Ký",
        subject="Về việc tuyên dương chi đoàn mạnh tiêu biểu năm 2020",
    )
    draft = nominate(tree.a2, by=None, round=round_)
    assessment = draft.assessments.first()
    evidence = add_evidence_file(
        assessment, by=None, upload=SimpleUploadedFile("bien-ban.pdf", PDF)
    )
    return {
        "criteria_set": criteria_set,
        "criterion": criteria_set.criteria.first(),
        "round": round_,
        "honour": round_.honours.first(),
        "nomination": draft,
        "assessment": assessment,
        "evidence": evidence,
        "decision": decision,
        "award": decision.awards.get(),
    }


def build_world(tree, *, district_staff, ward_secretary, branch_secretary) -> SimpleNamespace:
    """Every kind of record the site has a page for, none of them the outsider's."""
    job = Job.objects.create(
        user=branch_secretary, kind="branches.members", title="Đoàn viên.xlsx", state=JobState.DONE
    )
    from branches.models import Import, ImportKind

    an_import = Import.objects.create(
        kind=ImportKind.MEMBERS, unit=tree.a1, created_by=branch_secretary,
        file="imports/ds.csv", file_name="ds.csv",
    )  # fmt: skip
    return SimpleNamespace(
        tree=tree,
        role=Role.objects.get(user=branch_secretary, unit=tree.a1),
        job=job,
        an_import=an_import,
        **_records(tree),
        **_event(tree, ward_secretary),
        **_commendations(tree, district_staff),
    )
