"""Every writing service checks the caller's right itself: PermissionDenied, and nothing changes."""

import importlib
import inspect
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from branches import services
from branches.models import (
    Activity,
    Import,
    ImportTransition,
    Meeting,
    Member,
    MemberStatus,
    MemberTransfer,
    Position,
    PositionRole,
    ReportPeriod,
    ReportTransition,
    Role,
    RoleKind,
    Unit,
    UnitLevel,
    UnitReport,
)
from branches.services import (
    change_member_status,
    create_position,
    log_activity,
    log_meeting,
    start_unit_report,
    submit_unit_report,
)
from tests.branches.import_helpers import SMALL_LIST, upload
from tests.branches.records_helpers import make_member, make_period

pytestmark = pytest.mark.django_db

MODULES = ["units", "roles", "accounts", "members", "positions", "logs", "reports", "imports"]


@pytest.fixture
def ctx(tree, branch_secretary, outsider):
    """Records of branch A1, a submitted report of A1 and a draft of A2, and who is who."""
    member = make_member(tree.a1, "Trần Thị Mai")
    left = make_member(tree.a1, "Lê Văn Đã Đi")
    change_member_status(left, by=None, to=MemberStatus.GRADUATED, on=date(2021, 1, 1))
    position = create_position(
        tree.a1, by=None, member=member, role=PositionRole.SECRETARY, started_on=date(2020, 1, 1)
    )
    meeting = log_meeting(tree.a1, by=None, held_on=date(2021, 2, 1), topic="Tháng 2")
    activity = log_activity(tree.a1, by=None, held_on=date(2021, 2, 2), topic="Tình nguyện")
    period = make_period([tree.a1, tree.a2])
    submitted = start_unit_report(period, tree.a1, by=None)
    submit_unit_report(submitted, by=None)
    draft = start_unit_report(period, tree.a2, by=None)
    record = upload(tree.a1, "ds.csv", content=SMALL_LIST)
    return SimpleNamespace(
        t=tree, member=member, left=left, position=position, meeting=meeting,
        activity=activity, period=period, submitted=submitted, draft=draft,
        editor=branch_secretary, role=branch_secretary.roles.get(), outsider=outsider,
        record=record,
    )  # fmt: skip


ON = date(2025, 1, 1)

# module → service → a call on Phường 10's records by someone without the right there.
CASES = {
    "units": {
        "create_unit": lambda c: services.create_unit(
            by=c.outsider, parent=c.t.a, level=UnitLevel.BRANCH, name="Chi đoàn lén"
        ),
        "update_unit": lambda c: services.update_unit(c.t.a1, by=c.outsider, phone="0000"),
        "move_unit": lambda c: services.move_unit(c.t.a1, by=c.editor, new_parent=c.t.b),
        "close_unit": lambda c: services.close_unit(c.t.a1, by=c.editor, closed_on=ON),
        "merge_unit": lambda c: services.merge_unit(c.t.a2, by=c.editor, into=c.t.a1, merged_on=ON),
    },
    "roles": {
        "grant_role": lambda c: services.grant_role(
            c.t.a1, by=c.editor, user=c.outsider, kind=RoleKind.MANAGER
        ),
        "revoke_role": lambda c: services.revoke_role(c.role, by=c.outsider),
    },
    "accounts": {
        "create_account": lambda c: services.create_account(
            c.t.a1, by=c.editor, username="nguoi.la", full_name="Người Lạ"
        ),
        "renew_account_link": lambda c: services.renew_account_link(c.editor, by=c.outsider),
    },
    "members": {
        "create_member": lambda c: services.create_member(
            c.t.a1, by=c.outsider, full_name="Người Lạ", gender="male"
        ),
        "update_member": lambda c: services.update_member(c.member, by=c.outsider, phone="1"),
        "create_members": lambda c: services.create_members(
            c.t.a1, by=c.outsider, rows=[{"full_name": "Người Lạ", "gender": "male"}]
        ),
        "update_members": lambda c: services.update_members(
            [(c.member, {"phone": "1"})], by=c.outsider
        ),
        # The editor keeps A1 but may not move a member into another ward's branch.
        "transfer_member": lambda c: services.transfer_member(
            c.member, by=c.editor, to_unit=c.t.b1, transferred_on=ON
        ),
        "change_member_status": lambda c: services.change_member_status(
            c.member, by=c.outsider, to=MemberStatus.REMOVED, on=ON
        ),
        # Only a manager of the member's unit erases personal data, not its editor.
        "anonymise_member": lambda c: services.anonymise_member(c.left, by=c.editor),
    },
    "positions": {
        "create_position": lambda c: services.create_position(
            c.t.a1, by=c.outsider, person_name="Người Lạ", role="secretary", started_on=ON
        ),
        "update_position": lambda c: services.update_position(c.position, by=c.outsider, phone="1"),
    },
    "logs": {
        "log_meeting": lambda c: services.log_meeting(
            c.t.a1, by=c.outsider, held_on=ON, topic="Lén"
        ),
        "update_meeting": lambda c: services.update_meeting(c.meeting, by=c.outsider, topic="x"),
        "log_activity": lambda c: services.log_activity(
            c.t.a1, by=c.outsider, held_on=ON, topic="Lén"
        ),
        "update_activity": lambda c: services.update_activity(c.activity, by=c.outsider, topic="x"),
    },
    "imports": {
        "start_import": lambda c: services.start_import(
            c.t.a1, by=c.outsider, kind="members", file_name="ds.csv", content=SMALL_LIST
        ),
        # The branch's editor imports members, not units: that is for managers.
        "start_units_import": lambda c: services.start_import(
            c.t.a, by=c.editor, kind="units", file_name="ds.csv", content=SMALL_LIST
        ),
        "remap_import": lambda c: services.remap_import(c.record, by=c.outsider, mapping={}),
        "confirm_import": lambda c: services.confirm_import(c.record, by=c.outsider),
        "apply_import": lambda c: services.apply_import(c.record, by=c.outsider),
    },
    "reports": {
        "open_report_period": lambda c: services.open_report_period(
            by=c.editor, title="Lén", starts_on=ON, ends_on=ON, due_on=ON, units=[c.t.a1]
        ),
        "start_unit_report": lambda c: services.start_unit_report(c.period, c.t.a2, by=c.editor),
        "save_unit_report": lambda c: services.save_unit_report(
            c.draft, by=c.editor, youth_in_area=5
        ),
        "submit_unit_report": lambda c: services.submit_unit_report(c.draft, by=c.editor),
        "recall_unit_report": lambda c: services.recall_unit_report(c.submitted, by=c.outsider),
        # Only district staff change which units a period asks.
        "add_unit_to_period": lambda c: services.add_unit_to_period(c.period, c.t.b1, by=c.editor),
        "remove_unit_from_period": lambda c: services.remove_unit_from_period(
            c.period, c.t.a2, by=c.editor
        ),
        # Only a manager of the unit above returns a report, not the unit's own editor.
        "return_unit_report": lambda c: services.return_unit_report(
            c.submitted, by=c.editor, comment="Tự trả lại"
        ),
    },
}


def _writing_services(module_name: str) -> set[str]:
    """The module's public functions that run in a transaction: the ones that write."""
    module = importlib.import_module(f"branches.services.{module_name}")
    return {
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and hasattr(function, "__wrapped__")
    }


def _snapshot() -> tuple:
    models = (
        Unit, Role, Member, MemberTransfer, Position, Meeting, Activity, ReportPeriod,
        UnitReport, ReportTransition, Import, ImportTransition,
    )  # fmt: skip
    users = get_user_model().objects.order_by("pk").values("pk", "username", "password")
    return (*(list(m.objects.order_by("pk").values()) for m in models), list(users))


def test_every_writing_service_module_is_listed_here():
    import pkgutil

    found = {m.name for m in pkgutil.iter_modules(services.__path__)}
    assert {name for name in found if _writing_services(name)} == set(MODULES)


@pytest.mark.parametrize("module_name", MODULES)
def test_every_service_of_the_module_refuses_a_caller_without_the_right(ctx, module_name):
    assert {name.replace("_units", "") for name in CASES[module_name]} == _writing_services(
        module_name
    )
    for name, call in CASES[module_name].items():
        before = _snapshot()
        with pytest.raises(PermissionDenied):
            call(ctx)
        assert _snapshot() == before, name
