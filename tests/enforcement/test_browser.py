"""In a browser: a 案卷评查 from three reviewers' independent scores to the issued 评查意见, and a
裁量 calculation whose amount leaves the proposed range and so needs a written reason."""

import datetime as dt
from decimal import Decimal

import factories
import pytest
from browser_support import in_browser, require_chromium

from sifasuo.enforcement import services
from sifasuo.enforcement.models import DiscretionCalculation, Evaluation, ScoringItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session(browser, base, username):
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def _click(page, text):
    page.locator(f"button:has-text('{text}')").first.click()
    page.wait_for_load_state()


def _evaluation_walk(browser, base, case_pk, reviewers, items):
    county = _session(browser, base, "county_a")
    county.goto(f"{base}/enforcement/cases/{case_pk}/")
    county.click("text=启动案卷评查")
    county.wait_for_load_state()
    for n, pk in enumerate(reviewers, start=1):
        county.select_option(f"select[name=reviewer_{n}]", str(pk))
    _click(county, "保存")
    assert "独立评分中" in county.content()
    detail = county.url

    # Each scores alone: 签名 defects (item 10) seen differently; the advisor also finds the
    # 告知 item (22).
    sheets = {"county_a": {10: "1"}, "a1_assistant": {10: "2"}, "a1_advisor": {10: "1", 22: "1"}}
    for username, hits in sheets.items():
        page = county if username == "county_a" else _session(browser, base, username)
        page.goto(detail)
        for seq, value in hits.items():
            page.fill(f"input[name=hits_{items[seq]}]", value)
        _click(page, "提交我的评分")
        if username == "a1_assistant":
            # Two sheets in: the assistant sees only their own.
            assert "您已提交评分：98.0分" in page.content()
            assert "99.0" not in page.content()

    advisor = _session(browser, base, "a1_advisor")
    advisor.goto(detail)
    body = advisor.content()
    assert "三人评分对照" in body and body.count('class="differs"') == 2
    # The differing items are agreed in the meeting and recorded by the advisor.
    advisor.fill(f"form[action$='agree/'] input[name=hits_{items[10]}]", "1")
    advisor.fill(f"form[action$='agree/'] input[name=hits_{items[22]}]", "1")
    advisor.fill("form[action$='agree/'] input[name=note]", "经合议，签名缺失一处，告知书缺期限。")
    _click(advisor, "确定合议分数")
    assert "96.0分" in advisor.content() and "优秀" in advisor.content()

    county.goto(detail)
    county.fill("textarea[name=opinion]", "案卷总体规范，事先告知书未载明陈述申辩期限，请整改。")
    county.fill("input[name=item_1]", "修订行政处罚事先告知书格式")
    county.fill("input[name=due_1]", "2026-12-20")
    _click(county, "出具评查意见")
    body = county.content()
    assert "秦楼司法所执法评查〔2026〕第1号" in body and "修订行政处罚事先告知书格式" in body
    with county.expect_download() as download:
        county.click("text=下载评查意见书")
    assert download.value.suggested_filename.endswith("评查意见.docx")


def test_file_evaluation_from_three_scores_to_the_opinion(live_server, world, scene, make_case):
    require_chromium()
    case = make_case()
    items = {seq: ScoringItem.objects.get(standard=scene.standard, seq=seq).pk for seq in (10, 22)}
    reviewers = [world.supervisor.pk, world.office_user.pk, world.advisor.pk]
    in_browser(_evaluation_walk, live_server.url, case.pk, reviewers, items)
    evaluation = Evaluation.objects.get()
    assert evaluation.status == Evaluation.Status.ISSUED
    assert evaluation.total == Decimal(96) and evaluation.agreed_by == world.advisor
    assert evaluation.rectifications.get().due_on == dt.date(2026, 12, 20)


def _calculation_walk(browser, base, benchmark_pk, tier_pk, factor_pk):
    page = _session(browser, base, "a1_assistant")
    page.goto(f"{base}/enforcement/benchmarks/{benchmark_pk}/calculate/")
    page.fill("textarea[name=facts]", "在禁烧区焚烧秸秆约一亩半，当事人主动扑灭。")
    page.check(f"input[name=tier][value='{tier_pk}']")
    page.check(f"input[name=factors][value='{factor_pk}']")
    _click(page, "计算建议幅度")
    body = page.content()
    assert "从轻处罚" in body and "1000.00—1250.00" in body and "东港区人民政府网站" in body
    page.fill("input[name=decided_amount]", "800")
    _click(page, "保存计算结果")
    assert "请书面说明理由" in page.content()
    assert page.input_value("textarea[name=facts]").startswith("在禁烧区焚烧秸秆")
    page.fill("textarea[name=reason]", "当事人年逾七十且家庭困难，经集体讨论在下限以下决定。")
    _click(page, "保存计算结果")
    body = page.content()
    assert "超出建议幅度" in body and "年逾七十" in body


def test_a_calculation_outside_the_range_needs_a_reason(live_server, world):
    require_chromium()
    from sifasuo.enforcement.demo import FACTORS, OFFENCE, TIERS

    benchmark = services.benchmark_create(
        actor=world.supervisor,
        unit=world.county_a,
        offence=OFFENCE,
        violated="《中华人民共和国大气污染防治法》第七十七条",
        penalty_basis="《中华人民共和国大气污染防治法》第一百一十九条第一款",
        statutory_range="可以处五百元以上二千元以下的罚款",
    )
    for name, condition, low, high in TIERS:
        services.benchmark_tier_add(
            actor=world.supervisor,
            standard=benchmark,
            name=name,
            condition=condition,
            fine_min=Decimal(low),
            fine_max=Decimal(high),
        )
    for kind, text, basis in FACTORS:
        services.benchmark_factor_add(
            actor=world.supervisor, standard=benchmark, kind=kind, text=text, basis=basis
        )
    services.benchmark_publish(
        actor=world.supervisor,
        standard=benchmark,
        published_on=dt.date(2026, 3, 1),
        publication="东港区人民政府网站",
    )
    tier = benchmark.tiers.get(name="一般")
    lighter = benchmark.factors.get(kind="lighter")
    in_browser(_calculation_walk, live_server.url, benchmark.pk, tier.pk, lighter.pk)
    calculation = DiscretionCalculation.objects.get()
    assert calculation.outside and calculation.decided_amount == 800
    assert "年逾七十" in calculation.reason
