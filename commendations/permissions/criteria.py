"""Criteria sets and their criteria: kept by district staff, read by every round."""

from django.http import Http404

from branches.permissions import is_district_staff
from commendations.models import CriteriaSet, Criterion


def can_manage_criteria(user) -> bool:
    """Edit criteria sets and make new versions of them: district staff."""
    return is_district_staff(user)


def get_criteria_set_for(user, pk: int) -> CriteriaSet:
    """A criteria set for district staff; 404 for everyone else."""
    criteria_set = CriteriaSet.objects.filter(pk=pk).first()
    if criteria_set is None or not can_manage_criteria(user):
        raise Http404
    return criteria_set


def get_criterion_for(user, pk: int) -> Criterion:
    """A criterion for district staff; 404 for everyone else."""
    criterion = Criterion.objects.select_related("criteria_set").filter(pk=pk).first()
    if criterion is None or not can_manage_criteria(user):
        raise Http404
    return criterion
