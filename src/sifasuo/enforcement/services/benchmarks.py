"""裁量基准 and the calculator."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core import deadline_service
from sifasuo.core.actors import is_system
from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.roles import Capability
from sifasuo.core.services import require, require_unit
from sifasuo.core.workflow import lock

from .. import rules
from ..apps import STANDARDS
from ..discretion import Proposal, propose
from ..models import (
    DiscretionCalculation,
    DiscretionFactor,
    DiscretionStandard,
    DiscretionTier,
    EnforcementCase,
)
from .evaluations import standard_visible_to

# 裁量基准 and the calculator


def _benchmark_draft(actor, standard: DiscretionStandard) -> DiscretionStandard:
    require(actor, STANDARDS)
    require_unit(actor, standard.unit)
    standard = lock(standard)
    if standard.published:
        raise ValidationError(
            "已公布的裁量基准不能修改（行政处罚法第三十四条：基准以公布的为准）。"
        )
    return standard


@transaction.atomic
def benchmark_create(
    *,
    actor,
    unit: OrgUnit,
    offence: str,
    violated: str,
    penalty_basis: str,
    statutory_range: str,
) -> DiscretionStandard:
    require(actor, STANDARDS)
    require_unit(actor, unit)
    standard = DiscretionStandard(
        unit=unit,
        offence=offence.strip(),
        violated=violated.strip(),
        penalty_basis=penalty_basis.strip(),
        statutory_range=statutory_range.strip(),
    )
    standard.full_clean()
    standard.save()
    audit_record(
        actor=actor,
        action="benchmark.create",
        obj=standard,
        changes={"offence": [None, standard.offence]},
    )
    return standard


@transaction.atomic
def benchmark_tier_add(
    *,
    actor,
    standard: DiscretionStandard,
    name: str,
    condition: str,
    fine_min: Decimal,
    fine_max: Decimal,
) -> DiscretionTier:
    standard = _benchmark_draft(actor, standard)
    if fine_min < 0 or fine_max < fine_min:
        raise ValidationError({"fine_max": "罚款上限不得低于下限，且均不得为负数。"})
    seq = standard.tiers.count() + 1
    tier = DiscretionTier.objects.create(
        standard=standard,
        seq=seq,
        name=name.strip(),
        condition=condition.strip(),
        fine_min=fine_min,
        fine_max=fine_max,
    )
    audit_record(
        actor=actor,
        action="benchmark.part",
        obj=standard,
        changes={f"阶次{seq}": [None, str(tier)]},
    )
    return tier


@transaction.atomic
def benchmark_factor_add(
    *, actor, standard: DiscretionStandard, kind: str, text: str, basis: str
) -> DiscretionFactor:
    standard = _benchmark_draft(actor, standard)
    factor = DiscretionFactor(standard=standard, kind=kind, text=text.strip(), basis=basis.strip())
    factor.full_clean()
    factor.save()
    audit_record(
        actor=actor,
        action="benchmark.part",
        obj=standard,
        changes={factor.get_kind_display(): [None, factor.text]},
    )
    return factor


@transaction.atomic
def benchmark_publish(
    *, actor, standard: DiscretionStandard, published_on: dt.date, publication: str
) -> DiscretionStandard:
    """行政处罚法 第三十四条: 行政处罚裁量基准应当向社会公布. Only a published benchmark is applied."""
    standard = _benchmark_draft(actor, standard)
    if not standard.tiers.exists():
        raise ValidationError("请先设置至少一个裁量阶次。")
    if not publication.strip():
        raise ValidationError({"publication": "请填写公布载体（文号或网址）。"})
    if published_on > deadline_service.today():
        raise ValidationError({"published_on": "公布日期不能晚于今天。"})
    standard.published = True
    standard.published_on = published_on
    standard.publication = publication.strip()
    standard.save()
    audit_record(
        actor=actor,
        action="benchmark.publish",
        obj=standard,
        changes={"published_on": [None, published_on], "publication": [None, standard.publication]},
    )
    return standard


def calculation_propose(*, tier: DiscretionTier, factors: Sequence[DiscretionFactor]) -> Proposal:
    """The proposal for facts falling in `tier` with `factors`; its rule names the tier."""
    proposal = propose(
        tier_low=tier.fine_min,
        tier_high=tier.fine_max,
        factor_kinds=[f.kind for f in factors],
        policy=rules.discretion_policy(),
    )
    where = f"违法情形属“{tier.name}”阶次（{tier.fine_min}—{tier.fine_max}元）。"
    return dataclasses.replace(proposal, rule=where + proposal.rule)


@transaction.atomic
def calculation_create(
    *,
    actor,
    standard: DiscretionStandard,
    tier: DiscretionTier,
    factors: Sequence[DiscretionFactor],
    facts: str,
    decided_amount: Decimal,
    reason: str = "",
    case: EnforcementCase | None = None,
    unit: OrgUnit | None = None,
    submission_token: uuid.UUID | None = None,
) -> DiscretionCalculation:
    """Record a calculation: a decided amount outside the proposed range needs a written reason."""
    require(actor, Capability.MANAGE_WORK)
    unit = case.unit if case is not None else unit
    if unit is None or unit.kind != UnitKind.OFFICE:
        raise ValidationError({"case": "请选择执法案件或所属司法所。"})
    require_unit(actor, unit)
    if submission_token is not None:
        existing = DiscretionCalculation.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    standard = DiscretionStandard.objects.get(pk=standard.pk)
    if not standard.published:
        raise ValidationError("该裁量基准尚未公布，不能适用（行政处罚法第三十四条）。")
    if not standard_visible_to(standard, unit):  # type: ignore[arg-type]
        raise ValidationError("该裁量基准不适用于本乡镇。")
    if tier.standard_id != standard.pk or any(f.standard_id != standard.pk for f in factors):
        raise ValidationError("阶次或情节不属于该裁量基准。")
    if not facts.strip():
        raise ValidationError({"facts": "请填写违法事实。"})
    if decided_amount < 0:
        raise ValidationError({"decided_amount": "罚款金额不能为负数。"})
    proposal = calculation_propose(tier=tier, factors=factors)
    outside = not proposal.contains(decided_amount)
    if outside and not reason.strip():
        raise ValidationError(
            {
                "reason": f"拟决定罚款{decided_amount}元超出建议幅度"
                f"（{proposal.low}—{proposal.high}元），请书面说明理由。"
            }
        )
    calculation = DiscretionCalculation.objects.create(
        unit=unit,
        standard=standard,
        case=case,
        tier=tier,
        facts=facts.strip(),
        outcome=proposal.outcome,
        proposed_min=proposal.low,
        proposed_max=proposal.high,
        rule=proposal.rule[:1000],
        decided_amount=decided_amount,
        outside=outside,
        reason=reason.strip() if outside else "",
        created_by=None if is_system(actor) else actor,
        submission_token=submission_token,
    )
    calculation.factors.set(factors)
    audit_record(
        actor=actor,
        action="calculation.create",
        obj=calculation,
        changes={
            "proposed": [None, f"{proposal.outcome} {proposal.low}—{proposal.high}"],
            "decided_amount": [None, str(decided_amount)],
            "outside": [None, outside],
            **({"reason": [None, calculation.reason]} if outside else {}),
        },
    )
    return calculation
