import datetime as dt
from dataclasses import dataclass

import factories
import pytest

from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Role
from sifasuo.enforcement import services
from sifasuo.enforcement.models import ScoringStandard

TODAY = dt.date(2026, 11, 20)


@dataclass
class Scene:
    team_dept: object  # 综合执法队 of A1
    other_dept: object  # 农业农村办 of A1
    b1_dept: object  # a department of B1 (other county)
    clerk: object  # clerk of A1's 综合执法队
    alice: object
    bob: object
    expired: object
    b1_enforcer: object
    standard: ScoringStandard


@pytest.fixture(autouse=True)
def _frozen_today(freeze_today):
    freeze_today(TODAY)


@pytest.fixture
def scene(world):
    team = factories.unit(
        "综合执法队", UnitKind.DEPARTMENT, world.office_a1, department_type="business"
    )
    other = factories.unit(
        "农业农村办", UnitKind.DEPARTMENT, world.office_a1, department_type="business"
    )
    b1 = factories.unit(
        "综合执法队", UnitKind.DEPARTMENT, world.office_b1, department_type="business"
    )

    def enforcer(dept, name, card, issued, expires):
        return services.enforcer_create(
            actor=factories.SETUP,
            department=dept,
            name=name,
            card_number=card,
            card_issued_on=issued,
            card_expires_on=expires,
            id_number=factories.make_id_number(),
            phone="13853300011",
        )

    return Scene(
        team_dept=team,
        other_dept=other,
        b1_dept=b1,
        clerk=factories.user("a1_zf", team, Role.DEPARTMENT_CLERK),
        alice=enforcer(team, "王海涛", "37110201001", dt.date(2023, 1, 1), dt.date(2028, 12, 31)),
        bob=enforcer(team, "李秀兰", "37110201002", dt.date(2022, 1, 1), dt.date(2027, 1, 10)),
        expired=enforcer(other, "张志强", "37110201003", dt.date(2020, 1, 1), dt.date(2026, 6, 30)),
        b1_enforcer=enforcer(b1, "赵文斌", "37112101001", dt.date(2023, 1, 1), dt.date(2028, 1, 1)),
        standard=_default_standard(),
    )


def _default_standard() -> ScoringStandard:
    """The default standard its data migration loads; a test that flushed the database (the
    browser tests' live server) has removed it, so it is loaded again as the command does."""
    from sifasuo.enforcement import default_standard
    from sifasuo.enforcement.models import ScoringItem

    default_standard.load(ScoringStandard, ScoringItem, on=default_standard.PUBLISHED_ON)
    return ScoringStandard.objects.get(family="default-penalty", status="published")


@pytest.fixture
def make_case(world, scene):
    counter = iter(range(1, 100))

    def _make(*, enforcers=None, decided=True, office_dept=None, **kw):
        dept = office_dept or scene.team_dept
        case = services.case_create(
            actor=factories.SETUP,
            department=dept,
            kind=kw.pop("kind", "penalty"),
            number=kw.pop("number", f"秦楼综执罚〔2026〕{next(counter)}号"),
            title=kw.pop("title", "露天焚烧秸秆案"),
            party_name=kw.pop("party_name", "刘国庆"),
            opened_on=kw.pop("opened_on", dt.date(2026, 9, 1)),
            violation_on=kw.pop("violation_on", dt.date(2026, 8, 28)),
            enforcers=enforcers if enforcers is not None else [scene.alice, scene.bob],
            **kw,
        )
        if decided:
            case = services.case_decide(
                actor=factories.SETUP,
                case=case,
                decided_on=dt.date(2026, 9, 20),
                decision="罚款一千元",
                fine=1000,
            )
        return case

    return _make


@pytest.fixture
def team(world):
    """The 三合一 team: the county's supervisor, A1's judicial assistant and legal advisor."""
    return [world.supervisor, world.office_user, world.advisor]
