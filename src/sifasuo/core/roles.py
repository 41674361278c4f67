"""Roles and what each may do: the single table every permission check reads."""

from __future__ import annotations

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SUPERVISOR = "supervisor", _("市/区县司法局督导")
    OFFICE_HEAD = "office_head", _("司法所所长")
    JUDICIAL_ASSISTANT = "judicial_assistant", _("司法助理员")
    MEDIATOR = "mediator", _("人民调解员")
    LEGAL_ADVISOR = "legal_advisor", _("法律顾问")
    # 公职律师: a lawyer on the government's staff; with the 法律顾问, the one whose legal opinion a
    # 重大行政决策's legality review must include (重大行政决策程序暂行条例 第二十八条).
    PUBLIC_LAWYER = "public_lawyer", _("公职律师")
    DEPARTMENT_CLERK = "department_clerk", _("业务科室经办人")
    PARTNER_LIAISON = "partner_liaison", _("协作单位联络员")


class Capability(enum.StrEnum):
    """Things a role may do, beyond seeing the records of its own unit and the units below it."""

    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    MANAGE_ORG = "manage_org"
    MANAGE_STAFF = "manage_staff"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_PARTIES = "manage_parties"
    MANAGE_WORK = "manage_work"
    EXPORT = "export"
    VIEW_AUDIT = "view_audit"
    LEGALITY_REVIEW = "legality_review"  # 合法性审查 and contract legal review for the office


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.SYSTEM_ADMIN: frozenset(C),
    Role.SUPERVISOR: frozenset(
        {C.REVEAL_PERSONAL_DATA, C.MANAGE_ORG, C.MANAGE_STAFF, C.EXPORT, C.VIEW_AUDIT}
    ),
    Role.OFFICE_HEAD: frozenset(
        {
            C.REVEAL_PERSONAL_DATA,
            C.MANAGE_STAFF,
            C.MANAGE_ACCOUNTS,
            C.MANAGE_PARTIES,
            C.MANAGE_WORK,
            C.EXPORT,
            C.VIEW_AUDIT,
            C.LEGALITY_REVIEW,
        }
    ),
    Role.JUDICIAL_ASSISTANT: frozenset(
        {C.REVEAL_PERSONAL_DATA, C.MANAGE_PARTIES, C.MANAGE_WORK, C.EXPORT, C.LEGALITY_REVIEW}
    ),
    Role.MEDIATOR: frozenset({C.REVEAL_PERSONAL_DATA, C.MANAGE_PARTIES, C.MANAGE_WORK}),
    Role.LEGAL_ADVISOR: frozenset({C.MANAGE_WORK}),
    Role.PUBLIC_LAWYER: frozenset({C.MANAGE_WORK}),
    Role.DEPARTMENT_CLERK: frozenset({C.MANAGE_WORK}),
    Role.PARTNER_LIAISON: frozenset({C.MANAGE_WORK}),
}


def has_capability(user, capability: str) -> bool:
    """Whether the account holds `capability`: core's own (the table above) or one a business
    line declares with the roles that hold it (`core.lines.CapabilityGrant`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if capability in ROLE_CAPABILITIES.get(user.role, frozenset()):
        return True
    from .lines import capability_grants

    return user.role in capability_grants().get(str(capability), frozenset())


# Who works in the office's own lines (and those who oversee them); lines use these sets to show
# their sidebar entries only to the roles that use them.
OFFICE_ROLES = frozenset(
    {
        Role.SYSTEM_ADMIN,
        Role.SUPERVISOR,
        Role.OFFICE_HEAD,
        Role.JUDICIAL_ASSISTANT,
        Role.MEDIATOR,
        Role.LEGAL_ADVISOR,
    }
)
