"""The records pages: every URL's happy path, anonymous → login, wrong method → 405, outsider → 404,
and the role layer: what a viewer, an editor and a manager may open, and closed units."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from branches import urls
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
    ReportStatus,
    ReportTransition,
    RoleKind,
    UnitReport,
)
from branches.services import (
    change_member_status,
    close_unit,
    create_position,
    log_activity,
    log_meeting,
    start_unit_report,
    submit_unit_report,
)
from tests.branches.import_helpers import SMALL_LIST, upload
from tests.branches.records_helpers import make_member, make_period
from tests.factories import UserFactory, grant
from unionhub.models import ExportLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec(tree):
    """Records of branch A1 (Khu phố 3, Phường 10) and of the outsider's branch B1."""
    member = make_member(tree.a1, "Trần Thị Mai", phone="0909000111")
    left = make_member(tree.a1, "Lê Văn Đã Đi")
    change_member_status(left, by=None, to=MemberStatus.GRADUATED, on=date(2021, 1, 1))
    other = make_member(tree.b1, "Võ Văn Khác")
    position = create_position(
        tree.a1, by=None, member=member, role=PositionRole.SECRETARY, started_on=date(2020, 1, 1)
    )
    meeting = log_meeting(tree.a1, by=None, held_on=date(2021, 2, 1), topic="Tháng 2", attendance=9)
    activity = log_activity(tree.a1, by=None, held_on=date(2021, 2, 2), topic="Tình nguyện")
    period = make_period([tree.a1, tree.a2])
    report = start_unit_report(period, tree.a1, by=None)
    submit_unit_report(report, by=None)
    member_import = upload(tree.a1, "ds.csv", content=SMALL_LIST)
    return SimpleNamespace(
        member=member, left=left, other=other, position=position, meeting=meeting,
        activity=activity, period=period, report=report, member_import=member_import,
    )  # fmt: skip


# Who may use a page, by the role the user holds on the records' unit (or above it):
READ = "read"  # any role: viewer, editor or manager
WRITE = "write"  # an editor or a manager, while the unit is open
PERSONAL = "personal"  # a manager of the member's unit, also after it closed
REVIEW = "review"  # a manager of the unit above, while the unit is open
DISTRICT = "district"  # district staff only
MANAGE = "manage"  # a manager of the unit (or above), while it is open

# name → (kwargs from the tree and records, methods it answers, who may use it)
URLS = {
    "member_list": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET"}, READ),
    "member_create": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET", "POST"}, WRITE),
    "member_export": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET"}, READ),
    "member": (lambda t, r: {"pk": r.member.pk}, {"GET"}, READ),
    "member_edit": (lambda t, r: {"pk": r.member.pk}, {"GET", "POST"}, WRITE),
    "member_transfer": (lambda t, r: {"pk": r.member.pk}, {"GET", "POST"}, WRITE),
    "member_status": (lambda t, r: {"pk": r.member.pk}, {"GET", "POST"}, WRITE),
    "member_data": (lambda t, r: {"pk": r.member.pk}, {"GET"}, PERSONAL),
    "member_anonymise": (lambda t, r: {"pk": r.left.pk}, {"GET", "POST"}, PERSONAL),
    "committee": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET"}, READ),
    "position_create": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET", "POST"}, WRITE),
    "position_edit": (lambda t, r: {"pk": r.position.pk}, {"GET", "POST"}, WRITE),
    "logs": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET"}, READ),
    "meeting_create": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET", "POST"}, WRITE),
    "meeting_edit": (lambda t, r: {"pk": r.meeting.pk}, {"GET", "POST"}, WRITE),
    "activity_create": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET", "POST"}, WRITE),
    "activity_edit": (lambda t, r: {"pk": r.activity.pk}, {"GET", "POST"}, WRITE),
    "unit_reports": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET"}, READ),
    "report_file": (
        lambda t, r: {"unit_pk": t.a2.pk, "period_pk": r.period.pk},
        {"GET", "POST"},
        WRITE,
    ),
    "report": (lambda t, r: {"pk": r.report.pk}, {"GET"}, READ),
    "report_return": (lambda t, r: {"pk": r.report.pk}, {"POST"}, REVIEW),
    "period_list": (lambda t, r: {}, {"GET"}, READ),
    "period_create": (lambda t, r: {}, {"GET", "POST"}, DISTRICT),
    "board": (lambda t, r: {"pk": r.period.pk}, {"GET"}, READ),
    "board_group": (lambda t, r: {"pk": r.period.pk, "key": t.a.pk}, {"GET"}, READ),
    "totals": (lambda t, r: {"pk": r.period.pk}, {"GET"}, READ),
    "board_export": (lambda t, r: {"pk": r.period.pk}, {"GET"}, READ),
    "member_import": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET", "POST"}, WRITE),
    "member_import_template": (lambda t, r: {"unit_pk": t.a1.pk}, {"GET"}, WRITE),
    "unit_import": (lambda t, r: {"unit_pk": t.a.pk}, {"GET", "POST"}, MANAGE),
    "unit_import_template": (lambda t, r: {"unit_pk": t.a.pk}, {"GET"}, MANAGE),
    "import": (lambda t, r: {"pk": r.member_import.pk}, {"GET"}, WRITE),
    "import_mapping": (lambda t, r: {"pk": r.member_import.pk}, {"POST"}, WRITE),
    "import_confirm": (lambda t, r: {"pk": r.member_import.pk}, {"POST"}, WRITE),
    "import_refused": (lambda t, r: {"pk": r.member_import.pk}, {"GET"}, WRITE),
}
# Pages anyone with a role may open (they list only what the user may see).
OPEN_TO_ALL = {"period_list"}
# What each role on Phường 10 (the records' grassroots union) may use.
ALLOWED = {
    RoleKind.VIEWER: {READ},
    RoleKind.EDITOR: {READ, WRITE},
    RoleKind.MANAGER: {READ, WRITE, PERSONAL, REVIEW, MANAGE},
}
# On a closed unit, district staff (who hold every right) may still use only these.
ALLOWED_ON_CLOSED = {READ, PERSONAL}
# A POST that would change something for a user allowed to make it.
POST_DATA = {"full_name": "X Y", "to": "removed", "comment": "Sửa lại", "role": "secretary"}


def _url(name, tree, rec) -> str:
    return reverse(f"branches:{name}", kwargs=URLS[name][0](tree, rec))


def _snapshot() -> tuple:
    models = (
        Member, MemberTransfer, Position, Meeting, Activity, UnitReport, ReportTransition,
        ReportPeriod, ExportLog, Import, ImportTransition,
    )  # fmt: skip
    return tuple(list(m.objects.order_by("pk").values()) for m in models)


def test_the_table_above_covers_every_records_url():
    unit_pages = {"branches.views.units", "branches.views.accounts"}
    records = {p.name for p in urls.urlpatterns if p.callback.__module__ not in unit_pages}
    assert set(URLS) == records
    kinds = {access for _kwargs, _methods, access in URLS.values()}
    assert kinds <= {READ, WRITE, PERSONAL, REVIEW, DISTRICT, MANAGE}
    # Every kind of page is tried by the role tests below, for every role.
    assert kinds == set().union(*ALLOWED.values(), {DISTRICT})


@pytest.mark.parametrize("name", sorted(URLS))
def test_anonymous_users_are_sent_to_login(client, tree, rec, name):
    method = "get" if "GET" in URLS[name][1] else "post"
    response = getattr(client, method)(_url(name, tree, rec))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(set(URLS) - OPEN_TO_ALL))
def test_an_outsider_gets_404_and_changes_nothing(outsider_client, tree, rec, name):
    before = _snapshot()
    url = _url(name, tree, rec)
    for method in URLS[name][1]:
        response = getattr(outsider_client, method.lower())(url, POST_DATA)
        assert response.status_code == 404, (name, method)
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(URLS))
def test_a_wrong_method_gets_405(district_client, tree, rec, name):
    url = _url(name, tree, rec)
    response = district_client.delete(url) if "POST" in URLS[name][1] else district_client.post(url)
    assert response.status_code == 405


@pytest.mark.parametrize("name", sorted(n for n, (_k, m, _a) in URLS.items() if "GET" in m))
def test_district_staff_can_open_every_page(district_client, tree, rec, name):
    response = district_client.get(_url(name, tree, rec))
    assert response.status_code in (200, 302), name


# --- the role layer --------------------------------------------------------------------------


@pytest.fixture
def ward_role(login, tree):
    """A client logged in as a user holding a role of the given kind on Phường 10."""

    def _client(kind: str):
        user = UserFactory(username=f"p10.{kind}", full_name="Đinh Thị Vai Trò")
        grant(user, tree.a, kind)
        return login(user)

    return _client


def _is_refused(client, name, tree, rec) -> bool:
    """Every method of the page answers 404 (the caller checks that nothing changed)."""
    url = _url(name, tree, rec)
    codes = {getattr(client, m.lower())(url, POST_DATA).status_code for m in URLS[name][1]}
    return codes == {404}


def _opens(client, name, tree, rec) -> bool:
    """The page opens: a GET is answered, or a POST-only action gets past the permission check."""
    url = _url(name, tree, rec)
    if "GET" in URLS[name][1]:
        return client.get(url).status_code in (200, 302)
    return client.post(url, {}).status_code == 302


@pytest.mark.parametrize("kind", [RoleKind.VIEWER, RoleKind.EDITOR, RoleKind.MANAGER])
@pytest.mark.parametrize("name", sorted(URLS))
def test_each_role_opens_exactly_the_pages_of_its_rights(ward_role, tree, rec, kind, name):
    client = ward_role(kind)
    access = URLS[name][2]
    if access in ALLOWED[kind] or name in OPEN_TO_ALL:
        assert _opens(client, name, tree, rec), (kind, name)
    else:
        before = _snapshot()
        assert _is_refused(client, name, tree, rec), (kind, name)
        assert _snapshot() == before


def test_an_editor_gets_404_on_the_manager_only_member_data_and_anonymise(branch_client, tree, rec):
    before = _snapshot()
    for name in ("member_data", "member_anonymise"):
        assert _is_refused(branch_client, name, tree, rec), name
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(URLS))
def test_a_closed_unit_refuses_every_write_and_stays_readable(district_client, tree, rec, name):
    close_unit(tree.a1, by=None, closed_on=date(2025, 1, 1))
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    close_unit(tree.a, by=None, closed_on=date(2025, 1, 1))
    access = URLS[name][2]
    if access in ALLOWED_ON_CLOSED or access == DISTRICT:
        assert _opens(district_client, name, tree, rec), name
    else:
        before = _snapshot()
        assert _is_refused(district_client, name, tree, rec), name
        assert _snapshot() == before


def test_the_branch_secretary_can_open_their_pages(branch_client, tree, rec):
    UnitReport.objects.filter(pk=rec.report.pk).update(status=ReportStatus.RETURNED)
    for name in ["member_list", "member", "member_edit", "committee", "logs", "unit_reports"]:
        response = branch_client.get(_url(name, tree, rec))
        assert response.status_code == 200, name
    url = reverse(
        "branches:report_file", kwargs={"unit_pk": tree.a1.pk, "period_pk": rec.period.pk}
    )
    assert branch_client.get(url).status_code == 200


def test_a_branch_secretary_cannot_open_a_period(branch_client, tree, rec):
    assert branch_client.get(reverse("branches:period_create")).status_code == 404


def test_a_branch_secretary_cannot_return_their_own_report(branch_client, tree, rec):
    url = reverse("branches:report_return", kwargs={"pk": rec.report.pk})
    assert branch_client.post(url, {"comment": "x", "version": 2}).status_code == 404
    rec.report.refresh_from_db()
    assert rec.report.status == ReportStatus.SUBMITTED


# --- happy paths and posts with other units' ids ---------------------------------------------


def _member_data(member=None, **changes) -> dict:
    data = {"full_name": "Phạm Thị Lan", "gender": "female", "birth_date": "2001-05-04",
            "joined_on": "2017-03-26", "card_number": "079201000123", "phone": "0909 123 456",
            "email": "", "address": "", "party_referred_on": "", "party_admitted_on": "",
            "notes": ""}  # fmt: skip
    if member is not None:
        data["version"] = member.version
    data.update(changes)
    return data


def test_a_secretary_adds_a_member(branch_client, tree, rec):
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    response = branch_client.post(url, _member_data())
    assert response.status_code == 302
    member = Member.objects.get(full_name="Phạm Thị Lan")
    assert (member.unit, member.card_number) == (tree.a1, "079201000123")


def test_bad_member_input_is_refused_and_changes_nothing(branch_client, tree, rec):
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    before = _snapshot()
    response = branch_client.post(url, _member_data(full_name="Lan", birth_date="31/31/2001"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"full_name", "birth_date"}
    assert _snapshot() == before


def test_the_member_list_searches_without_accents(branch_client, tree, rec):
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a1.pk})
    names = [m.full_name for m in branch_client.get(url, {"q": "tran thi"}).context["page"]]
    assert names == ["Trần Thị Mai"]


def test_the_ward_secretary_sees_the_members_of_every_branch_below(ward_client, tree, rec):
    make_member(tree.a2, "Ngô Văn Hai")
    url = reverse("branches:member_list", kwargs={"unit_pk": tree.a.pk})
    names = {m.full_name for m in ward_client.get(url).context["page"]}
    assert names == {"Trần Thị Mai", "Ngô Văn Hai"}


def test_a_position_cannot_name_a_member_of_another_unit(branch_client, tree, rec):
    url = reverse("branches:position_create", kwargs={"unit_pk": tree.a1.pk})
    data = {"role": "deputy_secretary", "member": rec.other.pk, "started_on": "2021-01-01"}
    response = branch_client.post(url, data)
    assert response.status_code == 200
    assert "member" in response.context["form"].errors
    assert Position.objects.count() == 1


def test_a_transfer_to_a_unit_the_user_may_not_choose_changes_nothing(ward_client, tree, rec):
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    data = {"to_unit": tree.b1.pk, "transferred_on": "2021-05-01", "version": rec.member.version}
    response = ward_client.post(url, data)
    assert response.status_code == 200
    assert "to_unit" in response.context["form"].errors
    rec.member.refresh_from_db()
    assert rec.member.unit == tree.a1 and not MemberTransfer.objects.exists()


def test_transfer_from_phuong_10_to_phuong_11_moves_the_member_to_the_new_unit(
    login, district_staff, branch_secretary, outsider, tree, rec
):
    client = login(district_staff)
    url = reverse("branches:member_transfer", kwargs={"pk": rec.member.pk})
    data = {"to_unit": tree.b1.pk, "transferred_on": "2021-05-01", "version": rec.member.version}
    assert client.post(url, data).status_code == 302
    assert Member.objects.filter(full_name="Trần Thị Mai").count() == 1
    member_url = reverse("branches:member", kwargs={"pk": rec.member.pk})
    assert login(outsider).get(member_url).status_code == 200
    b1_list = reverse("branches:member_list", kwargs={"unit_pk": tree.b1.pk})
    assert "Trần Thị Mai" in [m.full_name for m in login(outsider).get(b1_list).context["page"]]
    assert login(branch_secretary).get(member_url).status_code == 404
    a1_list = reverse("branches:member_list", kwargs={"unit_pk": tree.a1.pk})
    a1_names = [m.full_name for m in login(branch_secretary).get(a1_list).context["page"]]
    assert "Trần Thị Mai" not in a1_names
    for unit in (tree.a1, tree.b1):
        history = login(district_staff).get(reverse("branches:unit_history", args=[unit.pk]))
        subjects = " ".join(e.subject for e in history.context["page"])
        assert "Trần Thị Mai" in subjects, unit


def test_the_secretary_files_a_prefilled_report(branch_client, tree, rec):
    period = make_period([tree.a1], title="Quý II/2021", starts_on=date(2021, 4, 1),
                         ends_on=date(2021, 6, 30), due_on=date(2021, 7, 10))  # fmt: skip
    url = reverse("branches:report_file", kwargs={"unit_pk": tree.a1.pk, "period_pk": period.pk})
    form = branch_client.get(url).context["form"]
    assert not UnitReport.objects.filter(period=period).exists()  # a GET changes nothing
    data = {name: form[name].value() for name in form.fields}
    data.update(youth_in_area=150, youth_gathered=60, difficulties="Thiếu sân chơi", submit="1")
    response = branch_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    report = UnitReport.objects.get(period=period)
    assert (report.status, report.youth_gathered, report.members_total) == ("submitted", 60, 1)


def test_the_ward_secretary_returns_a_report_with_a_comment(ward_client, tree, rec):
    url = reverse("branches:report_return", kwargs={"pk": rec.report.pk})
    ward_client.post(url, {"comment": "Bổ sung số thiếu nhi", "version": rec.report.version})
    rec.report.refresh_from_db()
    assert (rec.report.status, rec.report.return_comment) == ("returned", "Bổ sung số thiếu nhi")


def test_district_staff_open_a_period_for_all_neighbourhood_branches(district_client, tree):
    data = {"title": "Quý III/2021", "starts_on": "2021-07-01", "ends_on": "2021-09-30",
            "due_on": "2021-10-10", "level": "branch", "area": "neighbourhood", "under": ""}  # fmt: skip
    assert district_client.post(reverse("branches:period_create"), data).status_code == 302
    period = ReportPeriod.objects.get(title="Quý III/2021")
    assert set(period.units.all()) == {tree.a1, tree.a2, tree.b1}


def test_anonymising_is_logged_and_erases_the_name(district_client, tree, rec):
    url = reverse("branches:member_anonymise", kwargs={"pk": rec.left.pk})
    assert district_client.post(url).status_code == 302
    rec.left.refresh_from_db()
    assert rec.left.full_name == "L. V. Đ. Đ."
    assert ExportLog.objects.filter(kind="anonymisation of a member", unit=tree.a1).count() == 1


def test_the_unit_page_shows_the_current_secretary_with_the_phone(branch_client, tree, rec):
    response = branch_client.get(reverse("branches:unit", args=[tree.a1.pk]))
    assert [p.holder_name for p in response.context["committee"]] == ["Trần Thị Mai"]
    assert "0909000111" in response.content.decode()


def test_the_home_page_shows_the_secretary_what_is_due(branch_client, tree, rec):
    make_period([tree.a1], title="Quý II/2021", starts_on=date(2021, 4, 1),
                ends_on=date(2021, 6, 30), due_on=date(2021, 7, 10))  # fmt: skip
    response = branch_client.get(reverse("home"))
    panel = next(p for p in response.context["panels"] if p.template == "branches/_panel_due.html")
    assert [d.period.title for d in panel.context["due"]] == ["Quý II/2021"]
    assert panel.context["incomplete"] == [(tree.a1, 1)]


def test_a_name_typed_decomposed_is_stored_composed_and_is_one_name(branch_client, tree, rec):
    import unicodedata

    typed = unicodedata.normalize("NFD", "Lê Thị Hằng")
    assert typed != "Lê Thị Hằng"
    url = reverse("branches:member_create", kwargs={"unit_pk": tree.a1.pk})
    data = _member_data(full_name=typed, address=unicodedata.normalize("NFD", "12 Âu Cơ"))
    assert branch_client.post(url, data).status_code == 302
    member = Member.objects.get(full_name="Lê Thị Hằng")
    assert unicodedata.is_normalized("NFC", member.full_name)
    assert member.address == "12 Âu Cơ"
    list_url = reverse("branches:member_list", kwargs={"unit_pk": tree.a1.pk})
    found = branch_client.get(list_url, {"q": unicodedata.normalize("NFD", "Hằng")}).context["page"]
    assert [m.full_name for m in found] == ["Lê Thị Hằng"]
