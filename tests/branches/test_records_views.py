"""The records pages: anonymous → login, wrong method → 405, outsider → 404,
and the role layer: what a viewer, an editor and a manager may open, and closed units."""

from datetime import date

import pytest
from django.urls import reverse

from branches import urls
from branches.models import (
    ReportStatus,
    RoleKind,
    UnitReport,
)
from branches.services import (
    close_unit,
)
from tests.branches.records_helpers import records_snapshot
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


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
    "report_recall": (lambda t, r: {"pk": r.report.pk}, {"POST"}, WRITE),
    "report_pdf": (lambda t, r: {"pk": r.report.pk}, {"GET"}, READ),
    "report_return": (lambda t, r: {"pk": r.report.pk}, {"POST"}, REVIEW),
    "period_list": (lambda t, r: {}, {"GET"}, READ),
    "period_create": (lambda t, r: {}, {"GET", "POST"}, DISTRICT),
    "board": (lambda t, r: {"pk": r.period.pk}, {"GET"}, READ),
    "board_group": (lambda t, r: {"pk": r.period.pk, "key": t.a.pk}, {"GET"}, READ),
    "totals": (lambda t, r: {"pk": r.period.pk}, {"GET"}, READ),
    "period_units": (lambda t, r: {"pk": r.period.pk}, {"POST"}, DISTRICT),
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
    before = records_snapshot()
    url = _url(name, tree, rec)
    for method in URLS[name][1]:
        response = getattr(outsider_client, method.lower())(url, POST_DATA)
        assert response.status_code == 404, (name, method)
    assert records_snapshot() == before


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
        before = records_snapshot()
        assert _is_refused(client, name, tree, rec), (kind, name)
        assert records_snapshot() == before


def test_an_editor_gets_404_on_the_manager_only_member_data_and_anonymise(branch_client, tree, rec):
    before = records_snapshot()
    for name in ("member_data", "member_anonymise"):
        assert _is_refused(branch_client, name, tree, rec), name
    assert records_snapshot() == before


@pytest.mark.parametrize("name", sorted(URLS))
def test_a_closed_unit_refuses_every_write_and_stays_readable(district_client, tree, rec, name):
    close_unit(tree.a1, by=None, closed_on=date(2025, 1, 1))
    close_unit(tree.a2, by=None, closed_on=date(2025, 1, 1))
    close_unit(tree.a, by=None, closed_on=date(2025, 1, 1))
    access = URLS[name][2]
    if access in ALLOWED_ON_CLOSED or access == DISTRICT:
        assert _opens(district_client, name, tree, rec), name
    else:
        before = records_snapshot()
        assert _is_refused(district_client, name, tree, rec), name
        assert records_snapshot() == before


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
