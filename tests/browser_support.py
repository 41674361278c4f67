"""Headless Chromium for browser tests: Debian's chromium driven by Playwright, never a download.

Each test drives the browser from a thread of its own, because Playwright's sync API runs an event
loop in the thread that starts it and Django refuses ORM calls from a thread with a running loop.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

CHROMIUM = os.environ.get("SIFASUO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach outside hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def in_browser(steps: Callable[..., Any], *args: Any) -> Any:
    """Run `steps(browser, *args)` with a fresh headless Chromium in a thread of its own."""
    require_chromium()

    def run() -> Any:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                return steps(browser, *args)
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()
