"""No lost update: two people open the same edit form, the first saves, the second is refused.

Each form-edited record of the app is tried from two logged-in clients. The second sees who changed
what (field: old → new) and nothing of theirs is saved; the first person's change stays.
"""

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from branches.models import RoleKind
from commendations.models import CriteriaSet, Criterion, Decision, Honour, Nomination, Round
from commendations.services.criteria import create_criteria_version
from tests.conftest import MODEL_BACKEND
from tests.factories import UserFactory, grant

CONFLICT = (
    "%(who)s changed this record at %(when)s, after you opened it. Your changes were not "
    "saved, so nothing was overwritten. What changed: %(changes)s. Reload the page to see "
    "the current record, then make your changes again."
)


def conflict_fragment() -> str:
    """The longest fixed part of the refusal, in the active language."""
    return max(re.split(r"%\(\w+\)s", gettext(CONFLICT)), key=len).strip()


def post_data(form: forms.BaseForm) -> dict:
    """What the browser would send back from this form, as it was rendered."""
    data = {}
    for field in form:
        value = field.value()
        if isinstance(field.field, forms.BooleanField):
            if value:
                data[field.html_name] = "on"
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        data[field.html_name] = "" if value is None else value
    return data


def two_clients(first_user, second_user) -> tuple[Client, Client]:
    clients = (Client(), Client())
    for client, user in zip(clients, (first_user, second_user), strict=True):
        client.force_login(user, backend=MODEL_BACKEND)
    return clients


@pytest.fixture
def other_staff(tree):
    user = UserFactory(username="quandoan2", full_name="Ngô Văn Hai")
    grant(user, tree.top, RoleKind.MANAGER, "Cán bộ Quận Đoàn")
    return user


@dataclass
class Case:
    url: str
    first: dict  # the first person's change
    second: dict  # the second person's change, from the stale form
    shown: str  # "label: old → new" the second person is told
    saved: callable  # reads back the record: the first person's change is there


def _round_case(objects):
    round_ = objects["round"]
    return Case(
        url=reverse("commendations:round_edit", args=[round_.pk]),
        first={"title": "Tuyên dương năm 2020 (sửa)"},
        second={"closes_on": "2021-03-31"},
        shown=f"{Round._meta.get_field('title').verbose_name}: {round_.title} → "
        "Tuyên dương năm 2020 (sửa)",
        saved=lambda: (
            Round.objects.get(pk=round_.pk).title == "Tuyên dương năm 2020 (sửa)"
            and Round.objects.get(pk=round_.pk).closes_on == date(2021, 3, 15)
        ),
    )


def _honour_case(objects):
    honour = objects["round"].honours.get(unit_level="branch")
    return Case(
        url=reverse("commendations:honour_edit", args=[honour.pk]),
        first={"quota": "30"},
        second={"title": "Chi đoàn vững mạnh"},
        shown=f"{Honour._meta.get_field('quota').verbose_name}: 40 → 30",
        saved=lambda: Honour.objects.filter(
            pk=honour.pk, quota=30, title="Chi đoàn mạnh tiêu biểu"
        ).exists(),
    )


def _scorecard_case(objects):
    nomination = objects["nomination"]
    return Case(
        url=reverse("commendations:nomination_edit", args=[nomination.pk]),
        first={"summary": "Lần 1"},
        second={"summary": "Lần 2"},
        shown=f"{Nomination._meta.get_field('summary').verbose_name}: — → Lần 1",
        saved=lambda: Nomination.objects.get(pk=nomination.pk).summary == "Lần 1",
    )


def _criteria_set_case(objects):
    draft = objects["criteria_draft"]
    return Case(
        url=reverse("commendations:criteria_set_edit", args=[draft.pk]),
        first={"source": "Hướng dẫn 2024"},
        second={"year": "2025"},
        shown=f"{CriteriaSet._meta.get_field('source').verbose_name}: {draft.source} → "
        "Hướng dẫn 2024",
        saved=lambda: CriteriaSet.objects.filter(
            pk=draft.pk, source="Hướng dẫn 2024", year=draft.year
        ).exists(),
    )


def _criterion_case(objects):
    criterion = objects["criteria_draft"].criteria.get(code="N1")
    return Case(
        url=reverse("commendations:criterion_edit", args=[criterion.pk]),
        first={"title": "Nắm đoàn viên, thanh niên"},
        second={"guidance": "Cách khác"},
        shown=f"{Criterion._meta.get_field('title').verbose_name}: Nắm đoàn viên → "
        "Nắm đoàn viên, thanh niên",
        saved=lambda: Criterion.objects.filter(
            pk=criterion.pk, title="Nắm đoàn viên, thanh niên", guidance=criterion.guidance
        ).exists(),
    )


CASES = {
    "round": (_round_case, "staff"),
    "honour": (_honour_case, "staff"),
    "nomination": (_scorecard_case, "secretaries"),
    "criteria set": (_criteria_set_case, "staff"),
    "criterion": (_criterion_case, "staff"),
}


@pytest.fixture
def objects(round_, branch_nomination, district_staff):
    return {
        "round": round_,
        "nomination": branch_nomination,
        "criteria_draft": create_criteria_version(round_.criteria_set, by=district_staff),
    }


@pytest.mark.parametrize("record", list(CASES))
def test_the_second_stale_save_is_refused_with_what_the_first_changed(
    record, objects, district_staff, other_staff, branch_secretary, ward_secretary
):
    make_case, who = CASES[record]
    case = make_case(objects)
    users = (district_staff, other_staff) if who == "staff" else (ward_secretary, branch_secretary)
    first, second = two_clients(*users)
    first_form = post_data(first.get(case.url).context["form"])
    second_form = post_data(second.get(case.url).context["form"])
    assert first_form["version"] == second_form["version"]

    assert first.post(case.url, {**first_form, **case.first}).status_code == 302
    refused = second.post(case.url, {**second_form, **case.second})

    assert refused.status_code == 200
    body = refused.content.decode()
    assert escape(conflict_fragment()) in body
    assert escape(str(users[0])) in body
    assert escape(case.shown) in body
    assert case.saved()


def test_the_second_revoke_of_a_decision_is_refused_with_what_the_first_changed(
    decision, district_staff, other_staff
):
    url = reverse("commendations:decision", args=[decision.pk])
    revoke = reverse("commendations:decision_revoke", args=[decision.pk])
    first, second = two_clients(district_staff, other_staff)
    first_version = first.get(url).context["revoke_form"]["version"].value()
    second_version = second.get(url).context["revoke_form"]["version"].value()

    first.post(revoke, {"reason": "Sai tên đơn vị", "version": first_version})
    refused = second.post(revoke, {"reason": "Sai số", "version": second_version}, follow=True)

    body = refused.content.decode()
    assert escape(conflict_fragment()) in body
    status = Decision._meta.get_field("status")
    assert escape(f"{status.verbose_name}: {gettext('Issued')} → {gettext('Revoked')}") in body
    decision.refresh_from_db()
    assert decision.revoke_reason == "Sai tên đơn vị" and decision.revoked_by == district_staff
