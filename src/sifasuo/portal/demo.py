"""Demo online applications for each sample office: a mediation application and a legal-aid
application sent through the portal's service, as a citizen's phone would send them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sifasuo.core.demo import DemoOffice
from sifasuo.intake.demo import backdate
from sifasuo.intake.models import MatterType

from . import services
from .models import FormKind, RoutedBy


def load(office: DemoOffice) -> None:
    consent_at = timezone.now() - dt.timedelta(minutes=5)
    village = office.village()
    applicant, neighbour = office.person(), office.person()
    first = services.application_submit(
        office=office.unit,
        routed_by=RoutedBy.CHOSEN,
        form=FormKind.MEDIATION,
        matter_type=MatterType.DISPUTE,
        narrative=(
            f"【邻里纠纷】本人与同住{village['v']}的{neighbour['name']}因院外排水沟清淤分摊费用"
            "发生争执，对方拒绝出钱，双方已多次争吵，希望司法所组织调解。"
        ),
        requester={k: v for k, v in applicant.items() if k != "gender"},
        counterpart_names=neighbour["name"],
        amount=Decimal("1200"),
        details={"dispute_type": "neighbour"},
        consent_at=consent_at,
    )
    _on_demo_day(office, first, days_ago=6)
    worker = office.person(born=(1965, 1990))
    second = services.application_submit(
        office=office.unit,
        routed_by=RoutedBy.ADDRESS,
        form=FormKind.LEGAL_AID,
        matter_type=MatterType.LEGAL_AID,
        narrative=(
            "本人在县城一家装修公司打工八个月，老板拖欠工资两万余元至今未付，家中老人常年患病，"
            "无力聘请律师，申请法律援助。\n\n事项类别：民事\n"
            "申请事项：第三十一条（五）请求确认劳动关系或者支付劳动报酬\n人群类别：农民工\n"
            "经济状况：免予核查经济困难状况（第四十二条）"
        ),
        requester={k: v for k, v in worker.items() if k != "gender"},
        counterpart_names="某装修公司",
        details={
            "matter_kind": "civil",
            "art31_item": "5",
            "groups": ["migrant_worker"],
            "means_basis": "exempt",
            "exemption_item": "3",
        },
        consent_at=consent_at,
        sensitive_consent_at=consent_at,
    )
    _on_demo_day(office, second, days_ago=2)


def _on_demo_day(office: DemoOffice, submitted, *, days_ago: int) -> None:
    """An application sent on a day the demo tells of (the service stamps "now")."""
    matter = getattr(submitted, "matter", submitted)
    if matter.due_rule:  # a statutory period counts from the day the service registered it
        return
    backdate(matter, office.moment(office.today - dt.timedelta(days=days_ago)))
