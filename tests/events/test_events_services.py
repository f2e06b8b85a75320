"""Events: who may plan and change one; a stale edit is refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from events.models import Event, EventKind
from events.services import create_event, update_event

pytestmark = pytest.mark.django_db


def _plan(by, organiser):
    return create_event(
        by=by,
        organiser=organiser,
        kind=EventKind.MEETING,
        title="Họp thử",
        starts_at=timezone.now() + timedelta(days=3),
    )


def test_a_manager_organises_events_only_for_the_units_they_manage(tree, ward_secretary):
    assert _plan(ward_secretary, tree.a1).organiser == tree.a1
    with pytest.raises(PermissionDenied):
        _plan(ward_secretary, tree.b)
    assert not Event.objects.filter(organiser=tree.b).exists()


@pytest.mark.parametrize("who", ["branch_secretary", "outsider", None])
def test_a_caller_without_the_right_can_neither_plan_nor_change_an_event(request, event, tree, who):
    user = request.getfixturevalue(who) if who else None
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        _plan(user, tree.top)
    with pytest.raises(PermissionDenied):
        update_event(event, by=user, title="Đổi tên lén")
    assert Event.objects.count() == before
    assert Event.objects.get(pk=event.pk).title == "Hội nghị đối thoại thử"


def test_a_stale_event_edit_is_refused_and_names_what_changed(event, district_staff):
    update_event(event, by=district_staff, base_version=1, venue="Nhà văn hóa Phường 10")
    with pytest.raises(ValidationError) as refused:
        update_event(event, by=district_staff, base_version=1, title="Sửa lần hai")
    assert refused.value.code == "conflict"
    assert "Hội trường Quận Đoàn → Nhà văn hóa Phường 10" in refused.value.messages[0]
    event.refresh_from_db()
    assert (event.title, event.venue, event.version) == (
        "Hội nghị đối thoại thử",
        "Nhà văn hóa Phường 10",
        2,
    )
