"""Views around files: evidence uploads and downloads, the certificate images; plus the round list."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from commendations.documents import render_certificates_pdf
from commendations.services.nominations import add_evidence_file
from tests.commendations.test_documents import SpyFetcher

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


def test_round_list_and_round_create_need_login_and_the_right_method(client, login, district_staff):
    for name in ("commendations:round_list", "commendations:round_create"):
        assert client.get(reverse(name)).status_code == 302
    district_client = login(district_staff)
    for name in ("commendations:round_list", "commendations:round_create"):
        assert district_client.delete(reverse(name)).status_code == 405
    assert district_client.get(reverse("commendations:round_create")).status_code == 200
    assert district_client.get(reverse("commendations:round_list")).status_code == 200


def test_staff_upload_certificate_images_and_see_them(district_client, round_):
    url = reverse("commendations:round_images", args=[round_.pk])
    response = district_client.post(
        url,
        {
            "background": SimpleUploadedFile("nen.png", _png((297, 210))),
            "signature": SimpleUploadedFile("chu-ky.png", _png()),
            "version": round_.version,
        },
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.background_image and round_.signature_image
    shown = district_client.get(
        reverse("commendations:round_image", args=[round_.pk, "background"])
    )
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")


def test_a_file_that_is_not_an_image_is_refused_as_background(district_client, round_):
    response = district_client.post(
        reverse("commendations:round_images", args=[round_.pk]),
        {"background": SimpleUploadedFile("nen.png", PDF)},
    )
    assert response.status_code == 200
    round_.refresh_from_db()
    assert not round_.background_image


@pytest.mark.parametrize("who", ["client", "branch_client", "ward_client"])
def test_only_staff_see_or_upload_the_images(who, request, round_):
    client = request.getfixturevalue(who)
    url = reverse("commendations:round_image", args=[round_.pk, "background"])
    expected = 302 if who == "client" else 404
    assert client.get(url).status_code == expected
    upload_url = reverse("commendations:round_images", args=[round_.pk])
    assert client.get(upload_url).status_code == expected


def test_certificates_print_the_uploaded_images_and_fetch_nothing_else(
    district_client, decision, monkeypatch, settings
):
    district_client.post(
        reverse("commendations:round_images", args=[decision.round_id]),
        {
            "background": SimpleUploadedFile("nen.png", _png((297, 210))),
            "signature": SimpleUploadedFile("chu-ky.png", _png()),
            "version": decision.round.version,
        },
    )
    decision.round.refresh_from_db()
    spy = SpyFetcher(monkeypatch)
    render_certificates_pdf(decision, list(decision.awards.all()))
    outside = spy.outside_static()
    media = str(settings.MEDIA_ROOT)
    assert len(outside) == 2 and all(media in url for url in outside)
