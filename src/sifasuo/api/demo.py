"""Demo partner clients: each sample office's 12345 terminal with work orders handed in (one
answered), and its police station's client reading the watch list."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sifasuo.core.actors import DEMO
from sifasuo.core.demo import DemoOffice
from sifasuo.intake import services as intake_services
from sifasuo.intake.demo import backdate
from sifasuo.intake.models import MatterType

from . import services
from .endpoints import stored_answer
from .models import Scope

_ORDERS = (
    (
        "邻居装修噪音扰民，多次协商未果，请求调解。",
        "已组织双方调解，约定装修时段，诉求人表示满意。",
    ),
    ("租房押金被房东扣留，咨询如何维权。", ""),
)


def load(office: DemoOffice) -> None:
    hotline = services.client_register(
        actor=DEMO,
        name=f"12345热线·{office.unit.name}",
        unit=office.unit,
        scopes=[Scope.MATTERS_CREATE, Scope.MATTERS_READ, Scope.STATISTICS_READ],
        rate_per_minute=120,
    ).client
    services.client_register(
        actor=DEMO,
        name=f"{office.police.name}关注名单",
        unit=office.police,
        scopes=[Scope.SHARES_READ, Scope.MATTERS_READ],
    )
    head, assistant = office.accounts["head"], office.accounts["assistant"]
    for index, (content, result) in enumerate(_ORDERS, start=1):
        ticket = f"RZ{office.today:%Y%m%d}{office.number:02d}{index:03d}"
        body = {"ticket_number": ticket, "content": content}
        phone = office.people.mobile()
        work_order, _ = services.work_order_create(
            client=hotline,
            idempotency_key=f"demo-{ticket}",
            body=body,
            ticket_number=ticket,
            requester_name=office.people.name(office.people.gender(0.5)),
            requester_phone=phone,
            content=content,
            reply_due_on=timezone.localdate() + dt.timedelta(days=5 * index),
            matter_type=MatterType.DISPUTE if index == 1 else MatterType.CONSULTATION,
            respond=stored_answer,
        )
        matter = work_order.matter
        if result and matter.unit_id == office.unit.pk:
            if matter.handler_id is None:
                matter = intake_services.matter_assign(actor=head, matter=matter, handler=assistant)
            if matter.state == "assigned":
                matter = intake_services.matter_start(actor=assistant, matter=matter)
            intake_services.matter_close(actor=assistant, matter=matter, result=result)
        # The service stamps "now": the work order came in on a day the demo tells of.
        if not matter.due_rule:  # a statutory period counts from the day it was registered
            backdate(matter, office.moment(office.today - dt.timedelta(days=2 * index)))
