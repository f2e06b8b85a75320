"""Every change to the tree, its roles and each unit's records goes through these functions.

Split by noun: `units` (the tree), `roles`, `accounts`, `members` (the register), `positions`
(the committee), `logs` (meetings and activities) and `reports` (periods and unit reports).
Each writing service takes the acting user as `by` and refuses one without the right
(PermissionDenied); `by=None` is the system itself (seed_demo, imports).
"""

from branches.services.accounts import (  # noqa: F401
    account_link,
    create_account,
    renew_account_link,
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
    initials,
    transfer_member,
    update_member,
)
from branches.services.positions import create_position, update_position  # noqa: F401
from branches.services.reports import (  # noqa: F401
    open_report_period,
    prefilled_figures,
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
