"""In a browser: the API's docs page renders its operations under the platform's CSP, loading
nothing from another origin."""

from __future__ import annotations

import pytest
from browser_support import in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _docs(browser, base):
    page = browser.new_context().new_page()
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.goto(f"{base}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20000)
    text = page.inner_text("body")
    return requests, problems, text


def test_the_docs_page_renders_offline_under_the_csp(live_server):
    requests, problems, text = in_browser(_docs, live_server.url)
    assert "/api/v1/matters/{matter_id}" in text
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert not [p for p in problems if "Content Security Policy" in p], problems
