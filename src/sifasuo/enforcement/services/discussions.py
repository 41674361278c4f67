"""每月说案 records."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core import deadline_service
from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit
from sifasuo.core.services import share_record

from ..models import (
    CaseDiscussion,
    EnforcementCase,
)
from ._common import _office_of, _work

# 每月说案


@transaction.atomic
def discussion_create(
    *,
    actor,
    department: OrgUnit,
    held_on: dt.date,
    case_summary: str,
    issue: str,
    conclusion: str,
    attendees: str,
    attendance: int,
    case: EnforcementCase | None = None,
    teaching: bool = False,
    teaching_title: str = "",
    submission_token: uuid.UUID | None = None,
) -> CaseDiscussion:
    office = _office_of(department)
    _work(actor, office)
    if submission_token is not None:
        existing = CaseDiscussion.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if case is not None and case.unit_id != office.pk:
        raise ValidationError({"case": "所说案件须为本乡镇的执法案件。"})
    if held_on > deadline_service.today():
        raise ValidationError({"held_on": "说案日期不能晚于今天。"})
    if attendance < 1:
        raise ValidationError({"attendance": "请填写参加人数。"})
    if teaching and not teaching_title.strip():
        raise ValidationError({"teaching_title": "列为教学案例的，请填写案例标题。"})
    discussion = CaseDiscussion(
        unit=office,
        department=department,
        case=case,
        held_on=held_on,
        case_summary=case_summary.strip(),
        issue=issue.strip(),
        conclusion=conclusion.strip(),
        attendees=attendees.strip(),
        attendance=attendance,
        teaching=teaching,
        teaching_title=teaching_title.strip() if teaching else "",
        submission_token=submission_token,
    )
    discussion.full_clean()
    discussion.save()
    share_record(actor=actor, obj=discussion, unit=department)
    audit_record(
        actor=actor,
        action="discussion.create",
        obj=discussion,
        changes={"held_on": [None, held_on], "issue": [None, discussion.issue[:100]]},
    )
    return discussion
