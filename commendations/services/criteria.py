"""The "3 nắm, 3 biết, 3 làm" criteria as data, and the service that makes sure they exist.

The wording follows the Ho Chi Minh City union's guidance 12/HD-TV (08/5/2003); the official
wording of L1–L3 was not found, so it is kept as editable data (staff make a new version).
"""

from django.apps import apps as django_apps
from django.db import transaction

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
