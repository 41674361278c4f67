"""In a browser: a 复议 case from receipt to a reply filed before its deadline, and the outcome."""

import factories
import pytest
from browser_support import in_browser, require_chromium

from sifasuo.core.models import UnitKind
from sifasuo.litigation.models import Case, CaseStatus, Outcome

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


def _click(page, button):
    page.locator(f"button:has-text('{button}')").first.click()
    page.wait_for_load_state()


def _walk(browser, base, id_number):
    office = _session(browser, base, "a1_assistant")
    office.goto(f"{base}/litigation/new/")
    office.select_option("select[name=kind]", "reconsideration")
    office.select_option("select[name=procedure]", "ordinary")
    office.select_option("select[name=department]", label="综合执法办")
    office.fill("input[name=respondent]", "秦楼街道办事处")
    office.fill("input[name=contested_act]", "罚款五千元的行政处罚决定")
    office.select_option("select[name=act_kind]", "penalty")
    office.fill("input[name=authority]", "东港区人民政府")
    office.fill("input[name=documents_received]", "行政复议申请书副本、提出答复通知书")
    office.fill("input[name=a1_name]", "王建国")
    office.fill("input[name=a1_id_number]", id_number)
    _click(office, "收案")
    assert "待答复" in office.content()
    detail = office.url

    office.fill("input[name=name]", "现场检查笔录")
    office.fill("input[name=source]", "综合执法办现场检查")
    office.fill("input[name=purpose]", "证明申请人占道经营的事实")
    _click(office, "添加证据")
    office.fill("textarea[name=facts]", "申请人在海滨路占道经营，经责令改正拒不改正。")
    office.fill("textarea[name=legal_basis]", "《城市市容和环境卫生管理条例》第十七条")
    _click(office, "保存内容")
    _click(office, "按模板生成文书")
    assert "行政复议答复书.docx" in office.content()

    head = _session(browser, base, "a1_head")
    head.goto(detail)
    _click(head, "签发此版本")
    assert "已签发" in head.content()

    office.goto(detail)
    _click(office, "登记提交")
    assert "在法定期限内" in office.content()
    assert "已答复，待审结" in office.content()

    office.select_option("select[name=outcome]", "upheld")
    office.select_option("select[name=outcome_document]", "decision")
    _click(office, "登记审结结果")
    assert "已审结" in office.content()
    assert "维持" in office.content()


def test_reconsideration_from_receipt_to_filed_reply_and_outcome(live_server):
    require_chromium()
    world = factories.build_world()
    factories.unit("综合执法办", UnitKind.DEPARTMENT, world.office_a1, department_type="business")
    in_browser(_walk, live_server.url, factories.make_id_number())
    case = Case.objects.get()
    assert case.status == CaseStatus.CONCLUDED and case.outcome == Outcome.UPHELD
    assert case.filed_in_time is True
    assert case.signed_by == world.office_head
