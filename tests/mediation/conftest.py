import datetime as dt

import factories
import pytest

from sifasuo.mediation import services


def _person(name, phone="13963300021", **extra):
    values = {
        "kind": "person",
        "name": name,
        "id_number": factories.make_id_number(),
        "phone": phone,
        "address": "日照市东港区秦楼街道海滨二路88号",
    }
    values.update(extra)
    return values


def _open_case(actor, mediators=None, **values):
    defaults = dict(
        unit=actor.unit,
        dispute_type="neighbour",
        summary="两家因排水沟堵塞发生争执。",
        committee_kind="township",
        committee_name="秦楼街道人民调解委员会",
        mediators=mediators or [actor],
        applicants=[_person("王建国")],
        respondents=[_person("赵六", phone="13963300022")],
        amount=3000,
    )
    defaults.update(values)
    return services.case_open(actor=actor, **defaults)


@pytest.fixture
def open_case(db):
    return _open_case


@pytest.fixture
def person():
    return _person


@pytest.fixture
def cases(world):
    return {
        "A1": _open_case(world.mediator, summary="秦楼甲纠纷"),
        "A2": _open_case(
            world.colleague,
            unit=world.office_a2,
            summary="河山乙纠纷",
            committee_name="河山镇人民调解委员会",
        ),
    }


def walk_to_agreement(actor, case, terms="赵六于2026年12月10日前赔偿王建国3000元。"):
    case = services.case_advance(actor=actor, case=case)
    services.session_add(
        actor=actor,
        case=case,
        held_on=dt.date(2026, 11, 20),
        place="秦楼司法所调解室",
        attendees="王建国、赵六、调解员",
        record="双方陈述事实，经调解同意赔偿。",
    )
    case.refresh_from_db()
    return services.case_record_agreement(
        actor=actor, case=case, terms=terms, agreed_on=dt.date(2026, 11, 21)
    )


@pytest.fixture
def walk():
    return walk_to_agreement
