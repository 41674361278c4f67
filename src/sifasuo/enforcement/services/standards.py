"""Scoring standards (评查标准): versions, frozen once published."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from sifasuo.core import deadline_service
from sifasuo.core.actors import is_system
from sifasuo.core.audit import audit_record, hold_chain
from sifasuo.core.models import OrgUnit
from sifasuo.core.scoping import sees_everything
from sifasuo.core.services import require, require_unit
from sifasuo.core.workflow import lock

from ..apps import STANDARDS
from ..models import (
    ScoringItem,
    ScoringStandard,
    Section,
    StandardStatus,
)

# Scoring standards (评查标准): versions, frozen once published


def _may_edit_standard(actor, unit: OrgUnit | None) -> None:
    require(actor, STANDARDS)
    if is_system(actor):
        return
    if unit is None:
        if not sees_everything(actor):
            raise PermissionDenied("平台默认标准只能由系统管理员修订。")
        return
    require_unit(actor, unit)


@transaction.atomic
def standard_create(
    *,
    actor,
    unit: OrgUnit | None,
    family: str,
    title: str,
    kind: str,
    source: str = "",
    form_points: int = 20,
    content_points: int = 80,
    pass_score: int = 60,
    excellent_score: int = 90,
) -> ScoringStandard:
    _may_edit_standard(actor, unit)
    if ScoringStandard.objects.filter(family=family.strip()).exists():
        raise ValidationError({"family": "该标准编码已使用。"})
    standard = ScoringStandard(
        unit=unit,
        family=family.strip(),
        title=title.strip(),
        kind=kind,
        source=source.strip(),
        form_points=form_points,
        content_points=content_points,
        pass_score=pass_score,
        excellent_score=excellent_score,
    )
    standard.full_clean()
    standard.save()
    audit_record(
        actor=actor,
        action="standard.create",
        obj=standard,
        unit=unit,
        changes={"title": [None, standard.title], "version": [None, 1]},
    )
    return standard


def _draft(standard: ScoringStandard) -> ScoringStandard:
    standard = lock(standard)
    if standard.status != StandardStatus.DRAFT:
        raise ValidationError("已发布的评查标准不能修改；请修订为新版本后再编辑。")
    return standard


@transaction.atomic
def standard_item_save(
    *,
    actor,
    standard: ScoringStandard,
    section: str,
    seq: int,
    text: str,
    step: Decimal = Decimal(0),
    cap: Decimal = Decimal(0),
    basis: str = "",
) -> ScoringItem:
    """Add an item, or replace the item with the same number, in a draft standard."""
    _may_edit_standard(actor, standard.unit)
    standard = _draft(standard)
    if section == Section.VETO:
        step = cap = Decimal(0)
    elif step <= 0 or cap < step:
        raise ValidationError({"cap": "每处扣分应大于0，最高扣分不得小于每处扣分。"})
    if not text.strip():
        raise ValidationError({"text": "请填写评查内容。"})
    item = ScoringItem.objects.filter(standard=standard, seq=seq).first() or ScoringItem(
        standard=standard, seq=seq
    )
    old = item.text if item.pk else None
    item.section, item.text, item.step, item.cap, item.basis = (
        section,
        text.strip(),
        step,
        cap,
        basis.strip(),
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="standard.item",
        obj=standard,
        unit=standard.unit,
        changes={f"第{seq}项": [old, item.text]},
    )
    return item


@transaction.atomic
def standard_item_delete(*, actor, item: ScoringItem) -> None:
    _may_edit_standard(actor, item.standard.unit)
    standard = _draft(item.standard)
    audit_record(
        actor=actor,
        action="standard.item",
        obj=standard,
        unit=standard.unit,
        changes={f"第{item.seq}项": [item.text, None]},
    )
    item.delete()


def standard_problems(standard: ScoringStandard) -> list[str]:
    """Why a draft cannot be published yet (empty when it can)."""
    items = list(standard.items.all())
    problems = []
    if not any(i.section == Section.VETO for i in items):
        problems.append("至少应有一个否决项。")
    for section, points in (
        (Section.FORM, standard.form_points),
        (Section.CONTENT, standard.content_points),
    ):
        caps = sum((i.cap for i in items if i.section == section), Decimal(0))
        if caps != points:
            problems.append(
                f"{section.label}各项最高扣分合计{caps.normalize()}分，应等于{section.label}分值{points}分。"
            )
    if (
        not standard.pass_score
        <= standard.excellent_score
        <= standard.form_points + standard.content_points
    ):
        problems.append("合格线、优秀线设置不正确。")
    return problems


@transaction.atomic
def standard_publish(
    *, actor, standard: ScoringStandard, on: dt.date | None = None
) -> ScoringStandard:
    """Publish a draft; it is frozen from now on and replaces the family's earlier version."""
    _may_edit_standard(actor, standard.unit)
    standard = _draft(standard)
    problems = standard_problems(standard)
    if problems:
        raise ValidationError(problems)
    hold_chain(standard.unit)  # the chain before the rows, as every audited write takes them
    previous = ScoringStandard.objects.filter(
        family=standard.family, status=StandardStatus.PUBLISHED
    ).select_for_update()
    for old in previous:
        old.status = StandardStatus.SUPERSEDED
        old.save(update_fields=["status"])
    standard.status = StandardStatus.PUBLISHED
    standard.published_on = on or deadline_service.today()
    standard.save()
    audit_record(
        actor=actor,
        action="standard.publish",
        obj=standard,
        unit=standard.unit,
        changes={"status": ["draft", "published"], "version": [None, standard.version]},
    )
    return standard


@transaction.atomic
def standard_new_version(*, actor, standard: ScoringStandard) -> ScoringStandard:
    """Editing a published standard: a new draft version with the same items."""
    _may_edit_standard(actor, standard.unit)
    standard = lock(standard)
    if standard.status == StandardStatus.DRAFT:
        return standard
    if ScoringStandard.objects.filter(family=standard.family, status=StandardStatus.DRAFT).exists():
        raise ValidationError("该标准已有待发布的新版本草稿。")
    latest = ScoringStandard.objects.filter(family=standard.family).order_by("-version").first()
    draft = ScoringStandard.objects.create(
        unit=standard.unit,
        family=standard.family,
        title=standard.title,
        kind=standard.kind,
        version=(latest.version if latest else standard.version) + 1,
        form_points=standard.form_points,
        content_points=standard.content_points,
        pass_score=standard.pass_score,
        excellent_score=standard.excellent_score,
        source=standard.source,
        based_on=standard,
    )
    ScoringItem.objects.bulk_create(
        ScoringItem(
            standard=draft,
            section=i.section,
            seq=i.seq,
            text=i.text,
            step=i.step,
            cap=i.cap,
            basis=i.basis,
        )
        for i in standard.items.all()
    )
    audit_record(
        actor=actor,
        action="standard.new_version",
        obj=draft,
        unit=draft.unit,
        changes={"version": [standard.version, draft.version]},
    )
    return draft
