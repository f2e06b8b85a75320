"""Every URL pattern of the site, walked from the root URLconf, against the two rules of access.

1. Anonymous users are sent to the login page, except on the public pages named below.
2. The outsider (secretary of Chi đoàn Khu phố 1, Đoàn Phường 11) gets 404 on every page of a
   record kept under Đoàn Phường 10 or by the district alone, on GET and on POST, and nothing in
   the database changes.

Every pattern with a converter needs a case in CASES: a test below fails, naming it, when a new
pattern has none. The admin's patterns follow one rule instead (only staff get past the admin's
own guard), checked on each of them.
"""

from io import BytesIO
from typing import NamedTuple

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import reverse
from openpyxl import load_workbook

from tests.unionhub.isolation_world import build_world
from tests.unionhub.url_walk import Route, walk

GET = frozenset({"GET"})
POST = frozenset({"POST"})
BOTH = GET | POST


# Pages anyone may open without logging in.
PUBLIC = {
    "healthz",
    "favicon.ico",
    "verify",  # a certificate's QR code points here
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:set_password",  # the one-time link a new secretary is handed
    "accounts:set_password_done",
    "admin:login",
}


class Case(NamedTuple):
    kwargs: object  # world → URL kwargs
    methods: frozenset  # the methods the page answers (the others get 405)
    # The district's round is shown to everyone with a role: the outsider opens it but sees
    # none of Đoàn Phường 10's nominations in it, and changes nothing.
    shared: bool = False


def _pk(attr: str):
    return lambda w: {"pk": getattr(w, attr).pk}


def _unit(name: str, key: str = "pk"):
    return lambda w: {key: getattr(w.tree, name).pk}


# Pattern → how to reach a record the outsider may not see, and the methods the page answers.
CASES = {
    "jobs:job_detail": Case(_pk("job"), GET),
    "jobs:job_file": Case(_pk("job"), GET),
    # The tree and the accounts of Chi đoàn Khu phố 3 (A1) and Đoàn Phường 10 (A).
    "branches:unit": Case(_unit("a1"), GET),
    "branches:unit_history": Case(_unit("a1"), GET),
    "branches:unit_edit": Case(_unit("a1"), BOTH),
    "branches:unit_create": Case(_unit("a"), BOTH),
    "branches:unit_move": Case(_unit("a1"), BOTH),
    "branches:unit_close": Case(_unit("a1"), BOTH),
    "branches:unit_merge": Case(_unit("a1"), BOTH),
    "branches:account_create": Case(_unit("a1"), BOTH),
    "branches:account_link_renew": Case(lambda w: {"pk": w.tree.a1.pk, "role_pk": w.role.pk}, POST),
    "branches:role_revoke": Case(lambda w: {"pk": w.tree.a1.pk, "role_pk": w.role.pk}, POST),
    # A1's records.
    "branches:unit_children": Case(_unit("a"), GET),
    "branches:member_import": Case(_unit("a1", "unit_pk"), BOTH),
    "branches:member_import_template": Case(_unit("a1", "unit_pk"), GET),
    "branches:unit_import": Case(_unit("a", "unit_pk"), BOTH),
    "branches:unit_import_template": Case(_unit("a", "unit_pk"), GET),
    "branches:import": Case(_pk("an_import"), GET),
    "branches:import_mapping": Case(_pk("an_import"), POST),
    "branches:import_confirm": Case(_pk("an_import"), POST),
    "branches:import_refused": Case(_pk("an_import"), GET),
    "branches:board_group": Case(lambda w: {"pk": w.period.pk, "key": w.tree.a.pk}, GET),
    "branches:member_list": Case(_unit("a1", "unit_pk"), GET),
    "branches:member_create": Case(_unit("a1", "unit_pk"), BOTH),
    "branches:member_export": Case(_unit("a1", "unit_pk"), GET),
    "branches:member": Case(_pk("member"), GET),
    "branches:member_edit": Case(_pk("member"), BOTH),
    "branches:member_transfer": Case(_pk("member"), BOTH),
    "branches:member_status": Case(_pk("member"), BOTH),
    "branches:member_data": Case(_pk("member"), GET),
    "branches:member_anonymise": Case(_pk("member"), BOTH),
    "branches:committee": Case(_unit("a1", "unit_pk"), GET),
    "branches:position_create": Case(_unit("a1", "unit_pk"), BOTH),
    "branches:position_edit": Case(_pk("position"), BOTH),
    "branches:logs": Case(_unit("a1", "unit_pk"), GET),
    "branches:meeting_create": Case(_unit("a1", "unit_pk"), BOTH),
    "branches:meeting_edit": Case(_pk("meeting"), BOTH),
    "branches:activity_create": Case(_unit("a1", "unit_pk"), BOTH),
    "branches:activity_edit": Case(_pk("activity"), BOTH),
    "branches:unit_reports": Case(_unit("a1", "unit_pk"), GET),
    "branches:report_file": Case(
        lambda w: {"unit_pk": w.tree.a2.pk, "period_pk": w.period.pk}, BOTH
    ),
    "branches:report": Case(_pk("report"), GET),
    "branches:report_recall": Case(_pk("report"), POST),
    "branches:report_pdf": Case(_pk("report"), GET),
    "branches:report_return": Case(_pk("report"), POST),
    # A period asked of A1 and A2 only.
    "branches:board": Case(_pk("period"), GET),
    "branches:totals": Case(_pk("period"), GET),
    "branches:period_units": Case(_pk("period"), POST),
    "branches:board_export": Case(_pk("period"), GET),
    # The training organised by Đoàn Phường 10 for its branches; themes are the district's.
    "events:event": Case(_pk("event"), GET),
    "events:event_edit": Case(_pk("event"), BOTH),
    "events:theme_edit": Case(_pk("theme"), BOTH),
    "events:invitation_list": Case(_pk("event"), GET),
    "events:invite_branches": Case(_pk("event"), POST),
    "events:guest_create": Case(_pk("event"), BOTH),
    "events:invite_unit": Case(_pk("event"), POST),
    "events:checkin": Case(_pk("event"), GET),
    "events:attendance_xlsx": Case(_pk("event"), GET),
    "events:sign_in_sheet": Case(_pk("event"), GET),
    "events:invitation": Case(_pk("invitation"), GET),
    "events:invitation_reply": Case(_pk("invitation"), POST),
    "events:invitation_cancel": Case(_pk("invitation"), POST),
    "events:invitation_tick": Case(_pk("invitation"), POST),
    "events:scan": Case(lambda w: {"code": w.invitation.code}, GET),
    "events:survey_create": Case(_pk("event"), BOTH),
    "events:survey": Case(_pk("survey"), GET),
    "events:survey_edit": Case(_pk("survey"), BOTH),
    "events:survey_history": Case(_pk("survey"), GET),
    "events:survey_rate": Case(_pk("survey"), GET),
    "events:survey_results": Case(_pk("survey"), GET),
    "events:survey_results_xlsx": Case(_pk("survey"), GET),
    "events:survey_answers": Case(_pk("survey"), BOTH),
    "events:question_create": Case(_pk("survey"), BOTH),
    "events:question_edit": Case(_pk("question"), BOTH),
    "events:question_move": Case(_pk("question"), POST),
    "events:question_delete": Case(_pk("question"), POST),
    "events:respond": Case(lambda w: {"pk": w.survey.pk, "unit_pk": w.tree.a1.pk}, BOTH),
    "events:opinion_list": Case(_pk("event"), GET),
    "events:opinion_create": Case(_pk("event"), BOTH),
    "events:opinion_merge": Case(_pk("event"), POST),
    "events:opinion_xlsx": Case(_pk("event"), GET),
    "events:digest_pdf": Case(_pk("event"), GET),
    "events:opinion": Case(_pk("opinion"), GET),
    "events:opinion_edit": Case(_pk("opinion"), BOTH),
    "events:opinion_assign": Case(_pk("opinion"), POST),
    "events:opinion_answer": Case(_pk("opinion"), POST),
    "events:opinion_forward": Case(_pk("opinion"), POST),
    "events:opinion_status": Case(_pk("opinion"), POST),
    # The district's round, criteria and decision; A2's draft nomination, A1's award.
    "commendations:round": Case(_pk("round"), GET, shared=True),
    "commendations:round_nominate": Case(_pk("round"), POST, shared=True),
    "commendations:round_nominations_xlsx": Case(_pk("round"), GET, shared=True),
    "commendations:round_edit": Case(_pk("round"), BOTH),
    "commendations:round_images": Case(_pk("round"), BOTH),
    "commendations:round_image": Case(lambda w: {"pk": w.round.pk, "kind": "background"}, GET),
    "commendations:decision_create": Case(_pk("round"), BOTH),
    "commendations:honour_edit": Case(_pk("honour"), BOTH),
    "commendations:criteria_set": Case(_pk("criteria_set"), GET),
    "commendations:criteria_set_edit": Case(_pk("criteria_set"), BOTH),
    "commendations:criteria_set_new_version": Case(_pk("criteria_set"), POST),
    "commendations:criterion_create": Case(_pk("criteria_set"), BOTH),
    "commendations:criterion_edit": Case(_pk("criterion"), BOTH),
    "commendations:criterion_delete": Case(_pk("criterion"), POST),
    "commendations:nomination": Case(_pk("nomination"), GET),
    "commendations:nomination_edit": Case(_pk("nomination"), BOTH),
    "commendations:evidence_upload": Case(
        lambda w: {"pk": w.nomination.pk, "assessment_pk": w.assessment.pk}, POST
    ),
    "commendations:evidence_file": Case(
        lambda w: {"pk": w.nomination.pk, "file_pk": w.evidence.pk}, GET
    ),
    "commendations:evidence_delete": Case(
        lambda w: {"pk": w.nomination.pk, "file_pk": w.evidence.pk}, POST
    ),
    "commendations:nomination_submit": Case(_pk("nomination"), POST),
    "commendations:nomination_endorse": Case(_pk("nomination"), POST),
    "commendations:nomination_return": Case(_pk("nomination"), POST),
    "commendations:nomination_review": Case(_pk("nomination"), BOTH),
    "commendations:unit_nominations": Case(_unit("a1"), GET),
    "commendations:decision": Case(_pk("decision"), GET),
    "commendations:decision_revoke": Case(_pk("decision"), POST),
    "commendations:decision_list_pdf": Case(_pk("decision"), GET),
    "commendations:decision_list_xlsx": Case(_pk("decision"), GET),
    "commendations:decision_certificates": Case(_pk("decision"), GET),
    "commendations:award": Case(_pk("award"), GET),
    "commendations:award_certificate": Case(_pk("award"), GET),
}
# Names of Đoàn Phường 10's branches: none may show on a shared page the outsider opens.
HIDDEN = ("Khu phố 3", "Khu phố 4")
# What a POST carries: enough for most forms to do something, were the outsider let through.
POST_DATA = {
    "name": "Chi đoàn Lọt", "full_name": "Nguyễn Văn Lọt", "title": "Lọt", "topic": "Lọt",
    "content": "Lọt", "comment": "Lọt", "reason": "Lọt", "note": "Lọt", "to": "removed",
    "role": "secretary", "outcome": "approved", "status": "closed", "direction": "up",
    "gender": "male", "held_on": "2021-02-03", "closed_on": "2021-02-03", "reply": "accepted",
}  # fmt: skip
# Rows that change on any request (sessions, login throttling) are not part of the snapshot.
NOT_SNAPSHOT = {"sessions", "axes"}


def _snapshot() -> dict:
    """Every row of every table the site keeps, as plain values."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label not in NOT_SNAPSHOT and not model._meta.proxy
    }


def _changed(before: dict, after: dict, *, own_downloads_by=None) -> list[str]:
    """The tables whose rows differ; the export log may gain the user's own downloads."""
    changed = [label for label in before if before[label] != after[label]]
    log = "unionhub.ExportLog"
    if own_downloads_by is not None and log in changed:
        added = [row for row in after[log] if row not in before[log]]
        if len(after[log]) == len(before[log]) + len(added) and all(
            row["user_id"] == own_downloads_by.pk and row["row_count"] == 0 for row in added
        ):
            changed.remove(log)
    return changed


def _url(route: Route, world=None) -> str:
    if world is not None and route.key in CASES:
        return reverse(route.key, kwargs=CASES[route.key].kwargs(world))
    return route.sample_url()


def _body_text(response) -> str:
    if "spreadsheetml" in response.get("Content-Type", ""):
        sheets = load_workbook(BytesIO(response.content), read_only=True).worksheets
        return " ".join(
            str(v) for ws in sheets for row in ws.iter_rows(values_only=True) for v in row
        )
    return response.content.decode(errors="replace")


@pytest.fixture
def world(tree, district_staff, ward_secretary, branch_secretary, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world(
        tree,
        district_staff=district_staff,
        ward_secretary=ward_secretary,
        branch_secretary=branch_secretary,
    )


ROUTES = walk()
SITE = [r for r in ROUTES if r.namespace != "admin"]
ADMIN = [r for r in ROUTES if r.namespace == "admin"]


def test_every_pattern_with_an_object_id_has_a_case():
    needing = {r.key for r in SITE if r.has_converter} - PUBLIC
    missing = sorted(needing - set(CASES))
    assert not missing, f"No isolation case for these URL patterns (add them to CASES): {missing}"
    stale = sorted(set(CASES) - needing) + sorted(PUBLIC - {r.key for r in ROUTES})
    assert not stale, f"Cases or public pages for patterns that no longer exist: {stale}"


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login_except_on_public_pages(client, world):
    login, admin_login = resolve_url(settings.LOGIN_URL), reverse("admin:login")
    wrong = []
    for route in ROUTES:
        url = _url(route, world)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            location = response.get("Location", "")
            sent_to_login = response.status_code == 302 and location.startswith(
                (f"{login}?", f"{admin_login}?", reverse("admin:index"))
            )
            if sent_to_login == (route.key in PUBLIC):
                wrong.append(f"{method.upper()} {url} ({route.key}): {response.status_code}")
    assert not wrong, "\n".join(wrong)


def _outsider_result(client, user, route: Route, world) -> list[str]:
    """What went wrong when the outsider tried this page (nothing, when all is well)."""
    case = CASES.get(route.key)
    if case is None:
        return [f"{route.key}: no isolation case (add it to CASES)"]
    url = _url(route, world)
    problems = []
    before = _snapshot()
    for method in ("GET", "POST"):
        data = {**POST_DATA, "unit": world.tree.a1.pk} if method == "POST" else None
        try:
            response = getattr(client, method.lower())(url, data)
        except Exception as error:  # a crash is a failure of its own, reported with the rest
            problems.append(f"{method} {url} ({route.key}) raised {error!r}")
            continue
        code = response.status_code
        if method not in case.methods:
            expected = {405}
        elif case.shared:
            expected = {200, 302}
        else:
            expected = {404}
        if code not in expected:
            problems.append(f"{method} {url} ({route.key}): {code}, expected {sorted(expected)}")
        elif case.shared and code == 200:
            shown = [name for name in HIDDEN if name in _body_text(response)]
            if shown:
                problems.append(f"{method} {url} ({route.key}) shows {shown}")
    changed = _changed(before, _snapshot(), own_downloads_by=user if case.shared else None)
    if changed:
        problems.append(f"{route.key}: the outsider's requests changed {changed}")
    return problems


@pytest.mark.django_db
def test_the_outsider_gets_404_on_every_record_of_another_ward_and_changes_nothing(
    outsider_client, outsider, world
):
    problems = []
    for route in SITE:
        if not route.has_converter or route.key in PUBLIC:
            continue
        with transaction.atomic():
            problems += _outsider_result(outsider_client, outsider, route, world)
            transaction.set_rollback(True)  # one leaking page must not hide or cause another
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_outsider_is_sent_to_the_admin_login_on_every_admin_page(outsider_client, world):
    admin_login = reverse("admin:login")
    problems = []
    before = _snapshot()
    for route in ADMIN:
        if route.key in PUBLIC:
            continue
        url = _url(route)
        for method in ("get", "post"):
            response = getattr(outsider_client, method)(
                url, POST_DATA if method == "post" else None
            )
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(
                (f"{admin_login}?", reverse("admin:index"))
            ):
                problems.append(f"{method.upper()} {url} ({route.key}): {response.status_code}")
    changed = _changed(before, _snapshot())
    assert not problems and not changed, "\n".join([*problems, f"changed: {changed}"])


def test_the_walk_reaches_every_app_and_the_admin():
    keys = {r.key for r in ROUTES}
    assert {"home", "branches:member_edit", "events:respond", "commendations:award"} <= keys
    assert {"jobs:job_file", "accounts:set_password", "admin:index"} <= keys
    assert len(ADMIN) > 50
