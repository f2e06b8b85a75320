"""Views around files: evidence uploads and downloads, the certificate images; plus the round list."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from commendations.models import EvidenceFile
from commendations.services.nominations import add_evidence_file, remove_evidence_file

PDF = b"%PDF-1.4\n%%EOF\n"


def _png(size=(8, 8)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def evidence(branch_nomination):
    assessment = branch_nomination.assessments.first()
    return add_evidence_file(assessment, by=None, upload=SimpleUploadedFile("bien-ban.pdf", PDF))


def _file_urls(evidence):
    nomination = evidence.assessment.nomination
    return [
        (reverse("commendations:evidence_file", args=[nomination.pk, evidence.pk]), "get"),
        (reverse("commendations:evidence_delete", args=[nomination.pk, evidence.pk]), "post"),
        (
            reverse("commendations:evidence_upload", args=[nomination.pk, evidence.assessment_id]),
            "post",
        ),
    ]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_anonymous_is_sent_to_login_on_evidence_urls(index, client, evidence):
    url, method = _file_urls(evidence)[index]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_wrong_method_gets_405_on_evidence_urls(index, branch_client, evidence):
    url, method = _file_urls(evidence)[index]
    wrong = branch_client.post if method == "get" else branch_client.get
    assert wrong(url).status_code == 405


@pytest.mark.parametrize("index", [0, 1, 2])
def test_outsider_gets_404_on_evidence_urls(index, outsider_client, evidence):
    url, method = _file_urls(evidence)[index]
    data = {"file": SimpleUploadedFile("x.pdf", PDF)} if index == 2 else {}
    assert getattr(outsider_client, method)(url, data).status_code == 404
    assert evidence.assessment.files.count() == 1


def test_the_branch_secretary_removes_an_evidence_file(branch_client, evidence):
    url = _file_urls(evidence)[1][0]
    assert branch_client.post(url).status_code == 302
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert evidence.assessment.current_files == []


def test_evidence_files_are_served_only_to_those_who_see_the_nomination(
    branch_client, login, outsider, branch_nomination
):
    assessment = branch_nomination.assessments.first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "bien ban.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
    )
    branch_client.post(
        reverse("commendations:evidence_upload", args=[branch_nomination.pk, assessment.pk]),
        {"file": upload},
    )
    stored = assessment.files.get()
    url = reverse("commendations:evidence_file", args=[branch_nomination.pk, stored.pk])
    response = branch_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert login(outsider).get(url).status_code == 404


def test_a_file_that_is_not_really_a_pdf_is_refused_with_a_message(
    branch_client, branch_nomination
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assessment = branch_nomination.assessments.first()
    upload = SimpleUploadedFile(
        "x.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
    )
    response = branch_client.post(
        reverse("commendations:evidence_upload", args=[branch_nomination.pk, assessment.pk]),
        {"file": upload},
        follow=True,
    )
    assert gettext("Only PDF, JPEG and PNG files are accepted.") in response.content.decode()
    assert not assessment.files.exists()


def test_a_removed_evidence_file_keeps_its_row_its_file_and_who_removed_it(
    branch_client, branch_secretary, evidence, login, district_staff
):
    nomination = evidence.assessment.nomination
    url = reverse("commendations:evidence_delete", args=[nomination.pk, evidence.pk])
    assert branch_client.post(url).status_code == 302

    kept = EvidenceFile.objects.get(pk=evidence.pk)
    assert kept.removed_by == branch_secretary and kept.removed_at is not None
    assert kept.file.storage.exists(kept.file.name)
    # The scorecard no longer offers it, and its page says who removed it and when.
    edit = branch_client.get(reverse("commendations:nomination_edit", args=[nomination.pk]))
    assert edit.context["form"].assessments[0].current_files == []
    page = login(district_staff).get(nomination.get_absolute_url()).content.decode()
    assert "bien-ban.pdf" in page
    assert escape(str(branch_secretary)) in page
    assert timezone.localtime(kept.removed_at).strftime("%d/%m/%Y %H:%M") in page


def test_a_file_cannot_be_removed_twice(branch_client, evidence):
    remove_evidence_file(evidence, by=None)
    nomination = evidence.assessment.nomination
    url = reverse("commendations:evidence_delete", args=[nomination.pk, evidence.pk])
    branch_client.post(url)
    evidence.refresh_from_db()
    assert evidence.removed_by is None


def test_evidence_is_served_as_its_type_never_as_a_page(branch_client, evidence):
    nomination = evidence.assessment.nomination
    response = branch_client.get(
        reverse("commendations:evidence_file", args=[nomination.pk, evidence.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]
