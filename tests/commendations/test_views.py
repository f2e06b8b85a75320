"""Pages of the commendation round: the four standard checks on every view, then the happy paths."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from commendations.models import (
    Decision,
    Nomination,
    NominationStatus,
    NominationTransition,
    Round,
)
from commendations.services.nominations import submit_nomination
from tests.commendations.conftest import approve

S = NominationStatus


def _urls(n, d, a):
    """(url name, args, methods allowed, who may use it) for every view that takes an id."""
    return [
        ("commendations:round", [n.round_id], "GET", "branch"),
        ("commendations:round_nominate", [n.round_id], "POST", "branch"),
        ("commendations:round_images", [n.round_id], "GET", "district"),
        ("commendations:decision_create", [n.round_id], "GET", "district"),
        ("commendations:nomination", [n.pk], "GET", "branch"),
        ("commendations:nomination_edit", [n.pk], "GET", "branch"),
        ("commendations:nomination_submit", [n.pk], "POST", "branch"),
        ("commendations:nomination_endorse", [n.pk], "POST", "ward"),
        ("commendations:nomination_return", [n.pk], "POST", "ward"),
        ("commendations:nomination_review", [n.pk], "GET", "district"),
        ("commendations:unit_nominations", [n.unit_id], "GET", "branch"),
        ("commendations:decision", [d.pk], "GET", "district"),
        ("commendations:decision_revoke", [d.pk], "POST", "district"),
        ("commendations:decision_list_pdf", [d.pk], "GET", "district"),
        ("commendations:decision_list_xlsx", [d.pk], "GET", "district"),
        ("commendations:decision_certificates", [d.pk], "GET", "district"),
        ("commendations:award", [a.pk], "GET", "branch"),
        ("commendations:award_certificate", [a.pk], "GET", "branch"),
    ]


URL_NAMES = [u[0] for u in _urls(*[type("X", (), {"pk": 1, "round_id": 1, "unit_id": 1})()] * 3)]


@pytest.fixture
def objects(decision, round_, tree):
    """A draft nomination of Chi đoàn Khu phố 4 (A2), the decision, and Khu phố 3's award."""
    from commendations.services.nominations import nominate

    draft = nominate(tree.a2, by=None, round=round_)
    award = decision.awards.get(recipient_name="Chi đoàn Khu phố 3")
    return draft, decision, award


def _spec(objects, name):
    return next(u for u in _urls(*objects) if u[0] == name)


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_login(name, client, objects):
    _name, args, method, _who = _spec(objects, name)
    response = getattr(client, method.lower())(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", URL_NAMES)
def test_wrong_method_gets_405(name, district_client, objects):
    _name, args, method, _who = _spec(objects, name)
    wrong = district_client.delete if method == "GET" else district_client.get
    assert wrong(reverse(name, args=args)).status_code == 405


@pytest.mark.parametrize(
    "name",
    [n for n in URL_NAMES if n not in ("commendations:round", "commendations:round_nominate")],
)
def test_outsider_gets_404(name, outsider_client, objects):
    _name, args, method, _who = _spec(objects, name)
    before = (
        Nomination.objects.filter(status=S.DRAFT).count(),
        Decision.objects.filter(status="issued").count(),
    )
    response = getattr(outsider_client, method.lower())(
        reverse(name, args=args), {"note": "x", "reason": "x"}
    )
    assert response.status_code == 404
    after = (
        Nomination.objects.filter(status=S.DRAFT).count(),
        Decision.objects.filter(status="issued").count(),
    )
    assert before == after


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


def test_the_branch_secretary_nominates_their_branch(branch_client, round_, tree):
    response = branch_client.post(
        reverse("commendations:round_nominate", args=[round_.pk]), {"unit": tree.a1.pk}
    )
    nomination = Nomination.objects.get(unit=tree.a1)
    assert response["Location"] == reverse("commendations:nomination_edit", args=[nomination.pk])
    assert nomination.created_by.username == "bithu.kp3"


def test_posting_another_units_id_to_nominate_changes_nothing(outsider_client, round_, tree):
    outsider_client.post(
        reverse("commendations:round_nominate", args=[round_.pk]), {"unit": tree.a1.pk}
    )
    assert not Nomination.objects.exists()


def test_the_scorecard_is_saved_from_the_form(branch_client, branch_nomination):
    assessments = list(branch_nomination.assessments.select_related("criterion"))
    data = {"version": branch_nomination.version, "summary": "Tóm tắt thành tích"}
    for a in assessments:
        data[f"met_{a.pk}"] = "on"
        data[f"evidence_{a.pk}"] = f"Minh chứng {a.criterion.code}"
    response = branch_client.post(
        reverse("commendations:nomination_edit", args=[branch_nomination.pk]), data
    )
    assert response.status_code == 302
    branch_nomination.refresh_from_db()
    assert branch_nomination.summary == "Tóm tắt thành tích"
    assert branch_nomination.assessments.filter(self_met=True).count() == 9


def test_a_scorecard_posted_from_a_stale_page_is_refused_with_a_message(
    branch_client, branch_nomination
):
    url = reverse("commendations:nomination_edit", args=[branch_nomination.pk])
    branch_client.post(url, {"version": branch_nomination.version, "summary": "Lần 1"})
    response = branch_client.post(url, {"version": branch_nomination.version, "summary": "Lần 2"})
    assert response.status_code == 200
    branch_nomination.refresh_from_db()
    assert branch_nomination.summary == "Lần 1"


def test_the_scorecard_page_shows_the_units_records_beside_the_criteria(
    branch_client, branch_nomination
):
    response = branch_client.get(
        reverse("commendations:nomination_edit", args=[branch_nomination.pk])
    )
    assert response.status_code == 200
    assert response.context["figures"]["N1"][0][1] == 0
    assert "Nắm đoàn viên" in response.content.decode()


def test_a_submitted_nomination_cannot_be_edited_by_the_branch(branch_client, branch_nomination):
    submit_nomination(branch_nomination, by=None)
    url = reverse("commendations:nomination_edit", args=[branch_nomination.pk])
    assert branch_client.get(url).status_code == 404
    assert branch_client.post(url, {"version": 2, "summary": "x"}).status_code == 404
    branch_nomination.refresh_from_db()
    assert branch_nomination.summary == ""


def test_submit_endorse_and_approve_through_the_pages(
    branch_client, login, ward_secretary, district_staff, branch_nomination
):
    branch_client.post(
        reverse("commendations:nomination_submit", args=[branch_nomination.pk]), {"note": "Gửi"}
    )
    ward = login(ward_secretary)
    ward.post(reverse("commendations:nomination_endorse", args=[branch_nomination.pk]))
    district = login(district_staff)
    branch_nomination.refresh_from_db()
    data = {"outcome": S.APPROVED, "note": "", "version": branch_nomination.version}
    for a in branch_nomination.assessments.all():
        data[f"verdict_{a.pk}"] = "met"
        data[f"comment_{a.pk}"] = "Tốt"
    response = district.post(
        reverse("commendations:nomination_review", args=[branch_nomination.pk]), data
    )
    assert response.status_code == 302
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.APPROVED
    assert NominationTransition.objects.filter(nomination=branch_nomination).count() == 3
    page = district.get(branch_nomination.get_absolute_url())
    assert page.status_code == 200 and "Tốt" in page.content.decode()


def test_a_branch_secretary_cannot_approve_through_the_review_page(
    branch_client, branch_nomination
):
    submit_nomination(branch_nomination, by=None)
    url = reverse("commendations:nomination_review", args=[branch_nomination.pk])
    data = {"outcome": S.APPROVED}
    data.update({f"verdict_{a.pk}": "met" for a in branch_nomination.assessments.all()})
    assert branch_client.post(url, data).status_code == 404
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.SUBMITTED


def test_a_branch_secretary_cannot_endorse_their_own_branch(branch_client, branch_nomination):
    submit_nomination(branch_nomination, by=None)
    url = reverse("commendations:nomination_endorse", args=[branch_nomination.pk])
    assert branch_client.post(url).status_code == 404
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.SUBMITTED


def test_returning_without_a_reason_shows_an_error_and_changes_nothing(
    ward_client, branch_nomination
):
    submit_nomination(branch_nomination, by=None)
    response = ward_client.post(
        reverse("commendations:nomination_return", args=[branch_nomination.pk]),
        {"note": ""},
        follow=True,
    )
    assert gettext("Say what needs to change.") in response.content.decode()
    branch_nomination.refresh_from_db()
    assert branch_nomination.status == S.SUBMITTED


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


def test_the_unit_page_has_a_nominations_tab(branch_client, branch_nomination, tree):
    response = branch_client.get(reverse("commendations:unit_nominations", args=[tree.a1.pk]))
    assert response.status_code == 200
    assert branch_nomination.get_absolute_url() in response.content.decode()
    unit_page = branch_client.get(tree.a1.get_absolute_url()).content.decode()
    assert reverse("commendations:unit_nominations", args=[tree.a1.pk]) in unit_page


def test_district_staff_issue_the_decision_with_the_next_number_proposed(
    district_client, district_staff, round_, branch_nomination
):
    approve(branch_nomination, staff=district_staff)
    url = reverse("commendations:decision_create", args=[round_.pk])
    page = district_client.get(url)
    assert page.context["form"].initial["number"] == 1
    response = district_client.post(
        url,
        {"number": 7, "signed_on": "2021-04-06", "signer_name": "Nguyễn Văn Ký",
         "signer_title": "BÍ THƯ", "on_behalf": "TM. BAN THƯỜNG VỤ", "subject": "Về việc"},
    )  # fmt: skip
    decision = Decision.objects.get()
    assert response["Location"] == decision.get_absolute_url()
    assert decision.number == 7 and decision.signed_on == date(2021, 4, 6)
    assert decision.awards.count() == 1


def test_revoking_through_the_page_needs_a_reason(district_client, decision):
    url = reverse("commendations:decision_revoke", args=[decision.pk])
    district_client.post(url, {"reason": ""})
    decision.refresh_from_db()
    assert decision.is_issued
    district_client.post(url, {"reason": "Sai tên đơn vị"})
    decision.refresh_from_db()
    assert not decision.is_issued and decision.revoke_reason == "Sai tên đơn vị"


def test_the_award_page_shows_the_register_number_and_links_the_certificate(branch_client, objects):
    _draft, _decision, award = objects
    response = branch_client.get(award.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert award.register_number in body
    assert reverse("commendations:award_certificate", args=[award.pk]) in body


def test_the_home_page_lists_nominations_waiting_for_review(district_client, ward_nomination):
    submit_nomination(ward_nomination, by=None)
    body = district_client.get(reverse("home")).content.decode()
    assert ward_nomination.get_absolute_url() in body


def test_the_home_page_tells_the_grassroots_secretary_what_to_endorse(
    ward_client, branch_nomination
):
    submit_nomination(branch_nomination, by=None)
    body = ward_client.get(reverse("home")).content.decode()
    assert branch_nomination.get_absolute_url() in body


def test_the_home_page_invites_a_branch_secretary_to_nominate(branch_client, round_):
    body = branch_client.get(reverse("home")).content.decode()
    assert round_.get_absolute_url() in body


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
