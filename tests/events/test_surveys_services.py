"""Surveys: who may attach one and change it; a stale edit is refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from events.models import Survey
from events.services import create_survey, update_survey

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["branch_secretary", "ward_secretary", "outsider", None])
def test_only_those_who_run_the_event_create_or_change_its_survey(request, survey, who):
    user = request.getfixturevalue(who) if who else None
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        create_survey(
            survey.event, by=user, title="Lén", opens_at=now, closes_at=now + timedelta(days=1)
        )
    with pytest.raises(PermissionDenied):
        update_survey(survey, by=user, title="Đổi tên lén")
    assert list(Survey.objects.values_list("title", flat=True)) == ["Phiếu khảo sát thử"]


def test_a_stale_survey_edit_is_refused(survey, district_staff):
    update_survey(survey, by=district_staff, base_version=1, intro="Lời ngỏ mới")
    with pytest.raises(ValidationError) as refused:
        update_survey(survey, by=district_staff, base_version=1, title="Tên khác")
    assert refused.value.code == "conflict"
    assert Survey.objects.get(pk=survey.pk).title == "Phiếu khảo sát thử"
