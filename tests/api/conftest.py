import pytest
from factories import unit

from sifasuo.api import services
from sifasuo.api.models import Scope
from sifasuo.core.models import PartnerType, UnitKind

ALL_SCOPES = [s.value for s in Scope]


@pytest.fixture
def hotline_unit(world):
    """The 12345 hotline's terminal attached to office A1."""
    return unit(
        "秦楼12345工作站", UnitKind.PARTNER, world.office_a1, partner_type=PartnerType.HOTLINE
    )


@pytest.fixture
def issue(world):
    """Register a client (as the system administrator) and return (client, token)."""

    def _issue(
        unit, *, name="12345热线", scopes=None, rate=600, webhook_url="https://hotline.example/hook"
    ):
        issued = services.client_register(
            actor=world.admin,
            name=name,
            unit=unit,
            scopes=ALL_SCOPES if scopes is None else scopes,
            rate_per_minute=rate,
            webhook_url=webhook_url,
        )
        return issued.client, issued.token

    return _issue


@pytest.fixture
def hotline(issue, hotline_unit):
    return issue(hotline_unit)
