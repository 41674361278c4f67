"""一站式受理 on 我的待办: unassigned matters for the office, assigned ones for their handler."""

from sifasuo.intake import services
from sifasuo.intake.models import MatterState


def test_matters_wait_on_the_home_page_of_whoever_must_act(world, register, home):
    matter = register(world.office_user, narrative="邻居建房占用通道")
    assert matter.state == MatterState.REGISTERED
    body = home(world.office_user)
    assert "受理事项（待分派）" in body and matter.tracking_code in body
    assert matter.tracking_code not in home(world.colleague)  # another office
    assert matter.tracking_code not in home(world.supervisor)  # bureaus oversee, not act

    services.matter_assign(actor=world.office_user, matter=matter, handler=world.mediator)
    body = home(world.mediator)
    assert "受理事项（本人承办）" in body and matter.tracking_code in body and "已分派" in body
    assert matter.tracking_code not in home(world.office_user)  # no longer unassigned

    matter.refresh_from_db()
    services.matter_start(actor=world.mediator, matter=matter)
    matter.refresh_from_db()
    services.matter_close(actor=world.mediator, matter=matter, result="已调解，双方和解")
    assert matter.tracking_code not in home(world.mediator)


def test_a_full_group_links_to_the_whole_queue(world, register, home):
    for n in range(7):
        register(world.office_user, narrative=f"咨询事项{n}")
    body = home(world.office_user)
    assert "共 7 件" in body and "/intake/?q=unassigned" in body
    assert body.count("咨询事项") == 5  # the first five, then 查看全部
