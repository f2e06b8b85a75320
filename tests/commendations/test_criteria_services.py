"""Criteria sets: the default set, new versions, edits refused once a round used the set."""

import pytest
from django.core.exceptions import PermissionDenied

from commendations.models import CriteriaSet
from commendations.services.criteria import (
    DEFAULT_SET_NAME,
    create_criteria_version,
    ensure_default_criteria_set,
)


def test_default_criteria_set_has_the_nine_criteria_in_vietnamese(db):
    criteria_set = ensure_default_criteria_set()
    assert criteria_set.name == DEFAULT_SET_NAME
    codes = list(criteria_set.criteria.values_list("code", flat=True))
    assert codes == ["N1", "N2", "N3", "B1", "B2", "B3", "L1", "L2", "L3"]
    assert criteria_set.criteria.get(code="N1").title == "Nắm đoàn viên"
    assert criteria_set.criteria.get(code="B3").title == "Biết nhu cầu"
    assert ensure_default_criteria_set().pk == criteria_set.pk
    assert CriteriaSet.objects.filter(name=DEFAULT_SET_NAME).count() == 1


def test_a_new_criteria_version_copies_the_criteria_and_leaves_the_old_one(round_, district_staff):
    old = round_.criteria_set
    new = create_criteria_version(old, by=district_staff)
    assert new.version == old.version + 1
    assert new.criteria.count() == 9
    new.criteria.filter(code="N1").update(title="Nắm đoàn viên, thanh niên")
    round_.refresh_from_db()
    assert round_.criteria_set.criteria.get(code="N1").title == "Nắm đoàn viên"


def test_a_secretary_cannot_make_a_criteria_version(round_, branch_secretary):
    with pytest.raises(PermissionDenied):
        create_criteria_version(round_.criteria_set, by=branch_secretary)
