"""A round of the "3 nắm, 3 biết, 3 làm" commendation on the shared test tree."""

from datetime import date

import pytest

from branches.models import UnitLevel
from commendations.models import Round, Verdict
from commendations.services.criteria import ensure_default_criteria_set
from commendations.services.nominations import nominate
from commendations.services.reviews import Review
from commendations.services.rounds import HonourSpec, open_round

HONOURS = [
    HonourSpec("Đoàn cơ sở mạnh tiêu biểu", UnitLevel.GRASSROOTS_UNION, "Đoàn cơ sở"),
    HonourSpec("Chi đoàn cơ sở mạnh tiêu biểu", UnitLevel.GRASSROOTS_BRANCH, "Chi đoàn cơ sở"),
    HonourSpec("Chi đoàn mạnh tiêu biểu", UnitLevel.BRANCH, "Chi đoàn trực thuộc", quota=40),
]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def criteria_set(db):
    return ensure_default_criteria_set()


@pytest.fixture
def round_(tree, criteria_set):
    return open_round(
        by=None,
        title="Tuyên dương chi đoàn mạnh tiêu biểu năm 2020",
        year=2020,
        criteria_set=criteria_set,
        opens_on=date(2021, 1, 4),
        closes_on=date(2021, 3, 15),
        honours=HONOURS,
    )


@pytest.fixture
def current_round(round_):
    """The same round, taking nominations today (opened a week ago, closing in a week)."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    Round.objects.filter(pk=round_.pk).update(
        opens_on=today - timedelta(days=7), closes_on=today + timedelta(days=7)
    )
    round_.refresh_from_db()
    return round_


@pytest.fixture
def branch_nomination(round_, tree):
    """Chi đoàn Khu phố 3 (branch A1 under Đoàn Phường 10), a draft."""
    return nominate(tree.a1, by=None, round=round_)


@pytest.fixture
def ward_nomination(round_, tree):
    """Đoàn Phường 10 (a grassroots union): no endorsement step."""
    return nominate(tree.a, by=None, round=round_)


@pytest.fixture
def outsider_nomination(round_, tree):
    """Chi đoàn Khu phố 1 under Đoàn Phường 11: the outsider's own branch."""
    return nominate(tree.b1, by=None, round=round_)


def all_met(nomination) -> dict:
    return {a.criterion_id: Review(Verdict.MET, "Đạt") for a in nomination.assessments.all()}


def approve(nomination, *, staff):
    """Take a draft all the way to approved, through the services."""
    from commendations.services.nominations import submit_nomination
    from commendations.services.reviews import endorse_nomination, review_nomination

    submit_nomination(nomination, by=None)
    if nomination.needs_endorsement:
        endorse_nomination(nomination, by=None)
    return review_nomination(nomination, by=staff, outcome="approved", verdicts=all_met(nomination))


@pytest.fixture
def decision(round_, tree, branch_nomination, ward_nomination, district_staff):
    """Decision 12-QĐ/QĐTB of 06/04/2021 commending Đoàn Phường 10, Chi đoàn Công an Quận and
    Chi đoàn Khu phố 3."""
    from commendations.services.decisions import issue_decision

    approve(branch_nomination, staff=district_staff)
    approve(ward_nomination, staff=district_staff)
    approve(nominate(tree.g, by=None, round=round_), staff=district_staff)
    return issue_decision(
        round_,
        by=district_staff,
        number=12,
        signed_on=date(2021, 4, 6),
        signer_name="Nguyễn Văn Ký",
        subject="Về việc tuyên dương chi đoàn mạnh tiêu biểu năm 2020",
    )
