"""Demo commendation round: "3 nắm, 3 biết, 3 làm" 2020, about 70 nominations in mixed states and
the decision of 06/04/2021 with 47 awards (13 đoàn cơ sở, 02 chi đoàn cơ sở, 32 chi đoàn trực thuộc),
as Tân Bình commended in 2021. Called by `manage.py seed_demo` after the demo tree exists.

Idempotent: the round is found by its title, nominations by (round, unit); only what is missing is
made. Every change goes through the services, with no acting user (`by=None`: the system).
"""

import random
from datetime import date

from django.db.models import Q

from branches.models import Unit, UnitArea, UnitLevel
from commendations.models import (
    Award,
    Decision,
    EvidenceFile,
    Nomination,
    NominationStatus,
    NominationTransition,
    Round,
    Verdict,
    VerificationCheck,
)
from commendations.services.criteria import ensure_default_criteria_set
from commendations.services.decisions import issue_decision
from commendations.services.nominations import (
    SelfAssessment,
    nominate,
    save_scorecard,
    submit_nomination,
)
from commendations.services.reviews import (
    Review,
    endorse_nomination,
    return_nomination,
    review_nomination,
)
from commendations.services.rounds import HonourSpec, open_round

ROUND_TITLE = (
    "Tuyên dương Đoàn cơ sở, Chi đoàn cơ sở, chi đoàn mạnh tiêu biểu theo tiêu chí "
    "3 nắm, 3 biết, 3 làm năm 2020"
)
DECISION = {
    "number": 123,
    "signed_on": date(2021, 4, 6),
    "signer_name": "Trần Quốc Mẫu",
    "signer_title": "BÍ THƯ",
    "on_behalf": "TM. BAN THƯỜNG VỤ",
    "subject": (
        "Về việc tuyên dương Đoàn cơ sở, Chi đoàn cơ sở, chi đoàn mạnh tiêu biểu "
        "thực hiện tiêu chí “3 nắm, 3 biết, 3 làm” năm 2020"
    ),
}
HONOURS = [
    HonourSpec("Đoàn cơ sở mạnh tiêu biểu", UnitLevel.GRASSROOTS_UNION, "Đoàn cơ sở"),
    HonourSpec("Chi đoàn cơ sở mạnh tiêu biểu", UnitLevel.GRASSROOTS_BRANCH, "Chi đoàn cơ sở"),
    HonourSpec("Chi đoàn mạnh tiêu biểu", UnitLevel.BRANCH, "Chi đoàn trực thuộc", quota=35),
]
S = NominationStatus
# (level, how many end in each state). Approved: exactly 13 + 2 + 32 = 47.
PLAN = {
    UnitLevel.GRASSROOTS_UNION: {S.APPROVED: 13, S.REJECTED: 1, S.SUBMITTED: 1, S.RETURNED: 1},
    UnitLevel.GRASSROOTS_BRANCH: {S.APPROVED: 2},
    UnitLevel.BRANCH: {
        S.APPROVED: 32,
        S.REJECTED: 4,
        S.ENDORSED: 4,
        S.SUBMITTED: 4,
        S.RETURNED: 3,
        S.DRAFT: 5,
    },
}
# The demo accounts' units: Đoàn Phường 10 and Chi đoàn Khu phố 3 are commended; Khu phố 1 of
# Phường 11 has a draft its secretary can fill in.
PINNED = {"dp-10": S.APPROVED, "dp-10-kp-3": S.APPROVED, "dp-11-kp-1": S.DRAFT}
EVIDENCE = {
    "N1": "Sổ đoàn viên cập nhật đến tháng 12/2020; hồ sơ từng đoàn viên đầy đủ.",
    "N2": "Danh sách thanh niên, thiếu nhi trên địa bàn do tổ dân phố cung cấp, cập nhật quý IV.",
    "N3": "Báo cáo tình hình khu phố trình bày tại sinh hoạt chi đoàn hằng quý.",
    "B1": "Tổ chức học tập nghị quyết của chi bộ và Đoàn cấp trên cho đoàn viên.",
    "B2": "Chương trình công tác năm 2020 được thông qua tại hội nghị chi đoàn.",
    "B3": "Khảo sát nhu cầu đoàn viên, thanh niên tháng 3/2020.",
    "L1": "Thực hiện chương trình hành động với 6 công trình, phần việc thanh niên.",
    "L2": "Sinh hoạt chi đoàn đều đặn 12/12 tháng; 4 hoạt động tình nguyện.",
    "L3": "Kết nạp đoàn viên mới, giới thiệu đoàn viên ưu tú cho Đảng.",
}


def _units(top: Unit) -> dict[str, list[Unit]]:
    tree = Unit.objects.below(top).open().select_related("parent")
    return {
        UnitLevel.GRASSROOTS_UNION: sorted(
            tree.filter(level=UnitLevel.GRASSROOTS_UNION), key=lambda u: u.path
        ),
        UnitLevel.GRASSROOTS_BRANCH: sorted(
            tree.filter(level=UnitLevel.GRASSROOTS_BRANCH), key=lambda u: u.path
        ),
        # Neighbourhood branches first: they are the heart of the commendation.
        UnitLevel.BRANCH: sorted(
            tree.filter(level=UnitLevel.BRANCH),
            key=lambda u: (u.area != UnitArea.NEIGHBOURHOOD, u.path),
        ),
    }


def _plan(top: Unit) -> list[tuple[Unit, str]]:
    """Which unit ends in which state: deterministic (a fixed seed), pinned units first."""
    rng = random.Random(2021)
    plan: list[tuple[Unit, str]] = []
    for level, wanted in PLAN.items():
        units = _units(top)[level]
        pinned = [u for u in units if u.code in PINNED]
        others = [u for u in units if u.code not in PINNED]
        rng.shuffle(others)
        remaining = dict(wanted)
        for unit in pinned:
            remaining[PINNED[unit.code]] -= 1
            plan.append((unit, PINNED[unit.code]))
        pool = iter(others)
        for status, count in remaining.items():
            for _ in range(count):
                unit = next(pool, None)
                if unit is not None:
                    plan.append((unit, status))
    return plan


def _fill(nomination: Nomination, *, all_met: bool) -> Nomination:
    items = {
        a.criterion_id: SelfAssessment(
            all_met or a.criterion.code != "L3", EVIDENCE[a.criterion.code]
        )
        for a in nomination.assessments.select_related("criterion")
    }
    return save_scorecard(
        nomination,
        by=None,
        items=items,
        summary="Chi đoàn duy trì sinh hoạt đều đặn, tổ chức nhiều hoạt động thiết thực năm 2020.",
    )


def _verdicts(nomination: Nomination, verdict: str) -> dict:
    return {
        a.criterion_id: Review(verdict, "Đạt" if verdict == Verdict.MET else "Chưa đạt")
        for a in nomination.assessments.all()
    }


def _advance(nomination: Nomination, target: str) -> None:
    """Take a fresh draft to `target` the way people would."""
    if target == S.DRAFT:
        return
    nomination = _fill(nomination, all_met=target != S.REJECTED)
    submit_nomination(nomination, by=None, note="Kính đề nghị xét tuyên dương.")
    if target == S.SUBMITTED:
        return
    if target == S.RETURNED and nomination.needs_endorsement:
        return_nomination(nomination, by=None, note="Đề nghị bổ sung minh chứng tiêu chí L3.")
        return
    if nomination.needs_endorsement:
        endorse_nomination(nomination, by=None, note="Đoàn cơ sở thống nhất đề nghị.")
        if target == S.ENDORSED:
            return
    if target == S.RETURNED:
        review_nomination(
            nomination, by=None, outcome=S.RETURNED, verdicts={}, note="Bổ sung minh chứng L3."
        )
        return
    verdict = Verdict.MET if target == S.APPROVED else Verdict.NOT_MET
    review_nomination(nomination, by=None, outcome=target, verdicts=_verdicts(nomination, verdict))


def seed(*, stdout) -> None:
    top = Unit.objects.filter(code="qdtb").first()
    if top is None:
        return
    criteria_set = ensure_default_criteria_set()
    round_ = Round.objects.filter(title=ROUND_TITLE).first()
    if round_ is None:
        round_ = open_round(
            by=None,
            title=ROUND_TITLE,
            year=2020,
            criteria_set=criteria_set,
            opens_on=date(2021, 1, 4),
            closes_on=date(2021, 3, 15),
            honours=HONOURS,
        )
    has_decision = round_.decisions.filter(status="issued").exists()
    existing = set(Nomination.objects.filter(round=round_).values_list("unit_id", flat=True))
    created = 0
    for unit, target in _plan(top):
        if unit.pk in existing or (has_decision and target == S.APPROVED):
            continue
        _advance(nominate(unit, by=None, round=round_), target)
        created += 1
    if not has_decision:
        issue_decision(round_, by=None, **DECISION)
    decision = round_.decisions.filter(status="issued").first()
    stdout.write(
        f"Commendations: round {round_.year} with {round_.nominations.count()} nominations "
        f"({created} created now); decision {decision.number_display} of "
        f"{decision.signed_on:%d/%m/%Y} with {decision.awards.count()} awards."
    )


def reset() -> None:
    rounds = Round.objects.filter(title=ROUND_TITLE)
    decisions = Decision.objects.filter(round__in=rounds)
    VerificationCheck.objects.filter(award__decision__in=decisions).delete()
    Award.objects.filter(decision__in=decisions).delete()
    decisions.filter(~Q(replaces=None)).delete()
    decisions.delete()
    nominations = Nomination.objects.filter(round__in=rounds)
    for evidence in EvidenceFile.objects.filter(assessment__nomination__in=nominations):
        evidence.file.delete(save=False)
    NominationTransition.objects.filter(nomination__in=nominations).delete()
    nominations.delete()
    for round_ in rounds:
        for image in (round_.background_image, round_.signature_image):
            if image:
                image.delete(save=False)
    rounds.delete()
