"""A legal-aid application in a browser, from the office window to the centre's decision: the
office registers it (exempt from the means check under 第四十二条) and forwards it; the county
法律援助中心 signs for it and decides to give aid; the office sees every step."""

import factories
import pytest
from browser_support import in_browser, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/")


def test_window_to_the_centres_decision(live_server):
    require_chromium()
    world = factories.build_world()
    centre = factories.unit("东港区法律援助中心", "legal_aid_centre", world.county_a)
    factories.user("a_centre", centre, "legal_aid_staff")
    in_browser(_walk, live_server.url)


def _walk(browser, base: str) -> None:
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    _login(page, base, "a1_assistant")
    page.goto(f"{base}/legal-aid/new/")
    page.fill("#id_applicant_name", "孙桂芝")
    page.fill("#id_applicant_phone", "13963300041")
    page.select_option("#id_matter_kind", "civil")
    page.select_option("#id_art31_item", "4")
    page.fill("#id_summary", "三名子女拒绝支付赡养费。")
    page.check("input[name=groups][value=elderly]")
    page.check("input[name=means_basis][value=exempt]")
    page.select_option("#id_exemption_item", "1")
    page.fill("#id_exemption_proof", "村委会出具的无固定生活来源证明")
    page.click("button:has-text('受理')")
    page.wait_for_selector("text=已受理法律援助申请")
    number = page.locator("h1").inner_text()
    assert "（一）无固定生活来源的未成年人、老年人、残疾人等特定群体" in page.content()
    # Forwarding is the step in front, open.
    assert page.locator("#next-steps details[open] summary").inner_text() == "转交法律援助中心"
    page.select_option("#id_means", "online")
    page.fill("#id_receipt", "平台推送编号 0001")
    page.click("#next-steps button:has-text('转交法律援助中心')")
    page.wait_for_selector("#app-status:has-text('已转交，待中心签收')")

    _login(page, base, "a_centre")
    assert "待中心签收" in page.content()  # 我的待办
    page.goto(f"{base}/legal-aid/")
    page.click(f"text={number}")
    page.click("#next-steps button:has-text('签收申请')")
    page.wait_for_selector("#app-status:has-text('中心审查中')")
    assert "法律援助法 第四十三条第一款" in page.content()
    page.check("#next-steps input[name=decision][value=grant]")
    page.click("#next-steps button:has-text('作出审查决定')")
    page.wait_for_selector("#app-status:has-text('决定给予，待指派')")

    _login(page, base, "a1_assistant")
    page.goto(f"{base}/legal-aid/")
    page.click(f"text={number}")
    timeline = page.locator("#timeline").inner_text()
    for step in (
        "司法所受理申请",
        "转交法律援助中心",
        "法律援助中心收到申请",
        "决定：给予法律援助",
    ):
        assert step in timeline
    assert "指派法律援助人员" in timeline
