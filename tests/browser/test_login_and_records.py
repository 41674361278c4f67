"""A person logs in, sees their to-do list, opens a record and reveals a masked number."""

import datetime as dt

import factories
import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_home_and_open_a_record(live_server, page):
    world = factories.build_world()
    today = timezone.localdate()
    factories.work_item(
        world.office_a1,
        title="答复张某行政复议申请",
        assignee=world.mediator,
        due_rule="",
        due_start=None,
        due_on=today - dt.timedelta(days=2),
    )
    party = factories.party(world.office_a1, name="李秀英")

    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    page.fill("input[name=username]", "a1_mediator")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()

    page.wait_for_url(f"{live_server.url}/")
    assert "我的待办" in page.content()
    row = page.locator("text=答复张某行政复议申请")
    assert row.count() >= 1
    assert "已超期" in page.content()

    page.goto(f"{live_server.url}/parties/{party.pk}/")
    body = page.content()
    assert "李秀英" in body
    assert party.id_number not in body  # masked by default
    page.locator("button:has-text('查看')").first.click()
    page.wait_for_function(
        "text => document.body.innerText.includes(text)",
        arg=party.id_number[:6] + party.id_number[6:],
    )
