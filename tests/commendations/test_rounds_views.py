"""Round pages: the list, opening and editing a round, its honours, the board, the images."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from commendations.documents import render_certificates_pdf
from commendations.models import Nomination, NominationStatus, Round
from commendations.services.nominations import nominate
from tests.commendations.test_documents import SpyFetcher

S = NominationStatus
PDF = b"%PDF-1.4\n%%EOF\n"


def _png(size=(8, 8)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def objects(decision, round_, tree):
    """A draft nomination of Chi đoàn Khu phố 4 (A2), the decision, and Khu phố 3's award."""
    draft = nominate(tree.a2, by=None, round=round_)
    award = decision.awards.get(recipient_name="Chi đoàn Khu phố 3")
    return draft, decision, award


def test_round_list_and_board_show_the_rounds_nominations(branch_client, objects, round_):
    response = branch_client.get(reverse("commendations:round_list"))
    assert response.status_code == 200
    assert round_.title in response.content.decode()
    board = branch_client.get(round_.get_absolute_url()).content.decode()
    assert "Chi đoàn Khu phố 3" in board
    # The branch secretary sees only their own branch's nomination on the board.
    assert "Chi đoàn Khu phố 4" not in board


def test_the_outsider_sees_the_round_but_none_of_other_units_nominations(
    outsider_client, objects, round_
):
    board = outsider_client.get(round_.get_absolute_url()).content.decode()
    assert "Chi đoàn Khu phố 3" not in board and "Đoàn Phường 10" not in board


def test_district_staff_open_a_round_with_its_honours(district_client, criteria_set):
    response = district_client.post(
        reverse("commendations:round_create"),
        {
            "title": "Tuyên dương năm 2021",
            "year": 2021,
            "criteria_set": criteria_set.pk,
            "opens_on": "2022-01-03",
            "closes_on": "2022-03-01",
            "honour_grassroots_union_title": "Đoàn cơ sở mạnh tiêu biểu",
            "honour_grassroots_union_heading": "Đoàn cơ sở",
            "honour_branch_title": "Chi đoàn mạnh tiêu biểu",
            "honour_branch_heading": "Chi đoàn trực thuộc",
            "honour_branch_quota": "30",
        },
    )
    new = Round.objects.get(title="Tuyên dương năm 2021")
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert list(new.honours.values_list("title", "quota")) == [
        ("Đoàn cơ sở mạnh tiêu biểu", None),
        ("Chi đoàn mạnh tiêu biểu", 30),
    ]


def test_a_round_that_closes_before_it_opens_is_refused(district_client, criteria_set):
    response = district_client.post(
        reverse("commendations:round_create"),
        {"title": "X", "year": 2021, "criteria_set": criteria_set.pk, "opens_on": "2022-03-01",
         "closes_on": "2022-01-01", "honour_branch_title": "Chi đoàn mạnh tiêu biểu"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Round.objects.filter(title="X").exists()


@pytest.mark.parametrize("who", ["branch_client", "ward_client"])
def test_a_secretary_cannot_open_a_round(who, request, criteria_set):
    client = request.getfixturevalue(who)
    assert client.get(reverse("commendations:round_create")).status_code == 404


def test_posting_another_units_id_to_nominate_changes_nothing(outsider_client, round_, tree):
    outsider_client.post(
        reverse("commendations:round_nominate", args=[round_.pk]), {"unit": tree.a1.pk}
    )
    assert not Nomination.objects.exists()


def test_the_board_runs_the_same_queries_for_3_and_for_30_nominations(
    district_client, round_, tree, django_assert_max_num_queries
):
    from commendations.services.nominations import nominate
    from tests.factories import make_unit

    for unit in (tree.a1, tree.a2, tree.b1):
        nominate(unit, by=None, round=round_)
    url = round_.get_absolute_url()
    district_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        district_client.get(url)
    for i in range(27):
        nominate(make_unit(tree.b, "branch", f"Chi đoàn Thêm {i}"), by=None, round=round_)
    with CaptureQueriesContext(connection) as many:
        assert district_client.get(url).status_code == 200
    assert len(many) == len(few)


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
