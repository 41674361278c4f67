"""In a browser on a 360-px-wide phone: a citizen asks a question, a legal advisor answers it,
and the citizen reads the answer with the tracking code and phone and rates it."""

import factories
import pytest
from browser_support import in_browser, require_chromium

from sifasuo.consultations.models import Question

from .support import profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13853311234"


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width}px wide on a 360px screen"


def _walk(browser, base, township):
    phone = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    citizen = phone.new_page()
    citizen.set_default_timeout(60_000)
    citizen.goto(f"{base}/public/consult/")
    _fits(citizen)
    citizen.select_option("select[name=township]", label=township)
    citizen.select_option("select[name=specialty]", "family")
    citizen.fill("textarea[name=text]", "父母年纪大了，兄弟几个都不愿意出赡养费，怎么办？")
    citizen.fill("input[name=phone]", PHONE)
    citizen.check("input[name=consent]")
    citizen.locator("button:has-text('提交咨询')").click()
    citizen.wait_for_load_state()
    code = citizen.locator("#tracking-code").inner_text().strip()
    assert code
    _fits(citizen)

    lawyer = browser.new_context(locale="zh-CN").new_page()
    lawyer.set_default_timeout(60_000)
    lawyer.goto(f"{base}/login/")
    lawyer.fill("input[name=username]", "a1_advisor")
    lawyer.fill("input[name=password]", factories.PASSWORD)
    lawyer.locator("form button[type=submit]").first.click()
    lawyer.wait_for_load_state()
    lawyer.goto(f"{base}/consultations/?which=mine")
    lawyer.locator(f"a:has-text('{code}')").click()
    lawyer.wait_for_load_state()
    lawyer.fill("textarea[name=answer]", "成年子女都有赡养义务，可以先申请人民调解。")
    lawyer.locator("button:has-text('发送解答')").click()
    lawyer.wait_for_load_state()
    assert "已由王律师解答" in lawyer.content()

    citizen.goto(f"{base}/public/consult/answer/")
    citizen.fill("input[name=tracking_code]", code)
    citizen.fill("input[name=phone]", PHONE)
    citizen.locator("button:has-text('查看')").click()
    citizen.wait_for_load_state()
    assert "可以先申请人民调解" in citizen.locator("#answer-text").inner_text()
    _fits(citizen)
    citizen.check("input[name=rating][value='5']")
    citizen.fill("textarea[name=rating_comment]", "讲得很清楚")
    citizen.locator("button:has-text('提交评价')").click()
    citizen.wait_for_load_state()
    assert "5分" in citizen.locator("#rating").inner_text()
    _fits(citizen)
    return code


def test_a_citizen_asks_on_a_phone_a_lawyer_answers_and_the_citizen_rates(live_server):
    require_chromium()
    world = factories.build_world()
    profile(world.advisor, "family", name="王律师")
    code = in_browser(_walk, live_server.url, world.office_a1.township_name)
    question = Question.objects.get(tracking_code=code)
    assert question.rating == 5 and question.rating_comment == "讲得很清楚"
    assert question.answered_by.user == world.advisor
