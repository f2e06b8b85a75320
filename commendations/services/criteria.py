"""Criteria sets: the "3 nắm, 3 biết, 3 làm" set as data, its edits and its new versions.

The wording follows the Ho Chi Minh City union's guidance 12/HD-TV (08/5/2003); the official
wording of L1–L3 was not found, so it is kept as editable data (staff make a new version). A set
some round was run with is frozen: its wording is part of that round's record.
"""

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from commendations.models import CriteriaSet, Criterion
from commendations.permissions.criteria import can_manage_criteria
from commendations.services import require
from unionhub.core.versions import claim_version, keeps_version_on_failure

DEFAULT_SET_NAME = "3 nắm, 3 biết, 3 làm"
DEFAULT_SET_SOURCE = (
    "Hướng dẫn 12/HD-TV ngày 08/5/2003 của Ban Thường vụ Thành Đoàn (L1–L3: cần xác nhận)"
)

# (group, code, title, guidance)
DEFAULT_CRITERIA: list[tuple[str, str, str, str]] = [
    (
        "nam",
        "N1",
        "Nắm đoàn viên",
        "Ban Chấp hành chi đoàn nắm được số lượng, họ tên, hoàn cảnh của từng đoàn viên; "
        "quản lý đầy đủ hồ sơ, sổ đoàn viên.",
    ),
    (
        "nam",
        "N2",
        "Nắm thanh thiếu nhi",
        "Nắm được số lượng, thành phần và biến động của thanh niên, thiếu nhi trên địa bàn.",
    ),
    (
        "nam",
        "N3",
        "Nắm tình hình khu phố, đơn vị",
        "Nắm được tình hình chính trị, kinh tế – xã hội, an ninh trật tự, kế hoạch và dư luận "
        "trong khu phố, đơn vị.",
    ),
    (
        "biet",
        "B1",
        "Biết nghị quyết",
        "Đoàn viên biết nội dung nghị quyết của chi bộ và của Đoàn cấp trên.",
    ),
    (
        "biet",
        "B2",
        "Biết chương trình",
        "Đoàn viên biết chương trình công tác, chỉ tiêu và các phong trào của chi đoàn.",
    ),
    (
        "biet",
        "B3",
        "Biết nhu cầu",
        "Đoàn viên biết nhu cầu, nguyện vọng chính đáng của đoàn viên, thanh niên trên địa bàn.",
    ),
    (
        "lam",
        "L1",
        "Làm chương trình hành động",
        "Xây dựng và thực hiện chương trình hành động phù hợp với nhu cầu của địa phương, đơn vị.",
    ),
    (
        "lam",
        "L2",
        "Làm sinh hoạt, hoạt động",
        "Duy trì sinh hoạt chi đoàn định kỳ hằng tháng; tổ chức hoạt động thiết thực, "
        "thu hút đoàn viên, thanh niên.",
    ),
    (
        "lam",
        "L3",
        "Làm công tác xây dựng tổ chức",
        "Kết nạp đoàn viên mới, giới thiệu đoàn viên ưu tú cho Đảng, quản lý hồ sơ, sổ sách "
        "của chi đoàn.",
    ),
]


@transaction.atomic
def ensure_default_criteria_set(*, apps=None):
    """The "3 nắm, 3 biết, 3 làm" set, version 1, created with its 9 criteria if missing.

    `apps` is the migration's app registry when a data migration calls it (so it works with the
    models as they were then); the live registry otherwise.
    """
    registry = apps or django_apps
    criteria_set_model = registry.get_model("commendations", "CriteriaSet")
    criterion_model = registry.get_model("commendations", "Criterion")
    criteria_set, _created = criteria_set_model.objects.get_or_create(
        name=DEFAULT_SET_NAME,
        version=1,
        defaults={"year": 2003, "source": DEFAULT_SET_SOURCE, "is_active": True},
    )
    existing = set(
        criterion_model.objects.filter(criteria_set=criteria_set).values_list("code", flat=True)
    )
    for order, (group, code, title, guidance) in enumerate(DEFAULT_CRITERIA, start=1):
        if code not in existing:
            criterion_model.objects.create(
                criteria_set=criteria_set,
                group=group,
                code=code,
                title=title,
                guidance=guidance,
                order=order,
            )
    return criteria_set


def criteria_set_in_use(criteria_set: CriteriaSet) -> bool:
    """A set some round was run with is frozen: its wording is part of that round's record."""
    return criteria_set.rounds.exists()


def _check_not_in_use(criteria_set: CriteriaSet) -> None:
    if criteria_set_in_use(criteria_set):
        raise ValidationError(
            _(
                "A round was run with this criteria set, so its wording is kept as it was: "
                "make a new version to change it."
            ),
            code="frozen",
        )


@transaction.atomic
def create_criteria_version(criteria_set: CriteriaSet, *, by) -> CriteriaSet:
    """A new, editable version of a criteria set: rounds already run keep the old one."""
    require(can_manage_criteria, by)
    latest = (
        CriteriaSet.objects.filter(name=criteria_set.name).order_by("-version").first()
        or criteria_set
    )
    new_set = CriteriaSet(
        name=criteria_set.name,
        version=latest.version + 1,
        year=criteria_set.year,
        source=criteria_set.source,
        is_active=True,
    )
    new_set.full_clean()
    new_set._history_user = by
    new_set.save()
    bulk_create_with_history(
        [
            Criterion(
                criteria_set=new_set,
                group=c.group,
                code=c.code,
                title=c.title,
                guidance=c.guidance,
                order=c.order,
            )
            for c in criteria_set.criteria.all()
        ],
        Criterion,
        default_user=by,
    )
    return new_set


@keeps_version_on_failure
@transaction.atomic
def update_criteria_set(
    criteria_set: CriteriaSet,
    *,
    by,
    base_version: int | None = None,
    name: str,
    year: int | None,
    source: str,
    is_active: bool,
) -> CriteriaSet:
    """Rename or re-source a set not yet used; offer or withdraw any set for new rounds."""
    require(can_manage_criteria, by)
    claim_version(criteria_set, base_version=base_version)
    wording = (name.strip(), year, source.strip())
    if wording != (criteria_set.name, criteria_set.year, criteria_set.source):
        _check_not_in_use(criteria_set)
    criteria_set.name, criteria_set.year, criteria_set.source = wording
    criteria_set.is_active = is_active
    criteria_set.full_clean()
    criteria_set._history_user = by
    criteria_set.save()
    return criteria_set


@transaction.atomic
def add_criterion(
    criteria_set: CriteriaSet,
    *,
    by,
    group: str,
    code: str,
    title: str,
    guidance: str = "",
    order: int = 0,
) -> Criterion:
    """Add a criterion to a set no round has used yet."""
    require(can_manage_criteria, by)
    _check_not_in_use(criteria_set)
    criterion = Criterion(
        criteria_set=criteria_set,
        group=group,
        code=code.strip(),
        title=title.strip(),
        guidance=guidance.strip(),
        order=order,
    )
    criterion.full_clean()
    criterion._history_user = by
    criterion.save()
    return criterion


@keeps_version_on_failure
@transaction.atomic
def update_criterion(
    criterion: Criterion,
    *,
    by,
    base_version: int | None = None,
    group: str,
    code: str,
    title: str,
    guidance: str = "",
    order: int = 0,
) -> Criterion:
    """Reword a criterion of a set no round has used yet."""
    require(can_manage_criteria, by)
    claim_version(criterion, base_version=base_version)
    _check_not_in_use(criterion.criteria_set)
    criterion.group = group
    criterion.code = code.strip()
    criterion.title = title.strip()
    criterion.guidance = guidance.strip()
    criterion.order = order
    criterion.full_clean()
    criterion._history_user = by
    criterion.save()
    return criterion


@transaction.atomic
def remove_criterion(criterion: Criterion, *, by) -> None:
    """Delete a criterion of a set no round has used yet (its history keeps what it said)."""
    require(can_manage_criteria, by)
    _check_not_in_use(criterion.criteria_set)
    criterion._history_user = by
    criterion.delete()
