"""The dynamic contract ledger (合同动态管理台账) as .xlsx."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from sifasuo.core.exports import workbook

from .models import Contract
from .selectors import alerts_for


def ledger_workbook(contracts: Iterable[Contract]):
    headers = [
        _("合同编号"),
        _("合同名称"),
        _("类型"),
        _("承办科室"),
        _("相对方"),
        _("合同金额"),
        _("已付金额"),
        _("未付金额"),
        _("下次付款日"),
        _("签订日期"),
        _("届满日"),
        _("状态"),
        _("预警"),
    ]

    def rows():
        for c in contracts:
            yield [
                c.number,
                c.title,
                c.get_contract_type_display(),
                c.department.name,
                "、".join(p.name for p in c.counterparties.all()),
                float(c.amount),
                float(c.paid),
                float(c.amount - c.paid),
                c.next_due_on,
                c.signed_on,
                c.ends_on,
                c.get_status_display(),
                "；".join(alerts_for(c)),
            ]

    return workbook(
        _("合同动态管理台账"), headers, rows(), [16, 30, 10, 12, 28, 14, 14, 14, 12, 12, 12, 12, 30]
    )
