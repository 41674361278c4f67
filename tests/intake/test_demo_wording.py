"""The demo's refusal of a matter already before a court states a true ground."""

from pathlib import Path

import pytest

from sifasuo.intake import demo


def _law(name: str) -> str:
    laws = Path(__file__).resolve().parents[3] / "shared" / "laws"  # shared/ beside the checkout
    if not laws.is_dir():
        pytest.skip("the statute texts (shared/laws) are not beside this checkout")
    return next(laws.glob(f"{name}*.md")).read_text(encoding="utf-8")


def test_a_matter_the_court_has_accepted_is_refused_on_the_ground_that_forbids_it():
    (refusal,) = [plan for plan in demo.PLANS if plan.then == "refuse"]
    # 人民调解法 第十八条 lets courts and the police point parties to mediation; it is no ground
    # to refuse one.
    article_18 = next(
        line for line in _law("人民调解法").splitlines() if line.startswith("第十八条 ")
    )
    assert "可以在受理前告知当事人向人民调解委员会申请调解" in article_18
    assert "第十八条" not in refusal.result
    assert "人民法院已经受理的纠纷，人民调解委员会不受理调解" in refusal.result
    assert "《人民调解工作若干规定》第二十二条第二项" in refusal.result
