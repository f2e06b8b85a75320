"""Decisions: the next free number, awards with register numbers and codes, revoke and reissue."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commendations.models import Award, Decision, DecisionStatus
from commendations.services.decisions import (
    issue_decision,
    next_decision_number,
    revoke_decision,
)
from tests.commendations.conftest import approve


def test_the_next_number_is_one_more_than_the_largest_of_the_year(decision, tree):
    assert next_decision_number(issuer=tree.top, year=2021) == 13
    assert next_decision_number(issuer=tree.top, year=2022) == 1


def test_issuing_turns_approved_nominations_into_awards_in_list_order(decision):
    awards = list(decision.awards.order_by("sequence"))
    assert decision.number_display == "12-QĐ/QĐTB"
    assert [a.recipient_name for a in awards] == [
        "Đoàn Phường 10",
        "Chi đoàn Công an Quận",
        "Chi đoàn Khu phố 3",
    ]
    assert [a.register_number for a in awards] == [
        "12.01/QĐTB-TD",
        "12.02/QĐTB-TD",
        "12.03/QĐTB-TD",
    ]
    assert awards[2].recipient_line == "Chi đoàn Khu phố 3 – Đoàn Phường 10"
    assert awards[0].recipient_line == "Đoàn Phường 10"
    codes = {a.verification_code for a in awards}
    assert len(codes) == 3 and all(len(code) >= 20 for code in codes)


def test_a_number_already_used_that_year_is_refused(decision, round_, tree, district_staff):
    from commendations.services.nominations import nominate

    approve(nominate(tree.a2, by=None, round=round_), staff=district_staff)
    with pytest.raises(ValidationError) as caught:
        issue_decision(
            round_, by=district_staff, number=12, signed_on=date(2021, 5, 1),
            signer_name="X", subject="Y",
        )  # fmt: skip
    assert "number" in caught.value.message_dict
    assert Decision.objects.count() == 1


def test_nothing_to_commend_means_no_decision(decision, round_, district_staff):
    with pytest.raises(ValidationError):
        issue_decision(
            round_, by=district_staff, number=13, signed_on=date(2021, 5, 1),
            signer_name="X", subject="Y",
        )  # fmt: skip
    assert Decision.objects.count() == 1


def test_only_district_staff_issue_or_revoke(round_, branch_nomination, ward_secretary, decision):
    with pytest.raises(PermissionDenied):
        revoke_decision(decision, by=ward_secretary, reason="Sai tên")
    with pytest.raises(PermissionDenied):
        issue_decision(
            round_, by=ward_secretary, number=40, signed_on=date(2021, 5, 1),
            signer_name="X", subject="Y",
        )  # fmt: skip


def test_revoke_and_reissue_keeps_both_in_history(decision, round_, district_staff):
    old_codes = set(decision.awards.values_list("verification_code", flat=True))
    revoked = revoke_decision(decision, by=district_staff, reason="Sai tên đơn vị")
    assert revoked.status == DecisionStatus.REVOKED
    assert revoked.history.first().history_change_reason == "Sai tên đơn vị"
    with pytest.raises(ValidationError):
        revoke_decision(revoked, by=district_staff, reason="again")
    new = issue_decision(
        round_, by=district_staff, number=next_decision_number(issuer=decision.issuer, year=2021),
        signed_on=date(2021, 4, 8), signer_name="Nguyễn Văn Ký", subject=decision.subject,
        replaces=revoked,
    )  # fmt: skip
    assert new.number == 13 and new.replaces == revoked
    assert new.awards.count() == 3
    assert not old_codes & set(new.awards.values_list("verification_code", flat=True))
    assert Award.objects.count() == 6
    assert Decision.history.filter(id=revoked.pk).count() == 2


def test_a_revoked_number_may_not_be_handed_out_again_but_the_constraint_allows_it(
    decision, district_staff
):
    revoke_decision(decision, by=district_staff, reason="x")
    assert next_decision_number(issuer=decision.issuer, year=2021) == 13
