"""The nomination workflow's allowed moves, pinned here as a literal table (not read from the code)."""

from itertools import product

import pytest
from django.core.exceptions import ValidationError

from commendations.models import Nomination, NominationStatus, NominationTransition
from commendations.services.nominations import move_nomination

STATUSES = ["draft", "submitted", "endorsed", "approved", "rejected", "returned"]
# Who may make a move, and whether a branch's nomination was endorsed first, is the services'
# business (tests in test_reviews_services.py); this is only what the status field allows.
EXPECTED = {
    "draft": {"submitted"},
    "submitted": {"endorsed", "approved", "rejected", "returned"},
    "endorsed": {"approved", "rejected", "returned"},
    "returned": {"submitted"},
    "approved": set(),
    "rejected": set(),
}


def test_the_statuses_are_the_ones_the_table_pins():
    assert sorted(NominationStatus.values) == sorted(STATUSES)


@pytest.mark.parametrize(("source", "target"), list(product(STATUSES, STATUSES)))
def test_each_move_is_allowed_exactly_as_the_table_says(
    source, target, branch_nomination, district_staff
):
    Nomination.objects.filter(pk=branch_nomination.pk).update(status=source)
    branch_nomination.refresh_from_db()
    if target in EXPECTED[source]:
        move_nomination(branch_nomination, target, by=district_staff, note="Ghi chú")
        branch_nomination.refresh_from_db()
        assert branch_nomination.status == target
        entry = NominationTransition.objects.get()
        assert (entry.nomination, entry.from_status, entry.to_status) == (
            branch_nomination,
            source,
            target,
        )
        assert (entry.by, entry.note) == (district_staff, "Ghi chú")
        assert branch_nomination.history.first().history_user == district_staff
    else:
        with pytest.raises(ValidationError):
            move_nomination(branch_nomination, target, by=district_staff, note="Ghi chú")
        branch_nomination.refresh_from_db()
        assert branch_nomination.status == source
        assert not NominationTransition.objects.exists()
