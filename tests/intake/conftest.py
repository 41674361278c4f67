import factories
import pytest

from sifasuo.intake import services
from sifasuo.intake.models import Channel, MatterType


def _requester(name="王建国", phone="13963300011", **extra):
    values = {
        "kind": "person",
        "name": name,
        "id_number": factories.make_id_number(),
        "phone": phone,
    }
    values.update(extra)
    return values


def _register(actor, unit=None, **values):
    defaults = dict(
        channel=Channel.WINDOW,
        matter_type=MatterType.DISPUTE,
        narrative="邻居建房占用通道，多次协商未果。",
        counterpart_names="赵六",
        requesters=[_requester()],
    )
    defaults.update(values)
    return services.matter_register(actor=actor, unit=unit or actor.unit, **defaults)


@pytest.fixture
def requester():
    return _requester


@pytest.fixture
def register(db):
    return _register


@pytest.fixture
def matters(world):
    """One matter in A1 (registered by its assistant) and one in A2."""
    return {
        "A1": _register(world.office_user, narrative="秦楼甲纠纷"),
        "A2": _register(world.colleague, narrative="河山乙纠纷"),
    }
