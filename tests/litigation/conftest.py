import datetime as dt
from dataclasses import dataclass

import factories
import pytest

from sifasuo.core.models import PartyKind, UnitKind
from sifasuo.core.roles import Role
from sifasuo.litigation import services
from sifasuo.litigation.models import ActKind, CaseKind, Procedure

TODAY = dt.date(2026, 11, 20)  # a Friday
SERVED = dt.date(2026, 11, 2)  # a Monday


@dataclass
class Departments:
    enforcement: object  # 综合执法办 of A1
    agri: object  # 农业农村办 of A1
    enforcement_clerk: object
    agri_clerk: object


@pytest.fixture(autouse=True)
def _frozen_today(freeze_today):
    freeze_today(TODAY)


@pytest.fixture
def depts(world):
    enforcement = factories.unit(
        "综合执法办", UnitKind.DEPARTMENT, world.office_a1, department_type="business"
    )
    agri = factories.unit(
        "农业农村办", UnitKind.DEPARTMENT, world.office_a1, department_type="business"
    )
    return Departments(
        enforcement=enforcement,
        agri=agri,
        enforcement_clerk=factories.user("a1_enf", enforcement, Role.DEPARTMENT_CLERK),
        agri_clerk=factories.user("a1_agri", agri, Role.DEPARTMENT_CLERK),
    )


def applicant(name="王建国", **values):
    return {
        "kind": PartyKind.PERSON,
        "name": name,
        "id_number": factories.make_id_number(),
        "phone": "13812345678",
        "address": "日照市东港区秦楼街道海滨社区12号",
        **values,
    }


@pytest.fixture
def make_case(world, depts):
    def _make(kind=CaseKind.RECONSIDERATION, procedure=Procedure.ORDINARY, **kw):
        values = dict(
            actor=world.office_user,
            unit=world.office_a1,
            kind=kind,
            procedure=procedure,
            applicant=applicant(),
            department=depts.enforcement,
            respondent="秦楼街道办事处",
            contested_act="罚款五千元的行政处罚决定",
            act_document="秦罚决字〔2026〕8号",
            act_kind=ActKind.PENALTY,
            authority="东港区人民政府" if kind == CaseKind.RECONSIDERATION else "东港区人民法院",
            external_number="东政复〔2026〕12号",
            documents_received="行政复议申请书副本、提出答复通知书",
            served_on=SERVED,
        )
        values.update(kw)
        return services.case_register(**values)

    return _make


@pytest.fixture
def ready_case(world, make_case):
    """A 复议 with its evidence and reply text, and a generated reply (v1)."""
    case = make_case()
    services.evidence_add(
        actor=world.office_user,
        case=case,
        name="现场检查笔录",
        source="综合执法办现场检查",
        purpose="证明申请人占道经营的事实",
        pages=3,
    )
    services.reply_save_text(
        actor=world.office_user,
        case=case,
        facts="申请人在海滨路占道经营，经责令改正拒不改正。",
        legal_basis="《城市市容和环境卫生管理条例》第十七条",
    )
    services.reply_generate(actor=world.office_user, case=case)
    case.refresh_from_db()
    return case
