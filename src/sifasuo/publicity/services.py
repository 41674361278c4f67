"""Write services of 普法宣传: events and their photos, responsibility lists and tasks, the
yearly plan. Every write is checked, validated and audited with its actor."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core.actors import is_system
from sifasuo.core.attachments import attachment_add
from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.roles import Capability
from sifasuo.core.services import require, require_unit
from sifasuo.core.text_limits import NARRATIVE_MAX
from sifasuo.core.uploads import read_photo_or_document
from sifasuo.core.workflow import lock, lock_unit

from .models import Event, EventKind, EventPhoto, PlanItem, ResponsibilityList, ResponsibilityTask


def _check(actor, unit: OrgUnit) -> None:
    require(actor, Capability.MANAGE_WORK)
    require_unit(actor, unit)


def office_of(unit: OrgUnit) -> OrgUnit:
    """The office a unit belongs to (itself, or the office above a department or village)."""
    if unit.kind == UnitKind.OFFICE:
        return unit
    if unit.parent is not None and unit.parent.kind == UnitKind.OFFICE:
        return unit.parent
    raise ValidationError({"unit": "请选择司法所或乡镇科室。"})


def month_end(year: int, month: int | None) -> dt.date:
    month = month or 12
    if not 1 <= month <= 12:
        raise ValidationError({"planned_month": "月份应在1至12之间。"})
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@transaction.atomic
def event_create(
    *,
    actor,
    unit: OrgUnit,
    held_on: dt.date,
    kind: str,
    theme: str,
    place: str,
    station=None,
    school: str = "",
    audience: str = "",
    audience_count: int = 0,
    speakers: str = "",
    summary: str = "",
    task: ResponsibilityTask | None = None,
    plan_item: PlanItem | None = None,
    submission_token: uuid.UUID | None = None,
) -> Event:
    """Record an event. A linked responsibility task counts as done from the event's date; a
    repeated `submission_token` (a double-clicked submit) returns the event already recorded."""
    _check(actor, unit)
    office = office_of(unit)
    lock_unit(office)
    if submission_token is not None:
        existing = Event.objects.filter(submission_token=submission_token, unit=unit).first()
        if existing is not None:
            return existing
    if kind == EventKind.SCHOOL and not school.strip():
        raise ValidationError({"school": "法治副校长进校园活动须填写学校名称。"})
    if station is not None and not station.unit.is_within(office.parent or office):
        raise ValidationError({"station": "请选择本县（区）的服务阵地。"})
    if task is not None and not task.duty_list.unit.is_within(office):
        raise ValidationError({"task": "请选择本乡镇科室的普法任务。"})
    if plan_item is not None and plan_item.unit_id != office.pk:
        raise ValidationError({"plan_item": "请选择本所年度普法计划中的事项。"})
    event = Event(
        unit=unit,
        held_on=held_on,
        kind=kind,
        theme=theme.strip(),
        place=place.strip(),
        station=station,
        school=school.strip(),
        audience=audience.strip(),
        audience_count=audience_count or 0,
        speakers=speakers.strip(),
        summary=summary.strip(),
        task=task,
        plan_item=plan_item,
        submission_token=submission_token,
        created_by=None if is_system(actor) else actor,
    )
    event.full_clean(validate_constraints=False, validate_unique=False)
    event.save()
    audit_record(
        actor=actor,
        action="publicity.event_create",
        obj=event,
        changes={
            "theme": [None, event.theme],
            "held_on": [None, held_on],
            "audience_count": [None, event.audience_count],
        },
    )
    if task is not None and task.done_on is None:
        _task_done(actor, task, done_on=held_on, note=f"已开展活动：{event.theme}")
    return event


@transaction.atomic
def event_add_photo(*, actor, event: Event, upload) -> EventPhoto:
    _check(actor, event.unit)
    event = lock(event)
    photo, _text = attachment_add(
        EventPhoto,
        actor=actor,
        owner_field="event",
        owner=event,
        upload=upload,
        reader=read_photo_or_document,
    )
    audit_record(
        actor=actor,
        action="publicity.event_photo",
        obj=event,
        changes={"photo": [None, photo.original_name]},
    )
    return photo


@transaction.atomic
def duty_list_create(*, actor, department: OrgUnit, year: int, laws: str) -> ResponsibilityList:
    """A department's 谁执法谁普法 list for a year (one per department and year)."""
    _check(actor, department)
    if department.kind != UnitKind.DEPARTMENT:
        raise ValidationError({"department": "请选择乡镇业务科室。"})
    laws = laws.strip()
    if not laws:
        raise ValidationError({"laws": "请填写该科室执行的法律法规。"})
    if len(laws) > NARRATIVE_MAX:
        raise ValidationError({"laws": f"不能超过 {NARRATIVE_MAX} 字。"})
    lock_unit(department)
    if ResponsibilityList.objects.filter(unit=department, year=year).exists():
        raise ValidationError({"year": "该科室本年度的普法责任清单已建立。"})
    duty_list = ResponsibilityList.objects.create(unit=department, year=year, laws=laws)
    audit_record(
        actor=actor, action="publicity.list_create", obj=duty_list, changes={"year": [None, year]}
    )
    return duty_list


@transaction.atomic
def task_add(
    *, actor, duty_list: ResponsibilityList, title: str, planned_month: int | None = None
) -> ResponsibilityTask:
    _check(actor, duty_list.unit)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "请填写普法任务。"})
    if duty_list.tasks.filter(title=title).exists():
        raise ValidationError({"title": "该任务已在清单中。"})
    task = ResponsibilityTask(
        duty_list=duty_list,
        title=title,
        planned_month=planned_month,
        due_on=month_end(duty_list.year, planned_month),
    )
    task.full_clean(validate_constraints=False)
    task.save()
    audit_record(
        actor=actor, action="publicity.task_add", obj=duty_list, changes={"task": [None, title]}
    )
    return task


def _task_done(actor, task: ResponsibilityTask, *, done_on: dt.date, note: str) -> None:
    task.done_on = done_on
    task.done_note = note[:1000]
    task.save(update_fields=["done_on", "done_note"])
    audit_record(
        actor=actor,
        action="publicity.task_done",
        obj=task.duty_list,
        changes={"task": task.title, "done_on": [None, done_on], "note": [None, task.done_note]},
    )


@transaction.atomic
def task_mark_done(
    *, actor, task: ResponsibilityTask, done_on: dt.date, note: str
) -> ResponsibilityTask:
    """Mark a task done without an event, saying how (a 执法普法 case explained on the spot …)."""
    _check(actor, task.duty_list.unit)
    task = lock(task)
    if task.done_on is not None:
        raise ValidationError("该任务已完成。")
    if not note.strip():
        raise ValidationError({"note": "请填写完成情况。"})
    _task_done(actor, task, done_on=done_on, note=note.strip())
    return task


@transaction.atomic
def plan_item_add(
    *,
    actor,
    office: OrgUnit,
    year: int,
    kind: str,
    theme: str,
    planned_month: int | None = None,
    planned_count: int = 1,
) -> PlanItem:
    _check(actor, office)
    if office.kind != UnitKind.OFFICE:
        raise ValidationError({"unit": "年度普法计划由司法所制定，请选择司法所。"})
    theme = theme.strip()
    lock_unit(office)
    if PlanItem.objects.filter(unit=office, year=year, kind=kind, theme=theme).exists():
        raise ValidationError({"theme": "计划中已有该事项。"})
    item = PlanItem(
        unit=office,
        year=year,
        kind=kind,
        theme=theme,
        planned_month=planned_month,
        planned_count=planned_count,
        due_on=month_end(year, planned_month),
    )
    item.full_clean(validate_constraints=False, validate_unique=False)
    item.save()
    audit_record(
        actor=actor,
        action="publicity.plan_add",
        obj=item,
        changes={"theme": [None, theme], "planned_count": [None, planned_count]},
    )
    return item
