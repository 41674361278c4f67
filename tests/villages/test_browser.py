"""In a browser: a 法律明白人's early report becomes an intake matter, the office answers it and
the reply shows on the report."""

import factories
import pytest
from browser_support import in_browser, require_chromium

from sifasuo.intake.models import Channel, Matter
from sifasuo.villages import services
from sifasuo.villages.models import EarlyReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session(browser, base, username):
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def _submit(page, button):
    page.locator(f"button:has-text('{button}')").first.click()
    page.wait_for_load_state()


def _walk(browser, base):
    page = _session(browser, base, "a1_assistant")
    page.goto(f"{base}/villages/people/")
    page.locator("a:has-text('张红')").click()
    page.wait_for_load_state()
    page.locator("a:has-text('登记报告')").click()
    page.wait_for_load_state()
    page.select_option("select[name=kind]", "dispute")
    page.fill("textarea[name=summary]", "叔侄两家因空调外机对着窗户发生争吵，已有推搡。")
    page.fill("input[name=parties]", "鲁某、曹某")
    _submit(page, "保存并转受理")
    assert "已转一站式受理" in page.content()
    report_url = page.url
    page.locator("a:has-text('查看受理事项')").click()
    page.wait_for_load_state()
    matter_page = page.content()
    assert "法律明白人/网格员上报" in matter_page and "空调外机" in matter_page
    page.goto(report_url)
    page.fill("textarea[name=reply]", "已安排人民调解员上门调解。")
    _submit(page, "保存答复")
    assert "已安排人民调解员上门调解。" in page.content()


def test_an_early_report_becomes_an_intake_matter_and_is_answered(live_server):
    require_chromium()
    world = factories.build_world()
    services.understander_create(
        actor=factories.SETUP,
        office=world.office_a1,
        village=world.village_a1,
        name="张红",
        role="grid",
        phone="13853300011",
    )
    in_browser(_walk, live_server.url)
    report = EarlyReport.objects.get()
    assert report.reply == "已安排人民调解员上门调解。"
    assert Matter.objects.get().channel == Channel.GRASSROOTS
