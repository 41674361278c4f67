"""Core screens: login, 我的待办, work items, org units, staff, parties, accounts, audit."""

from .accounts import user_create, user_detail, user_edit, user_list, user_password
from .auth import login_view, logout_view, password_change
from .indicators import indicator_compare, indicator_compare_export, indicator_definitions
from .org import premises_edit, unit_create, unit_detail, unit_edit, unit_list
from .people import (
    party_create,
    party_detail,
    party_edit,
    party_list,
    staff_create,
    staff_delete,
    staff_detail,
    staff_edit,
    staff_export,
    staff_list,
)
from .records import audit_list, history, reveal
from .work import (
    home,
    work_close,
    work_create,
    work_detail,
    work_due_preview,
    work_extend,
    work_list,
    work_overdue_export,
    work_pause,
    work_resume,
)

__all__ = [
    "audit_list",
    "history",
    "home",
    "indicator_compare",
    "indicator_compare_export",
    "indicator_definitions",
    "login_view",
    "logout_view",
    "party_create",
    "party_detail",
    "party_edit",
    "party_list",
    "password_change",
    "premises_edit",
    "reveal",
    "staff_create",
    "staff_delete",
    "staff_detail",
    "staff_edit",
    "staff_export",
    "staff_list",
    "unit_create",
    "unit_detail",
    "unit_edit",
    "unit_list",
    "user_create",
    "user_detail",
    "user_edit",
    "user_list",
    "user_password",
    "work_close",
    "work_create",
    "work_detail",
    "work_due_preview",
    "work_extend",
    "work_list",
    "work_overdue_export",
    "work_pause",
    "work_resume",
]
