"""人民调解 on 我的待办: the open cases a person mediates, until they are closed."""

from sifasuo.mediation import services


def test_open_cases_wait_for_their_mediators(world, open_case, home):
    case = open_case(world.mediator, summary="两家因排水沟堵塞发生争执。")
    body = home(world.mediator)
    assert "调解案件（本人调解）" in body and case.number in body and "申请" in body
    assert case.number not in home(world.office_user)  # not one of its mediators
    assert case.number not in home(world.colleague)

    services.case_terminate(actor=world.mediator, case=case, reason="party_withdrew", text="撤回")
    assert case.number not in home(world.mediator)
