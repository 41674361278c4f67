"""In a browser: an advisor's month, from visit logs to the office's completeness check and the
month close (refused while gaps remain, closed with a note)."""

import datetime as dt
import io
from decimal import Decimal

import factories
import pytest
from browser_support import in_browser, require_chromium
from PIL import Image

from sifasuo.advisors import services
from sifasuo.advisors.models import MonthClose, ServiceLog
from sifasuo.core.models import UnitKind

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


def _walk(browser, base, photo, today):
    advisor = _session(browser, base, "a1_advisor")
    for content in ("坐班接待村民5人，解答土地承包问题。", ""):
        advisor.goto(f"{base}/advisors/logs/new/")
        advisor.select_option("select[name=appointment]", index=1)
        advisor.fill("input[name=served_on]", today.isoformat())
        advisor.select_option("select[name=kind]", "office_hours")
        advisor.fill("input[name=people_served]", "5")
        advisor.fill("textarea[name=content]", content)
        _submit(advisor, "保存")
    # The first log gets its signed sheet and photo; the second stays without content.
    advisor.goto(f"{base}/advisors/logs/")
    advisor.locator("table.table a").last.click()
    advisor.wait_for_load_state()
    for kind in ("signature", "photo"):
        advisor.select_option("select[name=kind]", kind)
        advisor.set_input_files("input[name=file]", photo)
        _submit(advisor, "上传")
    assert "现场照片" in advisor.content()

    head = _session(browser, base, "a1_head")
    head.goto(f"{base}/advisors/completeness/")
    page = head.content()
    assert "未填写服务内容" in page and "本月日志 2 条" in page
    _submit(head, "结账")
    assert "不能结账" in head.content()
    head.fill("textarea[name=note]", "补写中，纸质日志已归档")
    _submit(head, "结账")
    assert "已于" in head.content() and "补写中，纸质日志已归档" in head.content()


def test_an_advisors_month_from_visit_logs_to_the_month_close(live_server, tmp_path):
    require_chromium()
    world = factories.build_world()
    today = dt.date.today()
    services.appointment_create(
        actor=factories.SETUP,
        office=world.office_a1,
        village=world.village_a1,
        lawyer_name="王海涛",
        firm="海曲正衡律师事务所",
        license_no="13711202010123456",
        account=world.advisor,
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(month=12, day=31),
        fee=Decimal(10000),
    )
    factories.unit("秦楼村", UnitKind.VILLAGE, world.office_a1)
    photo = tmp_path / "现场.png"
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 180, 160)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())
    in_browser(_walk, live_server.url, str(photo), today)
    assert ServiceLog.objects.count() == 2
    close = MonthClose.objects.get()
    assert close.note == "补写中，纸质日志已归档" and close.gaps
