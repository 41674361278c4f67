"""The shared workflow parts of every business line's services: the optimistic version lock, the
state guard, and save-with-diff-and-audit. One mechanism, used by every line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from .actors import Actor, check_actor
from .audit import audit_record, diff, hold_chain, snapshot

if TYPE_CHECKING:
    from .models import OrgUnit

M = TypeVar("M", bound=models.Model)

CONFLICT = "该记录已被他人修改（可能是您在另一个窗口的操作），请查看最新内容后重新提交。"


class EditConflict(ValidationError):
    """Someone saved the record since the form was opened (its `version` moved on)."""

    def __init__(self, message: str = CONFLICT) -> None:
        super().__init__(message, code="conflict")


def lock(obj: M, *, version: int | None = None, conflict: str = CONFLICT) -> M:
    """The record's current row, locked until the transaction ends. With `version` (the one the
    form was opened on), a record saved since then raises EditConflict: no update is lost."""
    if getattr(obj, "unit_id", None) is not None:
        hold_chain(getattr(obj, "unit"))  # noqa: B009 — the chain before the row: see `hold_chain`
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if version is not None and getattr(fresh, "version", version) != version:
        raise EditConflict(conflict)
    return fresh


def lock_unit(unit: OrgUnit) -> None:
    """Serialise the unit's numbering and duplicate checks (two submits racing each other draw
    different numbers and see each other's record) until the transaction ends. The unit's audit
    chain is taken before its row, in the order every audited write takes them."""
    from .models import OrgUnit

    hold_chain(unit)
    # FOR NO KEY UPDATE: it serialises the callers as FOR UPDATE would, but leaves the key-share
    # lock free that PostgreSQL takes on the unit row when another transaction commits rows
    # referring to it (a monthly summary being recounted), which would otherwise wait on us
    # while we wait on its rows.
    OrgUnit.objects.select_for_update(no_key=True).filter(pk=unit.pk).first()


def expect_status(obj: models.Model, *statuses: str, field: str = "status") -> None:
    """Refuse a step the record's state does not allow, naming the state in Chinese."""
    if getattr(obj, field) not in statuses:
        shown = getattr(obj, f"get_{field}_display")()
        raise ValidationError(f"当前状态为“{shown}”，不能进行该操作。", code="state")


def save_audited(
    obj: M,
    *,
    actor: Actor,
    action: str,
    before: dict[str, Any],
    fields: Iterable[str],
    extra: dict[str, Any] | None = None,
    unit: OrgUnit | None = None,
    on_behalf_of: OrgUnit | None = None,
) -> dict[str, Any]:
    """Validate and save `obj` (moving its `version` on, if it has one), and write one audit row
    with the changed fields (`before` is the snapshot taken when the record was locked) plus
    `extra`. Returns the changes recorded."""
    check_actor(actor)
    if hasattr(obj, "version"):
        obj.version += 1
    obj.full_clean()
    obj.save()
    changes = diff(before, snapshot(obj, fields))
    changes.update(extra or {})
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        unit=unit if unit is not None else getattr(obj, "unit", None),
        changes=changes,
        on_behalf_of=on_behalf_of,
    )
    return changes
