"""合同法律审查 on 我的待办: each of the two reviewers until their own opinion is in."""

import datetime as dt

from sifasuo.contracts import services


def test_each_reviewer_sees_the_contract_until_their_opinion_is_in(
    world, depts, make_contract, home
):
    contract = make_contract(title="道路保洁服务合同")
    assert "道路保洁服务合同" not in home(world.office_user)  # still a draft
    services.contract_submit_review(
        actor=depts.business_clerk, contract=contract, on=dt.date(2026, 11, 2)
    )
    for reviewer in (world.office_user, world.advisor):
        body = home(reviewer)
        assert "合同法律审查（待出具意见）" in body and "道路保洁服务合同" in body
        assert "2026-11-09" in body
    assert "道路保洁服务合同" not in home(world.colleague)
    assert "道路保洁服务合同" not in home(depts.business_clerk)

    services.contract_legal_opinion(
        actor=world.office_user, contract=contract, opinion="同意", passed=True
    )
    assert "道路保洁服务合同" not in home(world.office_user)
    assert "道路保洁服务合同" in home(world.advisor)
