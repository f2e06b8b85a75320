"""Every writing service refuses a caller without the right (PermissionDenied) and changes nothing.

One test per service module, each trying all the module's writing services; the last test fails if
a service module gains a writing service (one taking `by`) that has no case here.
"""

import inspect
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from commendations.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    Decision,
    EvidenceFile,
    Honour,
    Nomination,
    NominationTransition,
    Round,
)
from commendations.services import criteria, decisions, nominations, reviews, rounds
from commendations.services.nominations import SelfAssessment, add_evidence_file
from commendations.services.reviews import Review
from commendations.services.rounds import HonourSpec

PDF = b"%PDF-1.4\n%%EOF\n"


def _snapshot() -> tuple:
    """Everything the services write, as comparable values."""
    return (
        list(Round.objects.values_list("pk", "version", "title", "status", "background_image")),
        list(Honour.objects.values_list("pk", "version", "title", "quota")),
        list(Nomination.objects.values_list("pk", "version", "status", "summary")),
        list(Assessment.objects.values_list("pk", "self_met", "verdict")),
        list(EvidenceFile.objects.values_list("pk", "removed_at")),
        NominationTransition.objects.count(),
        list(CriteriaSet.objects.values_list("pk", "lock_version", "name", "is_active")),
        list(Criterion.objects.values_list("pk", "version", "title")),
        list(Decision.objects.values_list("pk", "version", "status")),
    )


def _refused(calls) -> None:
    for name, call in calls.items():
        before = _snapshot()
        with pytest.raises(PermissionDenied):
            call()
        assert _snapshot() == before, name


CASES: dict[str, set[str]] = {}


def _cases(module):
    def register(test):
        CASES[module.__name__] = set(test.__doc__.split(":", 1)[1].split())
        return test

    return register


@_cases(rounds)
def test_round_services_refuse_a_branch_secretary(round_, branch_secretary, criteria_set):
    """Services: open_round update_round close_round update_honour set_round_images"""
    honour = round_.honours.first()
    _refused({
        "open_round": lambda: rounds.open_round(
            by=branch_secretary, title="X", year=2021, criteria_set=criteria_set,
            opens_on=date(2022, 1, 1), closes_on=date(2022, 2, 1),
            honours=[HonourSpec("Chi đoàn mạnh", "branch", "Chi đoàn")],
        ),
        "update_round": lambda: rounds.update_round(
            round_, by=branch_secretary, title="X", year=2021, opens_on=round_.opens_on,
            closes_on=round_.closes_on, status="closed",
        ),
        "close_round": lambda: rounds.close_round(round_, by=branch_secretary),
        "update_honour": lambda: rounds.update_honour(
            honour, by=branch_secretary, title="X", list_heading="Y", quota=1, order=1
        ),
        "set_round_images": lambda: rounds.set_round_images(
            round_, by=branch_secretary, background=SimpleUploadedFile("nen.png", PDF)
        ),
    })  # fmt: skip


@_cases(nominations)
def test_nomination_services_refuse_an_outsider(branch_nomination, tree, round_, outsider):
    """Services: nominate save_scorecard submit_nomination add_evidence_file remove_evidence_file"""
    assessment = branch_nomination.assessments.first()
    evidence = add_evidence_file(
        assessment, by=None, upload=SimpleUploadedFile("bien-ban.pdf", PDF)
    )
    _refused({
        "nominate": lambda: nominations.nominate(tree.a2, by=outsider, round=round_),
        "save_scorecard": lambda: nominations.save_scorecard(
            branch_nomination, by=outsider, items={assessment.criterion_id: SelfAssessment(True)},
            summary="X",
        ),
        "submit_nomination": lambda: nominations.submit_nomination(branch_nomination, by=outsider),
        "add_evidence_file": lambda: nominations.add_evidence_file(
            assessment, by=outsider, upload=SimpleUploadedFile("x.pdf", PDF)
        ),
        "remove_evidence_file": lambda: nominations.remove_evidence_file(evidence, by=outsider),
    })  # fmt: skip


@_cases(reviews)
def test_review_services_refuse_the_branch_secretary(
    branch_nomination, branch_secretary, ward_secretary
):
    """Services: endorse_nomination return_nomination review_nomination"""
    nominations.submit_nomination(branch_nomination, by=branch_secretary)
    verdicts = {a.criterion_id: Review("met") for a in branch_nomination.assessments.all()}
    _refused({
        "endorse_nomination": lambda: reviews.endorse_nomination(
            branch_nomination, by=branch_secretary
        ),
        "return_nomination": lambda: reviews.return_nomination(
            branch_nomination, by=branch_secretary, note="X"
        ),
        "review_nomination": lambda: reviews.review_nomination(
            branch_nomination, by=ward_secretary, outcome="approved", verdicts=verdicts
        ),
    })  # fmt: skip


def test_after_endorsement_only_the_district_may_return_a_branch_nomination(
    branch_nomination, branch_secretary, ward_secretary
):
    nominations.submit_nomination(branch_nomination, by=branch_secretary)
    reviews.endorse_nomination(branch_nomination, by=ward_secretary)
    _refused({
        "return_nomination": lambda: reviews.return_nomination(
            branch_nomination, by=ward_secretary, note="X"
        ),
    })  # fmt: skip


@_cases(decisions)
def test_decision_services_refuse_a_grassroots_secretary(decision, round_, ward_secretary):
    """Services: issue_decision revoke_decision"""
    _refused({
        "issue_decision": lambda: decisions.issue_decision(
            round_, by=ward_secretary, number=40, signed_on=date(2021, 5, 1), signer_name="X",
            subject="Y",
        ),
        "revoke_decision": lambda: decisions.revoke_decision(
            decision, by=ward_secretary, reason="X"
        ),
    })  # fmt: skip


@_cases(criteria)
def test_criteria_services_refuse_a_grassroots_secretary(criteria_set, ward_secretary):
    """Services: create_criteria_version update_criteria_set add_criterion update_criterion
    remove_criterion"""
    criterion = criteria_set.criteria.first()
    _refused({
        "create_criteria_version": lambda: criteria.create_criteria_version(
            criteria_set, by=ward_secretary
        ),
        "update_criteria_set": lambda: criteria.update_criteria_set(
            criteria_set, by=ward_secretary, name="X", year=None, source="", is_active=False
        ),
        "add_criterion": lambda: criteria.add_criterion(
            criteria_set, by=ward_secretary, group="nam", code="N9", title="X"
        ),
        "update_criterion": lambda: criteria.update_criterion(
            criterion, by=ward_secretary, group="nam", code="N1", title="X"
        ),
        "remove_criterion": lambda: criteria.remove_criterion(criterion, by=ward_secretary),
    })  # fmt: skip


def _writing_services(module) -> set[str]:
    names = set()
    for name, function in inspect.getmembers(module, inspect.isfunction):
        own = function.__module__ == module.__name__ and not name.startswith("_")
        if own and "by" in inspect.signature(function).parameters:
            names.add(name)
    return names


@pytest.mark.parametrize("module", [rounds, nominations, reviews, decisions, criteria])
def test_every_writing_service_of_the_module_is_tried_above(module):
    # move_nomination is the status mover the services call after their own checks.
    assert _writing_services(module) - {"move_nomination"} == CASES[module.__name__]
