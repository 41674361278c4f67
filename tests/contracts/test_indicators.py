"""合同管理's indicators: contracts sent to legal review, reviewed, found wanting and signed."""

import datetime as dt
from decimal import Decimal

from sifasuo.contracts.models import Contract
from sifasuo.core import indicators
from sifasuo.core.indicators import Period


def _contract(world, n, unit=None, **values):
    unit = unit or world.office_a1
    return Contract.objects.create(
        unit=unit,
        department=unit,
        number=f"HT-{n}",
        title=f"合同{n}",
        contract_type="service",
        amount=Decimal("10000"),
        **values,
    )


def test_contracts_reviewed_and_problems_found(world, freeze_today):
    freeze_today(dt.date(2026, 6, 15))
    march = dt.date(2026, 3, 5)
    _contract(
        world,
        1,
        status="approved",
        review_started_on=march,
        assistant_passed=True,
        advisor_passed=True,
    )
    _contract(
        world,
        2,
        status="draft",
        review_started_on=march,
        assistant_passed=True,
        advisor_passed=False,
    )
    _contract(
        world, 3, status="legal_review", review_started_on=march, review_due_on=dt.date(2026, 3, 20)
    )
    _contract(
        world,
        4,
        status="signed",
        review_started_on=dt.date(2026, 1, 5),
        assistant_passed=True,
        advisor_passed=True,
        signed_on=dt.date(2026, 1, 20),
    )
    _contract(
        world,
        5,
        unit=world.office_b1,
        status="approved",
        review_started_on=march,
        assistant_passed=True,
        advisor_passed=True,
    )

    def value(code, period):
        return indicators.value_for(f"contracts.{code}", world.county_a, period)

    march_period, q1 = Period.month(2026, 3), Period.quarter(2026, 1)
    assert value("submitted", march_period) == 3
    assert value("reviewed", march_period) == 2
    assert value("reviewed", q1) == 3
    assert value("problems", march_period) == 1
    assert value("review_overdue", march_period) == 1
    assert value("signed", q1) == 1 and value("signed_amount", q1) == Decimal("10000")
    assert value("registered", Period.year(2026)) == 4
