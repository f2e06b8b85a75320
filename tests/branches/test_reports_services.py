from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from branches.models import ReportStatus, ReportTransition, RoleKind, UnitReport
from branches.services import (
    log_meeting,
    recall_unit_report,
    return_unit_report,
    save_unit_report,
    start_unit_report,
    submit_unit_report,
)
from branches.services.reports import _move
from tests.branches.records_helpers import make_member, make_period
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def test_a_new_report_is_prefilled_from_the_register_and_logs(tree, branch_secretary):
    make_member(tree.a1, "Trần Thị Một", gender="female", joined_on=date(2021, 2, 1))
    make_member(tree.a1, "Lê Văn Hai")
    log_meeting(tree.a1, by=None, held_on=date(2021, 2, 5), topic="Tháng 2", attendance=9)
    period = make_period([tree.a1, tree.a2])
    report = start_unit_report(period, tree.a1, by=branch_secretary)
    assert (report.members_total, report.members_female, report.admissions) == (2, 1, 1)
    assert report.meetings_held == 1
    assert report.status == ReportStatus.DRAFT
    assert start_unit_report(period, tree.a1, by=branch_secretary) == report


def test_uncomputable_counts_are_carried_over_from_the_previous_report(tree):
    q1 = make_period([tree.a1])
    first = start_unit_report(q1, tree.a1, by=None)
    save_unit_report(first, by=None, base_version=1, youth_in_area=120, youth_gathered=40)
    q2 = make_period(
        [tree.a1],
        title="Quý II/2021",
        starts_on=date(2021, 4, 1),
        ends_on=date(2021, 6, 30),
        due_on=date(2021, 7, 10),
    )
    second = start_unit_report(q2, tree.a1, by=None)
    assert (second.youth_in_area, second.youth_gathered) == (120, 40)


def test_a_unit_outside_the_period_cannot_start_a_report(tree):
    period = make_period([tree.a1])
    with pytest.raises(ValidationError):
        start_unit_report(period, tree.b1, by=None)
    assert not UnitReport.objects.filter(unit=tree.b1).exists()


def test_submit_return_and_resubmit_are_logged(tree, branch_secretary, ward_secretary):
    period = make_period([tree.a1])
    report = start_unit_report(period, tree.a1, by=branch_secretary)
    save_unit_report(report, by=branch_secretary, base_version=1, submit=True, difficulties="Ít")
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == branch_secretary
    with pytest.raises(ValidationError):
        save_unit_report(report, by=branch_secretary, base_version=report.version, proposals="x")
    report.refresh_from_db()
    assert report.proposals == ""
    return_unit_report(report, by=ward_secretary, comment="Thiếu số thanh niên")
    assert report.status == ReportStatus.RETURNED
    submit_unit_report(report, by=branch_secretary)
    steps = list(ReportTransition.objects.values_list("from_status", "to_status", "note"))
    assert steps == [
        ("draft", "submitted", ""),
        ("submitted", "returned", "Thiếu số thanh niên"),
        ("returned", "submitted", ""),
    ]


def test_returning_needs_a_comment(tree):
    report = start_unit_report(make_period([tree.a1]), tree.a1, by=None)
    submit_unit_report(report, by=None)
    with pytest.raises(ValidationError):
        return_unit_report(report, by=None, comment="  ")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_female_members_cannot_exceed_the_total(tree):
    report = start_unit_report(make_period([tree.a1]), tree.a1, by=None)
    with pytest.raises(ValidationError):
        save_unit_report(report, by=None, base_version=1, members_total=3, members_female=4)
    report.refresh_from_db()
    assert (report.members_female, report.version) == (0, 1)


def test_lateness_is_judged_by_the_first_submission(tree):
    report = start_unit_report(make_period([tree.a1], due_on=date(2021, 4, 10)), tree.a1, by=None)
    report.first_submitted_at = timezone.make_aware(datetime(2021, 4, 10, 23, 0))
    assert not report.is_late
    report.first_submitted_at = timezone.make_aware(datetime(2021, 4, 11, 8, 0))
    assert report.is_late


# The report workflow, written out here on purpose rather than read from the code's table.
REPORT_TRANSITIONS = {
    ("draft", "submitted"),
    ("submitted", "returned"),
    ("submitted", "draft"),  # recalled by the unit before the due date
    ("returned", "submitted"),
}
REPORT_STATUSES = ["draft", "submitted", "returned"]


@pytest.mark.parametrize("to", REPORT_STATUSES)
@pytest.mark.parametrize("from_", REPORT_STATUSES)
def test_a_report_moves_only_along_the_allowed_transitions(tree, ward_secretary, from_, to):
    report = start_unit_report(make_period([tree.a1]), tree.a1, by=None)
    UnitReport.objects.filter(pk=report.pk).update(status=from_)
    report.refresh_from_db()
    if (from_, to) in REPORT_TRANSITIONS:
        _move(report, to, by=ward_secretary, note="ghi chú")
        report.refresh_from_db()
        assert report.status == to
        row = ReportTransition.objects.get()
        assert (row.report, row.from_status, row.to_status, row.by, row.note) == (
            report, from_, to, ward_secretary, "ghi chú",
        )  # fmt: skip
    else:
        with pytest.raises(ValidationError):
            _move(report, to, by=ward_secretary)
        report.refresh_from_db()
        assert report.status == from_
        assert not ReportTransition.objects.exists()


def test_the_services_submit_and_return_through_the_same_table(tree, branch_secretary):
    report = start_unit_report(make_period([tree.a1]), tree.a1, by=None)
    with pytest.raises(ValidationError):
        return_unit_report(report, by=None, comment="Chưa nộp mà trả lại")
    report.refresh_from_db()
    submit_unit_report(report, by=branch_secretary)
    with pytest.raises(ValidationError):
        submit_unit_report(report, by=branch_secretary)
    assert ReportTransition.objects.get().to_status == "submitted"
    report.refresh_from_db()
    assert (report.status, report.version) == ("submitted", 2)


def _submitted(tree, by, *, due_on):
    period = make_period([tree.a1], due_on=due_on)
    report = start_unit_report(period, tree.a1, by=by)
    submit_unit_report(report, by=by, base_version=1)
    return report


def test_a_unit_recalls_its_report_before_the_due_date_and_sends_it_again(tree, branch_secretary):
    report = _submitted(tree, branch_secretary, due_on=timezone.localdate())
    assert report.can_be_recalled
    recall_unit_report(report, by=branch_secretary, base_version=report.version)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.is_editable
    assert (report.submitted_at, report.first_submitted_at, report.submitted_by) == (None,) * 3
    last = report.transitions.last()
    assert (last.from_status, last.to_status, last.by) == ("submitted", "draft", branch_secretary)
    submit_unit_report(report, by=branch_secretary, base_version=report.version)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and not report.is_late


def test_a_report_cannot_be_recalled_after_the_due_date(tree, branch_secretary):
    report = _submitted(tree, branch_secretary, due_on=date(2021, 4, 10))
    assert not report.can_be_recalled
    with pytest.raises(ValidationError) as refused:
        recall_unit_report(report, by=branch_secretary, base_version=report.version)
    assert refused.value.messages == [
        gettext("The due date has passed: ask the unit above to return the report instead.")
    ]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None


def test_a_returned_or_draft_report_has_nothing_to_recall(tree, branch_secretary, ward_secretary):
    report = _submitted(tree, branch_secretary, due_on=timezone.localdate())
    return_unit_report(report, by=ward_secretary, comment="Sửa", base_version=report.version)
    assert not report.can_be_recalled
    with pytest.raises(ValidationError) as refused:
        recall_unit_report(report, by=branch_secretary, base_version=report.version)
    assert refused.value.messages == [gettext("Only a submitted report can be recalled.")]
    assert UnitReport.objects.get(pk=report.pk).status == ReportStatus.RETURNED


def test_a_viewer_cannot_recall_a_report(tree, branch_secretary):
    viewer = UserFactory()
    grant(viewer, tree.a1, RoleKind.VIEWER)
    report = _submitted(tree, branch_secretary, due_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        recall_unit_report(report, by=viewer, base_version=report.version)
    assert UnitReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_a_branch_created_during_an_open_period_joins_it_like_its_siblings(tree):
    from branches.models import ReportPeriod, UnitArea, UnitLevel
    from tests.factories import make_unit

    today = timezone.localdate()
    dates = {"starts_on": date(today.year, 1, 1), "ends_on": today, "due_on": today}
    open_period = make_period([tree.a1, tree.a2], **dates)
    past = make_period([tree.a1, tree.a2], title="Quý I/2021")  # due 10/04/2021
    partial = make_period([tree.a1], title="Riêng KP3", **dates)
    new = make_unit(tree.a, UnitLevel.BRANCH, "Chi đoàn Khu phố 9", area=UnitArea.NEIGHBOURHOOD)
    assert set(new.report_periods.all()) == {open_period}
    school = make_unit(tree.a, UnitLevel.BRANCH, "Chi đoàn Trường Y", area=UnitArea.SCHOOL)
    assert not school.report_periods.exists()
    # The new branch files the period's report like the others.
    report = start_unit_report(open_period, new, by=None)
    assert report.period == open_period
    assert ReportPeriod.objects.get(pk=past.pk).units.count() == 2
    assert partial.units.count() == 1


def test_staff_add_a_unit_to_a_period_and_remove_one_that_has_not_started(
    tree, district_staff, branch_secretary
):
    from branches.services import add_unit_to_period, remove_unit_from_period

    period = make_period([tree.a1])
    add_unit_to_period(period, tree.b1, by=district_staff)
    assert set(period.units.all()) == {tree.a1, tree.b1}
    with pytest.raises(ValidationError):
        add_unit_to_period(period, tree.b1, by=district_staff)
    with pytest.raises(PermissionDenied):
        remove_unit_from_period(period, tree.b1, by=branch_secretary)
    remove_unit_from_period(period, tree.b1, by=district_staff)
    start_unit_report(period, tree.a1, by=None)
    with pytest.raises(ValidationError):
        remove_unit_from_period(period, tree.a1, by=district_staff)
    assert set(period.units.all()) == {tree.a1}
