"""合法性审查 on 我的待办: the office's next step, or the department's answer when it is its turn."""

from sifasuo.reviews import services


def test_a_review_waits_for_the_office_then_for_the_department(world, depts, make_review, home):
    review = make_review(title="农村人居环境整治管理办法")
    body = home(world.office_user)
    assert "合法性审查（本所待办）" in body and "农村人居环境整治管理办法" in body
    assert "待受理" in body and "2026-11-16" in body  # submitted 11-02, 10 working days
    assert "农村人居环境整治管理办法" not in home(depts.agri_clerk)  # not its turn
    assert "农村人居环境整治管理办法" not in home(depts.enforcement_clerk)
    assert "农村人居环境整治管理办法" not in home(world.colleague)
    assert "农村人居环境整治管理办法" not in home(world.supervisor)

    services.review_return(actor=world.office_user, review=review, missing="缺少起草说明")
    body = home(depts.agri_clerk)
    assert "合法性审查（本科室待办）" in body and "待补正材料" in body
    assert "农村人居环境整治管理办法" not in home(world.office_user)
    assert "农村人居环境整治管理办法" not in home(depts.enforcement_clerk)
