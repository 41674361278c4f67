"""The whole path in a browser: a petition registered at the intake window → handed over to a
信访 case file without retyping → told in writing → answered → closed with 息访 → its 一案一单
downloaded and read."""

from io import BytesIO

import factories
import pytest
from browser_support import in_browser, require_chromium
from docx import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/")


def test_a_petition_from_the_window_to_the_reply_and_its_outcome(live_server):
    require_chromium()
    factories.build_world()
    in_browser(_walk, live_server.url)


def _walk(browser, base: str) -> None:
    page = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    page.set_default_timeout(15_000)
    _steps(page, base)


def _steps(page, base: str) -> None:
    _login(page, base, "a1_head")
    page.goto(f"{base}/intake/register/")
    page.select_option("#id_matter_type", label="信访事项")
    page.fill("#id_narrative", "反映村务公开不及时，要求公开上年度集体收支明细。")
    page.fill("#id_r1_name", "赵敏")
    page.fill("#id_r1_phone", "13963300031")
    page.click("button:has-text('登记')")
    page.wait_for_selector("text=受理回执")
    code = page.locator(".tracking-code strong").inner_text()

    page.goto(f"{base}/intake/?q=unassigned")
    page.click(f"text={code}")
    page.click("text=转信访件登记")
    # Typed once at the window: the request is there, the petitioner comes with the matter.
    assert page.input_value("#id_request") == "反映村务公开不及时，要求公开上年度集体收支明细。"
    page.select_option("#id_kind", label="申诉求决类")
    page.fill("#id_lead_name", "刘洋")
    page.fill("#id_lead_post", "副镇长")
    page.click("button:has-text('登记')")
    page.wait_for_selector("text=已登记信访件")
    assert "赵敏" in page.locator("dl.facts").inner_text()
    assert page.locator("#petition-lead").inner_text() == "刘洋（副镇长）"
    assert "信访工作条例 第二十三条第二款" in page.locator("#time-limits").inner_text()

    notify = page.locator("#next-steps form[action$='/notify/']")
    notify.locator("#id_route").select_option(value="6")
    notify.locator("#id_notice_text").fill("当场书面告知：已受理，将调查核实后出具信访处理意见书。")
    notify.locator("button[type=submit]").click()
    page.wait_for_selector("#handle-note")
    assert "第三十一条第六项事项，适用第三十四条" in page.locator("#handle-note").inner_text()
    assert "信访工作条例 第三十四条" in page.locator("#time-limits").inner_text()

    reply = page.locator("#next-steps form[action$='/reply/']")
    reply.locator("#id_opinion").select_option(label="予以支持")
    reply.locator("#id_text").fill("经调查核实，村委会应于十日内公开上年度集体收支明细。")
    reply.locator("button[type=submit]").click()
    page.wait_for_selector("#petition-reply")
    assert page.locator("#petition-stage").inner_text() == "已书面答复"

    close = page.locator("#next-steps form[action$='/close/']")
    close.locator("#id_outcome").select_option(label="诉求合理，问题已解决")
    close.locator("#id_satisfaction").select_option(label="满意")
    close.locator("#id_settled").check()
    close.locator("button[type=submit]").click()
    page.wait_for_selector("#petition-outcome")
    assert "已息访息诉" in page.locator("#petition-outcome").inner_text()
    assert page.locator("#petition-stage").inner_text() == "已结案"

    with page.expect_download() as download_info:
        page.click("text=一案一单Word")
    with open(download_info.value.path(), "rb") as handle:
        document = Document(BytesIO(handle.read()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "刘洋（副镇长）" in cells and "赵敏" in cells
    assert any("诉求合理，问题已解决" in c for c in cells)

    page.goto(f"{base}/intake/?q=all")
    page.click(f"text={code}")
    assert "已办结" in page.locator("dl.facts").inner_text()
