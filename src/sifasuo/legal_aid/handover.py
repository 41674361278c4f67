"""What an intake matter of type 法律援助申请 already says, as the application form's initial
values: the narrative, the 对方当事人, the day received, and what the requester's ID number and
the narrative suggest (age group, gender, the 第三十一条 item). Staff check and correct them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from sifasuo.core.models import PartyKind

from .models import Art31Item, MatterKind

_ITEMS = (
    (re.compile(r"工资|劳动报酬|欠薪|劳动关系"), Art31Item.LABOUR),
    (re.compile(r"工伤|交通事故|医疗事故|食品药品"), Art31Item.INJURY),
    (re.compile(r"赡养|抚养|扶养"), Art31Item.SUPPORT),
    (re.compile(r"社会保险|低保|社会救助"), Art31Item.SOCIAL_INSURANCE),
    (re.compile(r"抚恤"), Art31Item.PENSION),
    (re.compile(r"污染|生态"), Art31Item.ENVIRONMENT),
    (re.compile(r"国家赔偿"), Art31Item.STATE_COMPENSATION),
)


def _age(id_number: str, on: dt.date) -> int | None:
    if len(id_number) != 18 or not id_number[6:14].isdigit():
        return None
    try:
        born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def requester(matter):
    link = (
        matter.requester_links.select_related("party")
        .filter(party__kind=PartyKind.PERSON)
        .order_by("pk")
        .first()
    )
    return link.party if link else None


def initial_from_matter(matter) -> dict[str, Any]:
    received = matter.received_on or timezone.localtime(matter.created_at).date()
    initial: dict[str, Any] = {
        "matter": matter.pk,
        "summary": matter.narrative,
        "opponent": matter.counterpart_names,
        "received_on": received,
        "matter_kind": MatterKind.CIVIL,
    }
    for pattern, item in _ITEMS:
        if pattern.search(matter.narrative or ""):
            initial["art31_item"] = item
            break
    groups = []
    party = requester(matter)
    if party is not None:
        age = _age(party.id_number or "", received)
        if age is not None and age >= 60:
            groups.append("elderly")
        if age is not None and age < 18:
            groups.append("minor")
        if party.gender == "female":
            groups.append("woman")
    if re.search(r"务工|农民工", matter.narrative or ""):
        groups.append("migrant_worker")
    if groups:
        initial["groups"] = groups
    return initial
