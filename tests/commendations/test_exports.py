"""Every file the app hands out is a registered exporter and writes one export-log row."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

import commendations.exports  # noqa: F401 (registers the app's exporters)
from commendations.exports import RoundNominationsXlsx
from unionhub.core.exportlog import ExportLog
from unionhub.core.exports import EXPORTERS

PREFIX = "commendations."

# identifier → the download's URL, from (decision, award)
CASES = {
    "commendations.decision_list_pdf": lambda d, a: reverse(
        "commendations:decision_list_pdf", args=[d.pk]
    ),
    "commendations.decision_list_xlsx": lambda d, a: reverse(
        "commendations:decision_list_xlsx", args=[d.pk]
    ),
    "commendations.certificates": lambda d, a: (
        reverse("commendations:decision_certificates", args=[d.pk]) + f"?award={a.pk}"
    ),
    "commendations.award_certificate": lambda d, a: reverse(
        "commendations:award_certificate", args=[a.pk]
    ),
    "commendations.round_nominations": lambda d, a: reverse(
        "commendations:round_nominations_xlsx", args=[d.round_id]
    ),
}


def test_every_exporter_of_the_app_has_a_case_here():
    assert {name for name in EXPORTERS if name.startswith(PREFIX)} == set(CASES)


@pytest.mark.parametrize("identifier", sorted(CASES))
def test_each_download_writes_one_export_log_row_and_an_ascii_rfc6266_header(
    identifier, district_client, district_staff, decision
):
    award = decision.awards.get(recipient_name="Chi đoàn Khu phố 3")
    before = ExportLog.objects.count()
    response = district_client.get(CASES[identifier](decision, award))
    assert response.status_code == 200
    assert ExportLog.objects.count() == before + 1
    entry = ExportLog.objects.latest("at")
    exporter = EXPORTERS[identifier]
    assert (entry.user, entry.kind, entry.file_format) == (
        district_staff,
        str(exporter.title),
        exporter.file_format,
    )
    assert entry.row_count >= 1
    disposition = response["Content-Disposition"]
    assert disposition.isascii()
    assert "filename*=UTF-8''" in disposition
    assert response["Content-Type"] == exporter.content_type


def test_the_certificate_of_one_award_is_logged_against_its_unit(branch_client, decision, tree):
    award = decision.awards.get(recipient_name="Chi đoàn Khu phố 3")
    branch_client.get(reverse("commendations:award_certificate", args=[award.pk]))
    assert ExportLog.objects.get().unit == tree.a1


def test_the_round_nominations_sheet_lists_only_what_the_user_sees(
    branch_secretary, round_, branch_nomination, ward_nomination, outsider_nomination
):
    content, count = RoundNominationsXlsx(user=branch_secretary, round=round_.pk).render()
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert count == 1 and len(rows) == 2
    assert rows[1][1:4] == ("Chi đoàn Khu phố 3", "Đoàn Phường 10", "Chi đoàn mạnh tiêu biểu")


def test_an_exporter_refuses_a_user_who_may_not_see_the_decision(outsider, decision):
    from django.http import Http404

    from commendations.exports import DecisionListXlsx

    with pytest.raises(Http404):
        DecisionListXlsx(user=outsider, decision=decision.pk)
    assert not ExportLog.objects.exists()
