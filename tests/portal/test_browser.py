"""On a 360-px-wide phone: the front page, an application sent end to end (notice, consent,
tracking code) and the status page, with no sideways scrolling and no console error (CSP)."""

import factories
import pytest
from browser_support import in_browser, require_chromium

from sifasuo.intake.models import Channel, Matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 360


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide"


def _walk(browser, base, office_id):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": WIDTH, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{base}/public/")
    _fits(page)
    page.locator("a:has-text('申请人民调解')").click()
    page.wait_for_load_state()
    assert "个人信息处理告知书" in page.content()
    _fits(page)
    page.fill("input[name=applicant_name]", "王秀兰")
    page.fill("input[name=applicant_id_number]", factories.make_id_number())
    page.fill("input[name=applicant_phone]", "13963300021")
    page.fill("input[name=applicant_address]", "秦楼街道海滨社区12号")
    page.select_option("select[name=office]", str(office_id))
    page.fill("input[name=respondent_names]", "赵六")
    page.select_option("select[name=dispute_type]", "neighbour")
    page.fill("textarea[name=narrative]", "邻居翻建院墙占用两户之间的通道，多次协商未果。")
    page.fill("input[name=amount]", "3500")
    # Without consent the form comes back with everything typed.
    page.locator("button:has-text('提交申请')").click()
    page.wait_for_load_state()
    assert "请阅读并同意个人信息处理告知书后再提交。" in page.content()
    assert page.input_value("textarea[name=narrative]").startswith("邻居翻建院墙")
    _fits(page)
    page.check("input[name=consent]")
    page.locator("button:has-text('提交申请')").click()
    page.wait_for_load_state()
    assert "申请已提交" in page.content()
    code = page.locator(".tracking-code strong").inner_text().strip()
    assert len(code) == 12
    _fits(page)

    page.locator("a:has-text('查询进度')").click()
    page.wait_for_load_state()
    assert page.input_value("input[name=tracking_code]") == code
    page.fill("input[name=phone]", "13963300021")
    page.locator("button:has-text('查询')").click()
    page.wait_for_load_state()
    assert "当前进度：已收到" in page.content()
    _fits(page)

    for path in ("stations/", "apply/legal-aid/", "apply/general/", "privacy/"):
        page.goto(f"{base}/public/{path}")
        _fits(page)
    context.close()
    assert problems == []
    return code


def test_a_citizen_applies_and_follows_it_on_a_phone(live_server):
    require_chromium()
    world = factories.build_world()
    code = in_browser(_walk, live_server.url, world.office_a1.pk)
    matter = Matter.objects.get(tracking_code=code)
    assert matter.channel == Channel.ONLINE and matter.unit == world.office_a1
