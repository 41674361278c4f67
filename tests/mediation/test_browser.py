"""The whole path in a browser: intake at the window → routed → mediated → agreement downloaded
and read → archived → counted in the statistics."""

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


def test_walk_in_dispute_to_archived_case(live_server):
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
    page.fill("#id_narrative", "邻居排水沟堵塞致院内积水")
    page.fill("#id_counterpart_names", "赵六")
    page.fill("#id_r1_name", "王建国")
    page.fill("#id_r1_phone", "13963300011")
    page.click("button:has-text('登记')")
    page.wait_for_selector("text=受理回执")
    code = page.locator(".tracking-code strong").inner_text()

    page.goto(f"{base}/intake/?q=unassigned")
    page.check("input[name=matter]")
    page.select_option("#id_handler", label="a1_mediator")
    page.click("button:has-text('批量分派')")
    page.wait_for_selector("text=已分派 1 件事项")

    _login(page, base, "a1_mediator")
    page.goto(f"{base}/intake/")
    page.click(f"text={code}")
    page.click("text=转人民调解立案")
    page.select_option("#id_dispute_type", label="相邻关系")
    page.fill("#id_amount", "1200")
    page.fill("#id_committee_name", "秦楼街道人民调解委员会")
    page.select_option("#id_mediators", label="a1_mediator")
    # The matter's 对方当事人 is already there.
    assert page.input_value("#id_b1_name") == "赵六"
    page.click("button:has-text('立案')")
    page.wait_for_selector("text=已立案")

    page.click("button:has-text('受理，进入调查')")
    # The step that moves the case on is open in front: no hunting for it.
    assert page.locator("#next-steps details[open] summary").inner_text() == "登记调解记录"
    page.fill("#id_held_on", "2026-11-20")
    page.fill("#id_place", "秦楼司法所调解室")
    page.fill("#id_attendees", "王建国、赵六")
    page.fill("#id_record", "双方同意共同清理排水沟。")
    page.click("button:has-text('登记调解记录')")
    page.wait_for_selector("text=双方同意共同清理排水沟。")

    assert page.locator("#next-steps details[open] summary").inner_text() == "记录调解协议"
    page.fill("#id_agreed_on", "2026-11-21")
    page.fill("#id_terms", "一、赵六于2026年11月30日前疏通排水沟。\n二、赵六赔偿王建国1200元。")
    page.click("button:has-text('记录调解协议')")
    page.wait_for_selector("text=司法确认申请期限")

    with page.expect_download() as download_info:
        page.click("text=下载人民调解协议书")
    path = download_info.value.path()
    with open(path, "rb") as handle:
        text = "\n".join(p.text for p in Document(BytesIO(handle.read())).paragraphs)
    assert "人民调解协议书" in text
    assert "二、赵六赔偿王建国1200元。" in text

    assert page.locator("#next-steps details[open] summary").inner_text() == "登记回访"
    page.fill("#id_visited_on", "2026-11-22")
    page.check("#id_fulfilled")
    page.fill("#id_note", "已疏通并赔偿")
    page.click("button:has-text('登记回访')")
    page.click("button:has-text('结案归档')")
    page.wait_for_selector("dd:has-text('归档')")

    page.goto(f"{base}/mediation/statistics/")
    assert page.locator("#stat-total").inner_text() == "1"
    assert page.locator("#stat-success").inner_text() == "1"
