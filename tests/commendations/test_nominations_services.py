"""Nominations: nominating a unit, its scorecard and its evidence files."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from commendations.models import EvidenceFile, Nomination, NominationStatus
from commendations.services.nominations import (
    SelfAssessment,
    add_evidence_file,
    nominate,
    save_scorecard,
    submit_nomination,
)
from commendations.services.rounds import close_round

S = NominationStatus


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
