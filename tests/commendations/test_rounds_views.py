"""Round pages: the list, opening and editing a round, its honours, the board, the images."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
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


def test_staff_edit_a_round_and_the_history_records_who(district_client, round_):
    url = reverse("commendations:round_edit", args=[round_.pk])
    form = district_client.get(url).context["form"]
    assert form["version"].value() == 1
    data = {"title": "Tuyên dương năm 2020 (bổ sung)", "year": 2020, "opens_on": "2021-01-04",
            "closes_on": "2021-04-30", "status": "closed", "achievement_line": "",
            "version": 1}  # fmt: skip
    response = district_client.post(url, data)
    assert response["Location"] == round_.get_absolute_url()
    round_.refresh_from_db()
    assert (round_.title, round_.status, round_.version) == (
        "Tuyên dương năm 2020 (bổ sung)",
        "closed",
        2,
    )
    assert round_.history.first().history_user.username == "quandoan"


def test_a_round_edit_that_closes_before_it_opens_is_refused(district_client, round_):
    url = reverse("commendations:round_edit", args=[round_.pk])
    data = {"title": "X", "year": 2020, "opens_on": "2021-03-01", "closes_on": "2021-01-01",
            "status": "open", "version": 1}  # fmt: skip
    assert district_client.post(url, data).status_code == 200
    round_.refresh_from_db()
    assert round_.title != "X" and round_.version == 1


def test_staff_edit_an_honour(district_client, round_):
    honour = round_.honours.get(unit_level="branch")
    url = reverse("commendations:honour_edit", args=[honour.pk])
    assert district_client.get(url).status_code == 200
    data = {"title": "Chi đoàn vững mạnh tiêu biểu", "list_heading": "Chi đoàn trực thuộc",
            "quota": 30, "order": 3, "version": honour.version}  # fmt: skip
    assert district_client.post(url, data)["Location"] == round_.get_absolute_url()
    honour.refresh_from_db()
    assert (honour.title, honour.quota, honour.unit_level) == (
        "Chi đoàn vững mạnh tiêu biểu",
        30,
        "branch",
    )


def _webp() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "WEBP")
    return buffer.getvalue()


def _upload(client, round_, **files):
    return client.post(
        reverse("commendations:round_images", args=[round_.pk]),
        {**files, "version": round_.version},
    )


def _served(client, round_, kind):
    response = client.get(reverse("commendations:round_image", args=[round_.pk, kind]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("name", "content", "extension", "content_type"),
    [
        ("nen.html", _png((297, 210)), ".png", "image/png"),
        ("nen.svg", _png((297, 210)), ".png", "image/png"),
        ("nen.png", _webp(), ".webp", "image/webp"),
        ("nen.jpg", _webp(), ".webp", "image/webp"),
    ],
)
def test_an_image_is_stored_and_served_as_the_type_its_bytes_show(
    name, content, extension, content_type, district_client, round_
):
    upload = SimpleUploadedFile(name, content, content_type="text/html")
    assert _upload(district_client, round_, background=upload).status_code == 302
    round_.refresh_from_db()
    assert round_.background_image.name.endswith(extension)
    response = _served(district_client, round_, "background")
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("nen.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("nen.png", b"<html><script>alert(1)</script></html>"),
        ("nen.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_a_file_that_is_not_an_accepted_image_is_refused_with_a_clear_message(
    name, content, district_client, round_
):
    response = _upload(district_client, round_, signature=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    message = gettext(
        "Only JPEG, PNG and WebP images are accepted: this file is not one, whatever its name says."
    )
    assert escape(message) in response.content.decode()
    round_.refresh_from_db()
    assert not round_.signature_image and round_.version == 1


def test_an_image_stored_under_a_wrong_name_before_is_served_by_its_bytes(district_client, round_):
    # Uploads from before the fix kept the browser's extension.
    round_.background_image.save("nen.html", SimpleUploadedFile("nen.html", _png()))
    response = _served(district_client, round_, "background")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_round_shows_where_it_stands_by_its_dates_and_its_decision(current_round, decision):
    from datetime import timedelta

    from django.utils import timezone

    from commendations.models import Round, RoundPhase

    def phase(**dates):
        Round.objects.filter(pk=current_round.pk).update(**dates)
        return Round.objects.get(pk=current_round.pk).phase

    today = timezone.localdate()
    assert phase() == RoundPhase.DECIDED  # the decision fixture issued one
    decision.round.decisions.update(status="revoked")
    assert phase() == RoundPhase.OPEN
    assert phase(opens_on=today + timedelta(days=1), closes_on=today + timedelta(days=9)) == (
        RoundPhase.UPCOMING
    )
    assert phase(opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=1)) == (
        RoundPhase.REVIEWING
    )
    assert phase(status="closed") == RoundPhase.CLOSED


def test_the_board_shows_the_first_nominations_of_each_honour_and_pages_the_rest(
    district_client, round_, tree, monkeypatch
):
    from branches.models import UnitArea, UnitLevel
    from commendations.services.nominations import nominate
    from commendations.views import rounds as views
    from tests.factories import make_unit

    for n in range(5):
        unit = make_unit(tree.a, UnitLevel.BRANCH, f"Chi đoàn Khu phố {20 + n}",
                         area=UnitArea.NEIGHBOURHOOD)  # fmt: skip
        nominate(unit, by=None, round=round_)
    monkeypatch.setattr(views, "BOARD_PREVIEW", 2)
    monkeypatch.setattr(views, "BOARD_PAGE", 3)
    board = district_client.get(round_.get_absolute_url()).context["board"]
    branches = next(c for c in board if c["shown"] == 5)
    assert len(branches["nominations"]) == 2 and branches["more"]
    honour = branches["honour"].pk
    page = district_client.get(round_.get_absolute_url(), {"honour": honour}).context["board"]
    assert [len(c["nominations"]) for c in page] == [3]
    last = district_client.get(round_.get_absolute_url(), {"honour": honour, "page": 2})
    assert len(last.context["board"][0]["nominations"]) == 2
