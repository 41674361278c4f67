import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factories
import pytest

from sifasuo.contracts import services
from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Role


@dataclass
class Depts:
    business: object
    finance: object
    other: object
    business_clerk: object
    finance_clerk: object
    other_clerk: object


@pytest.fixture
def depts(world):
    business = factories.unit(
        "城建办", UnitKind.DEPARTMENT, world.office_a1, department_type="business"
    )
    finance = factories.unit(
        "财政所", UnitKind.DEPARTMENT, world.office_a1, department_type="finance"
    )
    other = factories.unit(
        "民政办", UnitKind.DEPARTMENT, world.office_a1, department_type="business"
    )
    return Depts(
        business=business,
        finance=finance,
        other=other,
        business_clerk=factories.user("a1_cj", business, Role.DEPARTMENT_CLERK),
        finance_clerk=factories.user("a1_cz", finance, Role.DEPARTMENT_CLERK),
        other_clerk=factories.user("a1_mz", other, Role.DEPARTMENT_CLERK),
    )


@pytest.fixture
def make_contract(world, depts):
    def _make(number="QL-2026-001", title="道路保洁服务合同", amount="120000.00", **kw):
        party = services.counterparty_get_or_create(
            actor=depts.business_clerk,
            office=world.office_a1,
            kind="organization",
            name=kw.pop("party_name", "日照洁美环境服务有限公司"),
            credit_code=kw.pop("credit_code", factories.make_credit_code()),
        )
        return services.contract_create(
            actor=depts.business_clerk,
            department=depts.business,
            number=number,
            title=title,
            contract_type=kw.pop("contract_type", "service"),
            amount=Decimal(amount),
            counterparties=[party],
            starts_on=kw.pop("starts_on", dt.date(2026, 1, 1)),
            ends_on=kw.pop("ends_on", dt.date(2026, 12, 31)),
            payment_department=depts.finance,
            **kw,
        )

    return _make


@pytest.fixture
def signed_contract(world, depts, make_contract):
    def _sign(contract):
        services.contract_submit_review(
            actor=depts.business_clerk, contract=contract, on=dt.date(2026, 11, 2)
        )
        services.contract_legal_opinion(
            actor=world.office_user, contract=contract, opinion="主体适格，条款完备。", passed=True
        )
        services.contract_legal_opinion(
            actor=world.advisor, contract=contract, opinion="同意签订。", passed=True
        )
        services.contract_mark_signed(
            actor=depts.business_clerk, contract=contract, signed_on=dt.date(2026, 11, 6)
        )
        contract.refresh_from_db()
        return contract

    return _sign


TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _frozen_today(freeze_today):
    # Due dates, alerts and "today" defaults all read the deadline service's today().
    freeze_today(TODAY)
