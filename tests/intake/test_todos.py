"""一站式受理 on 我的待办: unassigned matters for the office, assigned ones for their handler."""

from sifasuo.intake import services
from sifasuo.intake.models import MatterState


def _home(login, user) -> str:
    return login(user).get("/").content.decode()


def test_matters_wait_on_the_home_page_of_whoever_must_act(world, register, login):
    matter = register(world.office_user, narrative="邻居建房占用通道")
    assert matter.state == MatterState.REGISTERED
    body = _home(login, world.office_user)
    assert "受理事项（待分派）" in body and matter.tracking_code in body
    assert matter.tracking_code not in _home(login, world.colleague)  # another office
    assert matter.tracking_code not in _home(login, world.supervisor)  # bureaus oversee, not act

    services.matter_assign(actor=world.office_user, matter=matter, handler=world.mediator)
    body = _home(login, world.mediator)
    assert "受理事项（本人承办）" in body and matter.tracking_code in body and "已分派" in body
    assert matter.tracking_code not in _home(login, world.office_user)  # no longer unassigned

    matter.refresh_from_db()
    services.matter_start(actor=world.mediator, matter=matter)
    matter.refresh_from_db()
    services.matter_close(actor=world.mediator, matter=matter, result="已调解，双方和解")
    assert matter.tracking_code not in _home(login, world.mediator)


def test_a_full_group_links_to_the_whole_queue(world, register, login):
    for n in range(7):
        register(world.office_user, narrative=f"咨询事项{n}")
    body = _home(login, world.office_user)
    assert "共 7 件" in body and "/intake/?q=unassigned" in body
    assert body.count("咨询事项") == 5  # the first five, then 查看全部
