"""The migrations of this app keep every row of the landed schema (0003) and only add to it."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

LANDED = [("commendations", "0003_verification_rate_index")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "commendations"]


@pytest.mark.django_db(transaction=True)
def test_migrating_from_the_landed_schema_keeps_every_row(tree, district_staff):
    at = datetime(2021, 3, 1, 8, 30, tzinfo=UTC)
    try:
        old = _migrate(LANDED)
        criteria_set = old.get_model("commendations", "CriteriaSet").objects.create(
            name="Bộ tiêu chí thử", version=1, year=2003, source="12/HD-TV"
        )
        criterion = old.get_model("commendations", "Criterion").objects.create(
            criteria_set=criteria_set, group="nam", code="N1", title="Nắm đoàn viên", order=1
        )
        round_ = old.get_model("commendations", "Round").objects.create(
            title="Tuyên dương 2020", year=2020, criteria_set_id=criteria_set.pk,
            opens_on=date(2021, 1, 4), closes_on=date(2021, 3, 15), status="open",
            background_image="commendations/images/abc.html",
        )  # fmt: skip
        honour = old.get_model("commendations", "Honour").objects.create(
            round=round_, title="Chi đoàn mạnh tiêu biểu", unit_level="branch",
            list_heading="Chi đoàn trực thuộc", quota=35, order=1,
        )  # fmt: skip
        nomination = old.get_model("commendations", "Nomination").objects.create(
            round=round_, honour=honour, unit_id=tree.a1.pk, status="submitted", version=3,
            summary="Tóm tắt",
        )  # fmt: skip
        old.get_model("commendations", "NominationTransition").objects.create(
            nomination=nomination, from_status="draft", to_status="submitted",
            by_id=district_staff.pk, note="Kính gửi",
        )  # fmt: skip
        old.get_model("commendations", "NominationTransition").objects.filter().update(at=at)
        assessment = old.get_model("commendations", "Assessment").objects.create(
            nomination=nomination, criterion=criterion, self_met=True, evidence="Sổ đoàn viên"
        )
        old.get_model("commendations", "EvidenceFile").objects.create(
            assessment=assessment, file="commendations/evidence/x.pdf", original_name="x.pdf",
            content_type="application/pdf", size=10, uploaded_by_id=district_staff.pk,
        )  # fmt: skip
    finally:
        _migrate(_latest())

    from commendations.models import (
        CriteriaSet,
        Criterion,
        EvidenceFile,
        Honour,
        Nomination,
        NominationTransition,
        Round,
    )

    round_ = Round.objects.get(title="Tuyên dương 2020")
    assert round_.version == 1 and round_.background_image.name.endswith("abc.html")
    assert Honour.objects.get(round=round_).quota == 35
    nomination = Nomination.objects.get(round=round_)
    assert (nomination.status, nomination.version, nomination.summary) == (
        "submitted",
        3,
        "Tóm tắt",
    )
    entry = NominationTransition.objects.get()
    assert (entry.from_status, entry.to_status, entry.by, entry.note, entry.at) == (
        "draft",
        "submitted",
        district_staff,
        "Kính gửi",
        at,
    )
    evidence = EvidenceFile.objects.get()
    assert evidence.original_name == "x.pdf" and evidence.removed_at is None
    assert nomination.assessments.get().evidence == "Sổ đoàn viên"
    criteria_set = CriteriaSet.objects.get(name="Bộ tiêu chí thử")
    assert (criteria_set.version, criteria_set.lock_version, criteria_set.source) == (
        1,
        1,
        "12/HD-TV",
    )
    assert Criterion.objects.get(criteria_set=criteria_set).title == "Nắm đoàn viên"
    # Records that got a history now have their first historical row, for the conflict message.
    for model in (Round, Honour, CriteriaSet, Criterion):
        assert model.history.count() == model.objects.count(), model
