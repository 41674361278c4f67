"""In a browser: a county supervisor's home draws its charts, opens a chart's table, and logs no
console error (a CSP violation would be one)."""

import dataclasses

import factories
import pytest
from browser_support import in_browser, require_chromium

from sifasuo.core import lines
from sifasuo.core.lines import BusinessLine, Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECEIVED: dict[int, int] = {}


def received(*, units, start, end):
    return sum(RECEIVED.get(u, 0) for u in units) if start.month <= 3 <= end.month else 0


LINE = BusinessLine(
    label="dash_browser",
    name="看板测试",
    indicators=(
        Indicator(
            "db.received",
            "受理件数",
            "受理的件数",
            "件",
            query=f"{__name__}.received",
            headline=True,
            additive=True,
        ),
    ),
)


def _walk(browser, base):
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(60_000)
    # The platform has no favicon; the browser's own request for one is not the page's error.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "county_a")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "东港区司法局工作概况" in page.content()
    charts = page.locator("svg.chart")
    count = charts.count()
    boxes = [charts.nth(i).bounding_box() for i in range(count)]
    trend = page.locator("#trend-db-received")
    trend.locator("summary").click()
    table = trend.locator("table").inner_text()
    page.close()
    return count, boxes, table, problems


def test_the_supervisor_home_draws_its_charts_without_console_errors(live_server, monkeypatch):
    require_chromium()
    world = factories.build_world()
    # Only the test line's indicators: its trend is then the first, open, group of charts.
    installed = [dataclasses.replace(x, indicators=()) for x in lines.lines()]
    monkeypatch.setattr(lines, "lines", lambda: [*installed, LINE])
    lines.clear_caches()
    RECEIVED.update({world.office_a1.pk: 4, world.office_a2.pk: 0})
    try:
        count, boxes, table, problems = in_browser(_walk, live_server.url)
    finally:
        lines.clear_caches()
    assert problems == []
    assert count >= 1
    # The comparison bars sit in a closed <details>; the trend is drawn open.
    visible = [box for box in boxes if box and box["width"]]
    assert visible and all(box["width"] > 200 and box["height"] > 100 for box in visible)
    assert "3月" in table and "4" in table
