"""Template helpers of the platform: masking, due-date badges, audit action names, ages."""

from __future__ import annotations

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .. import deadline_service, lines, selectors
from ..models import WorkItem
from ..personal_data import mask

register = template.Library()


@register.filter
def masked(value: str, kind: str) -> str:
    """{{ staff.phone|masked:"phone" }} → 138****5678."""
    return mask(kind, value or "")


@register.filter
def record_key(obj) -> str:
    """The namespaced key (`mediation.case`) the history panel and reveal address a record by."""
    record = lines.record_type_for(type(obj))
    if record is None:
        raise ValueError(f"{type(obj).__name__} is not declared as a record of any business line")
    return record.key


@register.filter
def action_label(action: str) -> str:
    return selectors.action_label(action)


@register.filter
def change_summary(entry) -> str:
    """The changed fields of an audit row, by their Chinese names: 姓名、联系电话."""
    return "、".join(selectors.change_labels(entry.object_type, entry.changes or {}))


@register.filter
def age(birth_year: int | None) -> int | str:
    if not birth_year:
        return ""
    return deadline_service.today().year - birth_year


@register.filter
def overdue_days(due_on) -> int | str:
    if not due_on:
        return ""
    return (deadline_service.today() - due_on).days


@register.inclusion_tag("core/partials/due_badge.html")
def due_badge(item: WorkItem) -> dict:
    """已超期 (red) / 即将到期 (amber) for open items; the status for closed ones."""
    if item.status != WorkItem.Status.OPEN:
        return {"css": "done", "label": item.get_status_display()}
    state = getattr(item, "due_state", None)
    if state is None:
        state = deadline_service.state_of(item.due_on)
    labels = {"overdue": _("已超期"), "due_soon": _("即将到期"), "paused": _("已中止")}
    return {"css": state or "open", "label": labels.get(state, _("办理中"))}


@register.filter
def due_date(record, field: str = "due_on") -> str:
    """{{ item|due_date }}: the due date as 2026-12-01, marked 暂定 when it was counted without the
    holiday data of a year it runs into; "—" when there is none."""
    day = getattr(record, field, None)
    if not day:
        return "—"
    flag = "due_provisional" if field == "due_on" else field.replace("_on", "_provisional")
    if getattr(record, flag, False):
        return format_html(
            '{} <span class="badge badge-provisional" title="{}">{}</span>',
            format_date(day, "Y-m-d"),
            deadline_service.PROVISIONAL_NOTE,
            _("暂定"),
        )
    return format_date(day, "Y-m-d")
