"""Every change to the tree, its roles and each unit's records goes through these functions.

Split by noun: `units` (the tree), `roles`, `accounts`, `members` (the register), `positions`
(the committee), `logs` (meetings and activities), `reports` (periods and unit reports) and
`imports` (lists of members and units uploaded from spreadsheets).
Each writing service takes the acting user as `by` and refuses one without the right
(PermissionDenied); `by=None` is the system itself (seed_demo, imports).
"""

from branches.services.accounts import (  # noqa: F401
    account_link,
    create_account,
    renew_account_link,
)
from branches.services.imports import (  # noqa: F401
    apply_import,
    confirm_import,
    remap_import,
    start_import,
)
from branches.services.logs import (  # noqa: F401
    log_activity,
    log_meeting,
    update_activity,
    update_meeting,
)
from branches.services.members import (  # noqa: F401
    MEMBER_FIELDS,
    anonymise_member,
    change_member_status,
    create_member,
    create_members,
    initials,
    transfer_member,
    update_member,
    update_members,
)
from branches.services.positions import create_position, update_position  # noqa: F401
from branches.services.reports import (  # noqa: F401
    add_unit_to_period,
    join_open_periods,
    open_report_period,
    prefilled_figures,
    recall_unit_report,
    remove_unit_from_period,
    return_unit_report,
    save_unit_report,
    start_unit_report,
    submit_unit_report,
)
from branches.services.roles import grant_role, revoke_role  # noqa: F401
from branches.services.units import (  # noqa: F401
    EDITABLE_UNIT_FIELDS,
    close_unit,
    create_unit,
    merge_unit,
    move_unit,
    top_unit,
    unique_code,
    update_unit,
)
