"""Who may see and change what, by noun. One rule: a role on a unit covers it and all below it.

Predicates (`can_edit_unit(user, unit)`) answer yes or no; scoped fetchers (`get_unit_for(user,
pk, allow=…)`) raise 404 for a user who may not see the object; `require(by, predicate, …)` is
how a service refuses a caller without the right.
"""

from branches.permissions.imports import (  # noqa: F401
    can_import_members,
    can_import_units,
    can_use_import,
    get_import_for,
)
from branches.permissions.records import (  # noqa: F401
    REGISTER_LEVELS,
    can_edit_records,
    can_handle_personal_data,
    can_transfer_to,
    get_activity_for,
    get_meeting_for,
    get_member_for,
    get_position_for,
    transfer_targets,
)
from branches.permissions.reports import (  # noqa: F401
    can_file_report,
    can_open_periods,
    can_review_report,
    get_filing_for,
    get_period_for,
    get_report_for,
    periods_visible_to,
)
from branches.permissions.roles import (  # noqa: F401
    can_renew_link,
    can_reset_account,
    get_role_for,
)
from branches.permissions.units import (  # noqa: F401
    ancestors_for,
    can_edit_unit,
    can_manage_unit,
    can_restructure_unit,
    can_view_unit,
    forget_roles,
    get_unit_for,
    is_district_staff,
    kind_on,
    manages_any_unit,
    require,
    top_units_visible_to,
    units_editable_by,
    units_managed_by,
    units_visible_to,
)
