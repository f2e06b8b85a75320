"""The organisation tree, roles, and each unit's records, split by noun.

`units` (the tree), `roles`, `members` (the register and transfers), `positions` (the committee),
`logs` (meetings and activities), `reports` (periods, reports and their status changes) and
`imports` (the uploaded lists, kept as the import log).
"""

from branches.models.imports import (  # noqa: F401
    ALLOWED_TRANSITIONS as IMPORT_TRANSITIONS,
)
from branches.models.imports import (  # noqa: F401
    Import,
    ImportKind,
    ImportState,
    ImportTransition,
)
from branches.models.logs import Activity, ActivityKind, Meeting, MeetingKind  # noqa: F401
from branches.models.members import (  # noqa: F401
    MEMBER_TRANSITIONS,
    Gender,
    Member,
    MemberQuerySet,
    MemberStatus,
    MemberTransfer,
    member_sort_key,
)
from branches.models.positions import (  # noqa: F401
    POSITION_ORDER,
    Position,
    PositionRole,
    current_committee,
)
from branches.models.reports import (  # noqa: F401
    ALLOWED_TRANSITIONS,
    EDITABLE_STATUSES,
    FIGURE_FIELDS,
    ReportPeriod,
    ReportStatus,
    ReportTransition,
    UnitReport,
)
from branches.models.roles import Role, RoleKind  # noqa: F401
from branches.models.units import (  # noqa: F401
    ALLOWED_PARENT_LEVELS,
    PATH_SEGMENT,
    Unit,
    UnitArea,
    UnitLevel,
    UnitQuerySet,
    child_levels,
)
