"""In a browser: a department submits a normative document and gets an archived, cited opinion,
drafted by the assistant and issued by the head (签发)."""

import factories
import pytest
from browser_support import in_browser, require_chromium

from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Role
from sifasuo.reviews.models import Review, ReviewStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = """秦楼街道农村人居环境整治管理办法
第一条 为改善农村人居环境，制定本办法。
第二条 违反本办法规定乱倒垃圾的，处以二百元罚款。
第三条 本办法自2026年12月1日起施行，有效期五年。
秦楼街道办事处
2026年11月20日
"""


def _session(browser, base, username):
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def _click(page, button):
    page.locator(f"button:has-text('{button}')").click()
    page.wait_for_load_state()


def _walk(browser, base, draft):
    clerk = _session(browser, base, "a1_agri")
    clerk.goto(f"{base}/reviews/new/")
    clerk.select_option("select[name=department]", label="农业农村办")
    clerk.fill("input[name=title]", "农村人居环境整治管理办法")
    clerk.select_option("select[name=kind]", "normative")
    clerk.fill("input[name=drafting_unit]", "农业农村办")
    clerk.set_input_files("input[name=file]", draft)
    clerk.locator("form.form button[type=submit]").click()
    clerk.wait_for_load_state()
    assert "规范性文件不得设定行政处罚" in clerk.content()
    detail = clerk.url

    office = _session(browser, base, "a1_assistant")
    office.goto(detail)
    _click(office, "受理")
    _click(office, "采纳")
    office.fill("textarea[name=assistant_opinion]", "制定主体适格，第二条超越权限。")
    _click(office, "完成审查")
    office.select_option("select[name=conclusion]", "legal_after_changes")
    _click(office, "报所长签发")
    assert "拟稿，待所长签发" in office.content()

    head = _session(browser, base, "a1_head")
    head.goto(detail)
    _click(head, "签发")
    assert "修改后合法" in head.content() and "签发人" in head.content()

    clerk.goto(detail)
    clerk.select_option("select[name=answer]", "done")
    clerk.fill("textarea[name=text]", "已删除第二条")
    _click(clerk, "提交反馈")

    head.goto(detail)
    _click(head, "确认并归档")
    assert "已归档" in head.content()
    assert "《行政处罚法》第十六条" in head.content()


def test_review_from_submission_to_archived_opinion(live_server, tmp_path, docx_upload):
    require_chromium()
    world = factories.build_world()
    agri = factories.unit("农业农村办", UnitKind.DEPARTMENT, world.office_a1)
    factories.user("a1_agri", agri, Role.DEPARTMENT_CLERK)
    draft = tmp_path / "草案.docx"
    draft.write_bytes(docx_upload(DRAFT).read())
    in_browser(_walk, live_server.url, str(draft))
    review = Review.objects.get()
    assert review.status == ReviewStatus.ARCHIVED
    assert review.points.get().basis.law == "行政处罚法"
