import datetime as dt

import factories
import pytest

from sifasuo.consultations.models import Specialty
from sifasuo.core.roles import Role

from .support import profile


@pytest.fixture
def people(world):
    """Consultants of county A (office A1's advisor and 公职律师, office A2's advisor) and of
    county B (office B1's advisor), all answering family questions."""
    a2_user = factories.user("a2_advisor", world.office_a2, Role.LEGAL_ADVISOR)
    lawyer_user = factories.user("a1_lawyer", world.office_a1, Role.PUBLIC_LAWYER)
    b1_user = factories.user("b1_advisor", world.office_b1, Role.LEGAL_ADVISOR)
    return {
        "a1": profile(world.advisor, Specialty.FAMILY, Specialty.LAND, name="王律师"),
        "lawyer": profile(lawyer_user, Specialty.ADMINISTRATIVE, name="赵律师"),
        "a2": profile(a2_user, Specialty.FAMILY, name="孙律师"),
        "b1": profile(b1_user, Specialty.FAMILY, name="钱律师"),
    }


@pytest.fixture
def working_hours(freeze_today):
    """A Wednesday at noon (freeze_today moves the clock to noon)."""
    return freeze_today(dt.date(2026, 3, 4))
