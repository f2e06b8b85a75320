"""The branches forms, split by noun. They validate and normalise; the services do the work."""

from branches.forms.accounts import AccountForm  # noqa: F401
from branches.forms.logs import ActivityForm, LogForm, MeetingForm  # noqa: F401
from branches.forms.members import (  # noqa: F401
    MemberFilterForm,
    MemberForm,
    StatusForm,
    TransferForm,
)
from branches.forms.positions import PositionForm  # noqa: F401
from branches.forms.reports import PeriodForm, ReturnForm, UnitReportForm  # noqa: F401
from branches.forms.units import (  # noqa: F401
    CloseUnitForm,
    MergeUnitForm,
    MoveUnitForm,
    UnitFilter,
    UnitForm,
)
from branches.forms.widgets import DATE_WIDGET  # noqa: F401
