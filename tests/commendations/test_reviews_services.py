"""The review workflow: the grassroots union endorses or returns, the district decides."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from commendations.models import NominationStatus, NominationTransition
from commendations.services.nominations import SelfAssessment, save_scorecard, submit_nomination
from commendations.services.reviews import (
    endorse_nomination,
    return_nomination,
    review_nomination,
)
from tests.commendations.conftest import all_met

S = NominationStatus


def _scorecard(nomination, met=True):
    return {
        a.criterion_id: SelfAssessment(met, f"Minh chứng {a.criterion.code}")
        for a in nomination.assessments.select_related("criterion")
    }


def test_a_branch_goes_through_its_grassroots_union_then_the_district(
    branch_nomination, branch_secretary, ward_secretary, district_staff
):
    submit_nomination(branch_nomination, by=branch_secretary, note="Kính gửi")
    endorse_nomination(branch_nomination, by=ward_secretary, note="Đề nghị")
    approved = review_nomination(
        branch_nomination,
        by=district_staff,
        outcome=S.APPROVED,
        verdicts=all_met(branch_nomination),
    )
    assert approved.status == S.APPROVED
    log = list(
        NominationTransition.objects.filter(nomination=branch_nomination).values_list(
            "from_status", "to_status", "by__username", "note"
        )
    )
    assert log == [
        (S.DRAFT, S.SUBMITTED, "bithu.kp3", "Kính gửi"),
        (S.SUBMITTED, S.ENDORSED, "bithu.p10", "Đề nghị"),
        (S.ENDORSED, S.APPROVED, "quandoan", ""),
    ]
    assert approved.assessments.filter(verdict="met").count() == 9


def test_the_grassroots_union_returns_a_branch_nomination_and_it_comes_back(
    branch_nomination, branch_secretary, ward_secretary
):
    submit_nomination(branch_nomination, by=branch_secretary)
    returned = return_nomination(branch_nomination, by=ward_secretary, note="Bổ sung minh chứng L2")
    assert returned.status == S.RETURNED
    save_scorecard(returned, by=branch_secretary, items=_scorecard(returned))
    assert submit_nomination(returned, by=branch_secretary).status == S.SUBMITTED


def test_returning_needs_a_reason(branch_nomination, branch_secretary, ward_secretary):
    submit_nomination(branch_nomination, by=branch_secretary)
    with pytest.raises(ValidationError):
        return_nomination(branch_nomination, by=ward_secretary, note="  ")
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.SUBMITTED


@pytest.mark.parametrize("outcome", [S.APPROVED, S.REJECTED, S.RETURNED])
def test_district_staff_decide_an_endorsed_branch_nomination(
    outcome, branch_nomination, branch_secretary, ward_secretary, district_staff
):
    submit_nomination(branch_nomination, by=branch_secretary)
    endorse_nomination(branch_nomination, by=ward_secretary)
    done = review_nomination(
        branch_nomination,
        by=district_staff,
        outcome=outcome,
        verdicts=all_met(branch_nomination),
        note="Nhận xét",
    )
    assert done.status == outcome


@pytest.mark.parametrize("outcome", [S.APPROVED, S.REJECTED, S.RETURNED])
def test_a_grassroots_union_nomination_goes_straight_to_district_review(
    outcome, ward_nomination, ward_secretary, district_staff
):
    submit_nomination(ward_nomination, by=ward_secretary)
    done = review_nomination(
        ward_nomination,
        by=district_staff,
        outcome=outcome,
        verdicts=all_met(ward_nomination),
        note="x",
    )
    assert done.status == outcome


def test_a_grassroots_union_nomination_cannot_be_endorsed(ward_nomination, ward_secretary):
    submit_nomination(ward_nomination, by=ward_secretary)
    with pytest.raises((PermissionDenied, ValidationError)):
        endorse_nomination(ward_nomination, by=ward_secretary)


def test_district_staff_cannot_approve_a_branch_nomination_before_endorsement(
    branch_nomination, branch_secretary, district_staff
):
    submit_nomination(branch_nomination, by=branch_secretary)
    # District staff hold the right to review; the workflow refuses it before endorsement.
    with pytest.raises(ValidationError) as caught:
        review_nomination(
            branch_nomination,
            by=district_staff,
            outcome=S.APPROVED,
            verdicts=all_met(branch_nomination),
        )
    assert gettext("This branch's nomination has not been endorsed yet.") in str(caught.value)
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.SUBMITTED


@pytest.mark.parametrize("stage", ["submitted", "endorsed"])
def test_a_branch_secretary_can_never_approve(
    stage, branch_nomination, branch_secretary, ward_secretary
):
    submit_nomination(branch_nomination, by=branch_secretary)
    if stage == "endorsed":
        endorse_nomination(branch_nomination, by=ward_secretary)
    with pytest.raises(PermissionDenied):
        review_nomination(
            branch_nomination,
            by=branch_secretary,
            outcome=S.APPROVED,
            verdicts=all_met(branch_nomination),
        )
    with pytest.raises(PermissionDenied):
        endorse_nomination(branch_nomination, by=branch_secretary)
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == stage


def test_a_grassroots_union_secretary_cannot_approve(
    branch_nomination, branch_secretary, ward_secretary
):
    submit_nomination(branch_nomination, by=branch_secretary)
    endorse_nomination(branch_nomination, by=ward_secretary)
    with pytest.raises(PermissionDenied):
        review_nomination(
            branch_nomination,
            by=ward_secretary,
            outcome=S.APPROVED,
            verdicts=all_met(branch_nomination),
        )


def test_approving_needs_a_verdict_on_every_criterion(
    ward_nomination, ward_secretary, district_staff
):
    submit_nomination(ward_nomination, by=ward_secretary)
    verdicts = all_met(ward_nomination)
    verdicts.popitem()
    with pytest.raises(ValidationError):
        review_nomination(ward_nomination, by=district_staff, outcome=S.APPROVED, verdicts=verdicts)
    ward_nomination.refresh_from_db()
    assert ward_nomination.status == S.SUBMITTED
