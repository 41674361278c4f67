"""Contract chain N+(1+专)+1, payments and the ledger's figures and alerts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from time_support import FIRST_YEAR_WITHOUT_DATA, workdays_after_oracle

from sifasuo.contracts import selectors, services
from sifasuo.contracts.models import Contract, ContractStatus
from sifasuo.core.models import Party


def test_invalid_credit_code_is_refused(world, depts):
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        services.counterparty_get_or_create(
            actor=depts.business_clerk,
            office=world.office_a1,
            kind="organization",
            name="某公司",
            credit_code="91371102MA0000000X",
        )
    assert Party.objects.count() == 0


def test_counterparty_is_reused_by_credit_code(world, depts):
    code = "91371102MA3C4UKR4W"
    from factories import make_credit_code

    code = make_credit_code()
    a = services.counterparty_get_or_create(
        actor=depts.business_clerk,
        office=world.office_a1,
        kind="organization",
        name="甲公司",
        credit_code=code,
    )
    b = services.counterparty_get_or_create(
        actor=depts.business_clerk,
        office=world.office_a1,
        kind="organization",
        name="甲公司（更名）",
        credit_code=code.lower(),
    )
    assert a == b


def test_cannot_sign_before_legal_review_passes(world, depts, make_contract):
    contract = make_contract()
    with pytest.raises(ValidationError, match="审查通过后"):
        services.contract_mark_signed(
            actor=depts.business_clerk, contract=contract, signed_on=dt.date(2026, 11, 6)
        )
    services.contract_submit_review(
        actor=depts.business_clerk, contract=contract, on=dt.date(2026, 11, 2)
    )
    contract.refresh_from_db()
    assert contract.review_due_on == dt.date(2026, 11, 9)
    services.contract_legal_opinion(
        actor=world.office_user, contract=contract, opinion="同意", passed=True
    )
    with pytest.raises(ValidationError, match="审查通过后"):
        services.contract_mark_signed(
            actor=depts.business_clerk, contract=contract, signed_on=dt.date(2026, 11, 6)
        )
    services.contract_legal_opinion(
        actor=world.advisor, contract=contract, opinion="违约责任不对等，需修改", passed=False
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT
    assert contract.assistant_opinion == "同意"
    assert contract.advisor_opinion == "违约责任不对等，需修改"


def test_clerk_cannot_give_the_legal_opinion(depts, make_contract):
    contract = make_contract()
    services.contract_submit_review(
        actor=depts.business_clerk, contract=contract, on=dt.date(2026, 11, 2)
    )
    with pytest.raises(PermissionDenied):
        services.contract_legal_opinion(
            actor=depts.business_clerk, contract=contract, opinion="同意", passed=True
        )


def test_payments_update_the_ledger(world, depts, make_contract, signed_contract):
    contract = signed_contract(make_contract())
    services.instalment_add(
        actor=depts.business_clerk,
        contract=contract,
        due_on=dt.date(2026, 11, 30),
        amount=Decimal("60000"),
    )
    services.instalment_add(
        actor=depts.business_clerk,
        contract=contract,
        due_on=dt.date(2026, 12, 20),
        amount=Decimal("60000"),
    )
    with pytest.raises(ValidationError, match="不能超过合同金额"):
        services.instalment_add(
            actor=depts.business_clerk,
            contract=contract,
            due_on=dt.date(2026, 12, 25),
            amount=Decimal("1"),
        )
    with pytest.raises(PermissionDenied):
        services.payment_record(
            actor=depts.other_clerk,
            contract=contract,
            paid_on=dt.date(2026, 11, 20),
            amount=Decimal("60000"),
        )
    services.payment_record(
        actor=depts.finance_clerk,
        contract=contract,
        paid_on=dt.date(2026, 11, 20),
        amount=Decimal("60000"),
    )
    row = selectors.contract_ledger_for_user(user=world.office_user).get(pk=contract.pk)
    assert row.paid == Decimal("60000")
    assert row.next_due_on == dt.date(2026, 12, 20)
    alerts = selectors.alerts_for(row, today=dt.date(2026, 11, 22))
    assert alerts == ["2026-12-20应付款", "将于2026-12-31到期"]
    with pytest.raises(ValidationError, match="累计支付不能超过"):
        services.payment_record(
            actor=depts.finance_clerk,
            contract=contract,
            paid_on=dt.date(2026, 11, 21),
            amount=Decimal("60000.01"),
        )


def test_visibility_by_department(world, depts, make_contract):
    contract = make_contract()

    def sees(user):
        return set(selectors.contract_ledger_for_user(user=user)) == {contract}

    assert sees(depts.business_clerk)
    assert sees(depts.finance_clerk)
    assert sees(world.office_user)
    assert sees(world.supervisor)
    assert not sees(depts.other_clerk)
    assert not sees(world.outsider)


def test_search_by_party_type_amount_and_date(world, depts, make_contract, signed_contract):
    a = signed_contract(make_contract())
    b = make_contract(
        number="QL-2026-002",
        title="村道硬化工程",
        amount="800000",
        contract_type="construction",
        party_name="日照路桥建设有限公司",
    )

    def find(**kw):
        return set(selectors.contract_ledger_for_user(user=world.office_user, **kw))

    assert find(q="路桥") == {b}
    assert find(contract_type="service") == {a}
    assert find(amount_min=Decimal("500000")) == {b}
    assert find(signed_from=dt.date(2026, 11, 1)) == {a}
    assert Contract.objects.count() == 2


def test_signed_contract_is_completed_or_terminated_with_a_reason(
    world, depts, make_contract, signed_contract, client
):
    from django.urls import reverse

    from sifasuo.contracts.models import ContractStatus
    from sifasuo.core.models import AuditEntry

    draft = make_contract(number="QL-C1")
    with pytest.raises(ValidationError, match="已签订"):
        services.contract_close(actor=depts.business_clerk, contract=draft, outcome="completed")

    contract = signed_contract(make_contract(number="QL-C2"))
    client.force_login(depts.business_clerk)
    url = reverse("contracts:contract_close", args=[contract.pk])
    page = client.post(url, {"outcome": "terminated", "reason": ""}, follow=True)
    assert "须写明原因" in page.content.decode()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED

    client.post(url, {"outcome": "terminated", "reason": "对方违约，协商解除"})
    contract.refresh_from_db()
    assert contract.status == ContractStatus.TERMINATED
    row = AuditEntry.objects.get(action="contract.terminated")
    assert row.changes["reason"] == "对方违约，协商解除"
    again = client.post(url, {"outcome": "completed", "reason": ""}, follow=True)
    assert "只有已签订" in again.content.decode()


def test_review_due_into_an_unknown_year_is_provisional_and_recounted(
    world, depts, make_contract, login, settings, tmp_path
):
    from sifasuo.core import deadline_service

    year = FIRST_YEAR_WITHOUT_DATA
    sent = dt.date(year - 1, 12, 30)
    contract = make_contract()
    services.contract_submit_review(actor=depts.business_clerk, contract=contract, on=sent)
    contract.refresh_from_db()
    # 5 working days into a year without data: weekends and New Year's Day are rest days.
    provisional = workdays_after_oracle(sent, 5)
    assert contract.review_due_provisional and contract.review_due_on == provisional
    body = (
        login(world.office_user)
        .get(reverse("contracts:contract_detail", args=[contract.pk]))
        .content.decode()
    )
    assert provisional.isoformat() in body and "暂定" in body

    # The year's notice: New Year's Day off and the Monday after it bridged as a day off.
    bridge = dt.date(year, 1, 2) + dt.timedelta(days=(7 - dt.date(year, 1, 2).weekday()) % 7)
    notice = tmp_path / f"{year}.csv"
    notice.write_text(
        f"date,kind,name\n{year}-01-01,off,元旦\n{bridge.isoformat()},off,元旦\n", encoding="utf-8"
    )
    settings.SIFASUO_HOLIDAY_OVERRIDES = str(notice)
    deadline_service.calendar.cache_clear()
    deadline_service.provisional_calendar.cache_clear()
    try:
        assert deadline_service.recompute_provisional() == {"contracts.Contract": 1}
    finally:
        deadline_service.calendar.cache_clear()
        deadline_service.provisional_calendar.cache_clear()
    contract.refresh_from_db()
    counted = workdays_after_oracle(sent, 5, notice={dt.date(year, 1, 1): "off", bridge: "off"})
    assert not contract.review_due_provisional and contract.review_due_on == counted
