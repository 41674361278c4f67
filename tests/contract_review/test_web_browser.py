"""An office uploads a batch, watches it finish, and confirms and dismisses findings one by one."""

from __future__ import annotations

import factories
import pytest
from browser_support import in_browser, require_chromium
from contract_review.web_fixtures import price_upload, sample_zip

from sifasuo.contract_review.models import Finding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _walk(browser, base: str, archive: str, prices: str) -> None:
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "a1_assistant")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/contract-review/")
    page.click("text=上传一批合同")
    page.fill("input[name=name]", "秦楼街道试点")
    page.set_input_files("input[name=files]", archive)
    page.set_input_files("input[name=price_table]", prices)
    page.click("button:has-text('上传并开始审查')")
    page.wait_for_selector("text=已完成")
    assert "已处理 6 / 6 个文件" in page.content()

    page.click("text=逐份确认问题")
    page.wait_for_selector("text=合同要素")
    assert page.locator("mark").count() >= 1
    first = page.locator("article.finding").first
    first.locator("button:has-text('确认问题')").click()
    page.wait_for_selector("article.finding-confirmed")

    # Another problem contract: dismissing needs a reason.
    page.click("text=下一份问题合同")
    page.wait_for_selector("article.finding-pending")
    pending = page.locator("article.finding-pending").first
    pending.locator("button:has-text('排除')").click()
    page.wait_for_selector("text=排除该问题须说明理由")
    pending = page.locator("article.finding-pending").first
    pending.locator("textarea").fill("纪要另附")
    pending.locator("button:has-text('排除')").click()
    page.wait_for_selector("article.finding-dismissed")


def test_upload_review_and_decide(live_server, settings, tmp_path):
    require_chromium()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    factories.build_world()
    upload, _ = sample_zip(6)
    archive = tmp_path / "合同.zip"
    archive.write_bytes(upload.read())
    prices = tmp_path / "prices.csv"
    prices.write_bytes(price_upload().read())

    in_browser(_walk, live_server.url, str(archive), str(prices))

    assert Finding.objects.filter(decision="dismissed", dismissal_reason="纪要另附").count() == 1
    assert Finding.objects.filter(decision="confirmed").count() == 1
