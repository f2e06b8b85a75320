"""Criteria pages: district staff keep the sets; a set some round used is frozen."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from commendations.models import CriteriaSet, Criterion
from commendations.services.criteria import create_criteria_version
from tests.conftest import MODEL_BACKEND


@pytest.fixture
def draft_set(criteria_set, district_staff):
    """Version 2 of the default set: no round has used it yet."""
    return create_criteria_version(criteria_set, by=district_staff)


def test_the_criteria_list_needs_login_the_right_method_and_staff(
    district_client, criteria_set, ward_secretary
):
    url = reverse("commendations:criteria_set_list")
    assert Client().get(url).status_code == 302
    assert district_client.delete(url).status_code == 405
    response = district_client.get(url)
    assert response.status_code == 200 and str(criteria_set) in response.content.decode()
    ward = Client()
    ward.force_login(ward_secretary, backend=MODEL_BACKEND)
    assert ward.get(url).status_code == 404


def test_staff_see_a_set_with_its_nine_criteria(district_client, criteria_set):
    response = district_client.get(criteria_set.get_absolute_url())
    assert response.status_code == 200
    assert "Nắm đoàn viên" in response.content.decode()


def test_staff_make_a_new_version_and_edit_its_wording(district_client, round_):
    old = round_.criteria_set
    response = district_client.post(
        reverse("commendations:criteria_set_new_version", args=[old.pk])
    )
    new = CriteriaSet.objects.get(name=old.name, version=2)
    assert response["Location"] == new.get_absolute_url()
    criterion = new.criteria.get(code="L3")
    url = reverse("commendations:criterion_edit", args=[criterion.pk])
    data = {"group": "lam", "code": "L3", "title": "Làm công tác xây dựng Đoàn", "order": 9,
            "guidance": "Kết nạp đoàn viên", "version": criterion.version}  # fmt: skip
    assert district_client.post(url, data).status_code == 302
    criterion.refresh_from_db()
    assert criterion.title == "Làm công tác xây dựng Đoàn" and criterion.version == 2
    assert criterion.history.first().history_user.username == "quandoan"
    assert old.criteria.get(code="L3").title == "Làm công tác xây dựng tổ chức"


def test_staff_rename_a_set_no_round_used(district_client, draft_set):
    url = reverse("commendations:criteria_set_edit", args=[draft_set.pk])
    data = {"name": "3 nắm, 3 biết, 3 làm (2024)", "year": 2024, "source": "HD 2024",
            "is_active": "on", "version": draft_set.lock_version}  # fmt: skip
    assert district_client.post(url, data).status_code == 302
    draft_set.refresh_from_db()
    assert (draft_set.name, draft_set.year, draft_set.lock_version) == (
        "3 nắm, 3 biết, 3 làm (2024)",
        2024,
        2,
    )
    assert draft_set.version == 2  # the wording version is not the edit counter


def test_a_set_a_round_used_keeps_its_wording_but_can_be_withdrawn(district_client, round_):
    used = round_.criteria_set
    url = reverse("commendations:criteria_set_edit", args=[used.pk])
    data = {"name": "Đổi tên", "year": 1999, "source": "x", "version": used.lock_version}
    assert district_client.post(url, data).status_code == 302
    used.refresh_from_db()
    assert used.name == "3 nắm, 3 biết, 3 làm" and used.year == 2003
    assert not used.is_active


def test_a_criterion_of_a_set_a_round_used_cannot_be_changed(district_client, round_):
    criterion = round_.criteria_set.criteria.get(code="N1")
    url = reverse("commendations:criterion_edit", args=[criterion.pk])
    data = {"group": "nam", "code": "N1", "title": "Khác", "order": 1, "version": 1}
    response = district_client.post(url, data)
    assert response.status_code == 200
    frozen = gettext(
        "A round was run with this criteria set, so its wording is kept as it was: "
        "make a new version to change it."
    )
    assert escape(frozen) in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.title == "Nắm đoàn viên"
    delete = reverse("commendations:criterion_delete", args=[criterion.pk])
    district_client.post(delete)
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_staff_add_and_remove_a_criterion_of_a_draft_set(district_client, draft_set):
    url = reverse("commendations:criterion_create", args=[draft_set.pk])
    data = {"group": "lam", "code": "L4", "title": "Làm chuyển đổi số", "order": 10}
    assert district_client.post(url, data).status_code == 302
    added = draft_set.criteria.get(code="L4")
    duplicate = district_client.post(url, {**data, "title": "Khác"})
    assert duplicate.status_code == 200 and draft_set.criteria.filter(code="L4").count() == 1
    district_client.post(reverse("commendations:criterion_delete", args=[added.pk]))
    assert not draft_set.criteria.filter(code="L4").exists()
    assert Criterion.history.filter(id=added.pk, history_type="-").exists()
