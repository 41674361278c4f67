"""Helpers shared by the line's write services."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.roles import Capability
from sifasuo.core.services import require, require_unit

REVIEWERS = 3  # the 三合一 team


def _office_of(department: OrgUnit) -> OrgUnit:
    if department.kind != UnitKind.DEPARTMENT or department.parent is None:
        raise ValidationError({"department": "请选择乡镇执法科室。"})
    return department.parent


def _work(actor, unit: OrgUnit) -> None:
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, unit)
