"""A person logs in, sees their to-do list, opens a record and reveals a masked number."""

import datetime as dt

import factories
import pytest
from browser_support import in_browser
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _walk(browser, base, party):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768}).new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    first = page.goto(f"{base}/")
    assert "/login/" in page.url
    assert "script-src 'self'" in first.headers["content-security-policy"]
    page.fill("input[name=username]", "a1_mediator")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()

    page.wait_for_url(f"{base}/")
    body = page.content()
    assert "我的待办" in body
    assert page.locator("text=答复张某行政复议申请").count() >= 1
    assert "已超期" in body

    page.goto(f"{base}/parties/{party.pk}/")
    body = page.content()
    assert "李秀英" in body
    assert party.id_number not in body  # masked by default
    page.locator("button:has-text('查看')").first.click()
    page.wait_for_function("text => document.body.innerText.includes(text)", arg=party.id_number)
    # htmx and the pages work under the Content-Security-Policy: nothing was refused.
    assert not [text for text in console if "Content Security Policy" in text], console


def test_login_home_and_open_a_record(live_server):
    world = factories.build_world()
    factories.work_item(
        world.office_a1,
        title="答复张某行政复议申请",
        assignee=world.mediator,
        due_rule="",
        due_start=None,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    party = factories.party(world.office_a1, name="李秀英")
    in_browser(_walk, live_server.url, party)
