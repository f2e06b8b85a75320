"""Rounds, nominations and their workflow: every allowed move works, every other is refused."""

from io import BytesIO
from itertools import product

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from PIL import Image

from commendations.models import (
    ALLOWED_TRANSITIONS,
    CriteriaSet,
    EvidenceFile,
    Nomination,
    NominationStatus,
    NominationTransition,
)
from commendations.services.criteria import (
    DEFAULT_SET_NAME,
    create_criteria_version,
    ensure_default_criteria_set,
)
from commendations.services.nominations import (
    SelfAssessment,
    add_evidence_file,
    move_nomination,
    nominate,
    save_scorecard,
    submit_nomination,
)
from commendations.services.reviews import (
    endorse_nomination,
    return_nomination,
    review_nomination,
)
from commendations.services.rounds import close_round
from tests.commendations.conftest import all_met

S = NominationStatus


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_default_criteria_set_has_the_nine_criteria_in_vietnamese(db):
    criteria_set = ensure_default_criteria_set()
    assert criteria_set.name == DEFAULT_SET_NAME
    codes = list(criteria_set.criteria.values_list("code", flat=True))
    assert codes == ["N1", "N2", "N3", "B1", "B2", "B3", "L1", "L2", "L3"]
    assert criteria_set.criteria.get(code="N1").title == "Nắm đoàn viên"
    assert criteria_set.criteria.get(code="B3").title == "Biết nhu cầu"
    assert ensure_default_criteria_set().pk == criteria_set.pk
    assert CriteriaSet.objects.filter(name=DEFAULT_SET_NAME).count() == 1


def test_a_new_criteria_version_copies_the_criteria_and_leaves_the_old_one(round_, district_staff):
    old = round_.criteria_set
    new = create_criteria_version(old, by=district_staff)
    assert new.version == old.version + 1
    assert new.criteria.count() == 9
    new.criteria.filter(code="N1").update(title="Nắm đoàn viên, thanh niên")
    round_.refresh_from_db()
    assert round_.criteria_set.criteria.get(code="N1").title == "Nắm đoàn viên"


def test_a_secretary_cannot_make_a_criteria_version(round_, branch_secretary):
    with pytest.raises(PermissionDenied):
        create_criteria_version(round_.criteria_set, by=branch_secretary)


def test_nominating_makes_a_scorecard_of_nine_criteria_for_the_honour_of_its_level(
    round_, tree, branch_secretary
):
    nomination = nominate(tree.a1, by=branch_secretary, round=round_)
    assert nomination.status == S.DRAFT
    assert nomination.honour.title == "Chi đoàn mạnh tiêu biểu"
    assert nomination.assessments.count() == 9
    assert nominate(tree.g, by=None, round=round_).honour.title == "Chi đoàn cơ sở mạnh tiêu biểu"


def test_a_unit_is_nominated_once_per_round(branch_nomination, round_, tree):
    with pytest.raises(ValidationError):
        nominate(tree.a1, by=None, round=round_)
    assert Nomination.objects.filter(round=round_, unit=tree.a1).count() == 1


def test_the_grassroots_union_secretary_may_nominate_its_branch(round_, tree, ward_secretary):
    assert nominate(tree.a2, by=ward_secretary, round=round_).unit == tree.a2


def test_an_outsider_cannot_nominate_another_unit(round_, tree, outsider):
    with pytest.raises(PermissionDenied):
        nominate(tree.a1, by=outsider, round=round_)
    assert not Nomination.objects.exists()


def test_a_closed_round_takes_no_nominations(round_, tree, district_staff):
    close_round(round_, by=district_staff)
    with pytest.raises(ValidationError):
        nominate(tree.a1, by=None, round=round_)


def _scorecard(nomination, met=True):
    return {
        a.criterion_id: SelfAssessment(met, f"Minh chứng {a.criterion.code}")
        for a in nomination.assessments.select_related("criterion")
    }


def test_the_branch_secretary_fills_the_scorecard_and_the_version_moves(
    branch_nomination, branch_secretary
):
    saved = save_scorecard(
        branch_nomination,
        by=branch_secretary,
        items=_scorecard(branch_nomination),
        summary="Chi đoàn sinh hoạt đều đặn",
        base_version=1,
    )
    assert saved.version == 2
    assert saved.summary == "Chi đoàn sinh hoạt đều đặn"
    assert saved.assessments.filter(self_met=True).count() == 9
    assert saved.assessments.get(criterion__code="L2").evidence == "Minh chứng L2"
    assert saved.assessments.get(criterion__code="L2").history.count() == 2


def test_a_scorecard_saved_from_a_stale_copy_is_refused(branch_nomination, branch_secretary):
    save_scorecard(branch_nomination, by=branch_secretary, items={}, base_version=1)
    with pytest.raises(ValidationError) as caught:
        save_scorecard(
            branch_nomination,
            by=branch_secretary,
            items=_scorecard(branch_nomination),
            base_version=1,
        )
    assert caught.value.code == "conflict"
    assert not branch_nomination.assessments.filter(self_met=True).exists()


def test_a_submitted_nomination_is_not_editable_by_the_branch(branch_nomination, branch_secretary):
    submit_nomination(branch_nomination, by=branch_secretary)
    # The secretary holds the right; the nomination's state refuses the change.
    with pytest.raises(ValidationError):
        save_scorecard(branch_nomination, by=branch_secretary, items=_scorecard(branch_nomination))
    branch_nomination.refresh_from_db()
    with pytest.raises(ValidationError):
        save_scorecard(branch_nomination, by=None, items=_scorecard(branch_nomination))
    assert not branch_nomination.assessments.filter(self_met=True).exists()


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


@pytest.mark.parametrize(
    ("source", "target"),
    [(a, b) for a, b in product(S.values, S.values) if b not in ALLOWED_TRANSITIONS[a]],
)
def test_every_move_outside_the_allowed_transitions_is_refused(source, target, branch_nomination):
    Nomination.objects.filter(pk=branch_nomination.pk).update(status=source)
    branch_nomination.refresh_from_db()
    with pytest.raises(ValidationError):
        move_nomination(branch_nomination, target, by=None)
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == source
    assert not NominationTransition.objects.exists()


@pytest.mark.parametrize(
    ("source", "target"),
    [(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in targets],
)
def test_every_allowed_transition_is_logged(source, target, branch_nomination, district_staff):
    Nomination.objects.filter(pk=branch_nomination.pk).update(status=source)
    branch_nomination.refresh_from_db()
    moved = move_nomination(branch_nomination, target, by=district_staff, note="n")
    assert moved.status == target
    entry = NominationTransition.objects.get()
    assert (entry.from_status, entry.to_status, entry.by, entry.note) == (
        source,
        target,
        district_staff,
        "n",
    )


def _evidence(branch_nomination):
    return branch_nomination.assessments.get(criterion__code="N1")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("bien-ban.pdf", PDF, "application/pdf"), ("anh.png", PNG, "image/png")],
)
def test_evidence_files_are_stored_under_a_random_name(
    name, content, content_type, branch_nomination, branch_secretary, settings
):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    stored = add_evidence_file(_evidence(branch_nomination), by=branch_secretary, upload=upload)
    assert stored.content_type == content_type
    assert stored.original_name == name
    assert name not in stored.file.name
    assert stored.file.path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf at all"),
        ("trang.html", b"<html><script>alert(1)</script></html>"),
        ("anh.png", b"\x89PNG\r\n\x1a\n broken"),
    ],
)
def test_evidence_is_checked_by_its_content_not_its_name(
    name, content, branch_nomination, branch_secretary
):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError):
        add_evidence_file(_evidence(branch_nomination), by=branch_secretary, upload=upload)
    assert not EvidenceFile.objects.exists()


def test_evidence_larger_than_the_limit_is_refused(branch_nomination, branch_secretary, settings):
    settings.UPLOAD_MAX_FILE_SIZE = 100
    upload = SimpleUploadedFile("big.pdf", PDF + b"x" * 200)
    with pytest.raises(ValidationError):
        add_evidence_file(_evidence(branch_nomination), by=branch_secretary, upload=upload)
    assert not EvidenceFile.objects.exists()
