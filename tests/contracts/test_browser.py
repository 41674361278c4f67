"""In a browser: a department drafts a contract, the office reviews it, finance pays the first
instalment, and the ledger shows the payment and the expiry alert."""

import factories
import pytest
from browser_support import in_browser, require_chromium

from sifasuo.contracts.models import Contract
from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session(browser, base, username):
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def _submit(page, button):
    page.locator(f"button:has-text('{button}')").click()
    page.wait_for_load_state()


def _walk(browser, base, credit_code):
    clerk = _session(browser, base, "a1_cj")
    clerk.goto(f"{base}/contracts/new/")
    clerk.select_option("select[name=department]", label="城建办")
    clerk.select_option("select[name=payment_department]", label="财政所")
    clerk.fill("input[name=number]", "QL-2026-020")
    clerk.fill("input[name=title]", "村道维修工程合同")
    clerk.select_option("select[name=contract_type]", "construction")
    clerk.fill("input[name=amount]", "200000")
    clerk.fill("input[name=starts_on]", "2026-11-01")
    clerk.fill("input[name=ends_on]", "2026-12-31")
    clerk.select_option("select[name=party_kind]", "organization")
    clerk.fill("input[name=party_name]", "日照路桥建设有限公司")
    clerk.fill("input[name=credit_code]", credit_code)
    _submit(clerk, "保存")
    detail = clerk.url
    clerk.fill("input[name=due_on]", "2026-12-01")
    clerk.fill("form[action$='instalment/'] input[name=amount]", "100000")
    _submit(clerk, "增加付款计划")
    _submit(clerk, "报送法律审查")

    for username, opinion in (("a1_assistant", "主体适格"), ("a1_advisor", "条款完备")):
        page = _session(browser, base, username)
        page.goto(detail)
        page.fill("textarea[name=opinion]", opinion)
        page.select_option("select[name=passed]", "1")
        _submit(page, "提交审查意见")

    clerk.goto(detail)
    clerk.fill("input[name=signed_on]", "2026-11-05")
    _submit(clerk, "标记为已签订")
    assert "已签订履行中" in clerk.content()

    finance = _session(browser, base, "a1_cz")
    finance.goto(detail)
    finance.fill("input[name=paid_on]", "2026-11-20")
    finance.fill("form[action$='payment/'] input[name=amount]", "30000")
    _submit(finance, "登记付款")

    clerk.goto(f"{base}/contracts/")
    ledger = clerk.content()
    assert "村道维修工程合同" in ledger
    assert "30000.00" in ledger
    assert "将于2026-12-31到期" in ledger


def test_contract_from_draft_to_first_payment(live_server):
    require_chromium()
    world = factories.build_world()
    business = factories.unit("城建办", UnitKind.DEPARTMENT, world.office_a1)
    finance = factories.unit(
        "财政所", UnitKind.DEPARTMENT, world.office_a1, department_type="finance"
    )
    factories.user("a1_cj", business, Role.DEPARTMENT_CLERK)
    factories.user("a1_cz", finance, Role.DEPARTMENT_CLERK)
    in_browser(_walk, live_server.url, factories.make_credit_code())
    contract = Contract.objects.get()
    assert contract.payments.get().amount == 30000
