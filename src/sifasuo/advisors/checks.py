"""The completeness check (完整性检查) before a month closes: per advisor, what the month's
logs lack — content, the signed sheet, a photo of an on-site service, the village's request or
the written opinion — and the villages the advisor did not visit at all."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from sifasuo.core.models import OrgUnit

from .models import VISIT_KINDS, Appointment, AttachmentKind, LogKind, MonthClose, ServiceLog


@dataclass
class AdvisorMonth:
    license_no: str
    name: str
    firm: str
    villages: list[str]
    logs: int = 0
    visits: int = 0
    gaps: list[str] = field(default_factory=list)
    closed: MonthClose | None = None


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def log_gaps(log: ServiceLog) -> list[str]:
    """What one log lacks (its attachments prefetched)."""
    kinds = {a.kind for a in log.attachments.all()}
    where = f"{log.served_on:%m月%d日}{log.village.name}{log.get_kind_display()}"
    gaps = []
    if not log.content.strip():
        gaps.append(f"{where}：未填写服务内容")
    if AttachmentKind.SIGNATURE not in kinds:
        gaps.append(f"{where}：缺签字确认单")
    if log.kind in VISIT_KINDS and AttachmentKind.PHOTO not in kinds:
        gaps.append(f"{where}：缺现场照片")
    if log.kind == LogKind.OPINION:
        if not log.request.strip():
            gaps.append(f"{where}：未记录村（居）提出的请求")
        if AttachmentKind.OPINION not in kinds:
            gaps.append(f"{where}：缺法律意见书")
    return gaps


def month_report(
    *, office: OrgUnit, month: dt.date, license_no: str | None = None
) -> list[AdvisorMonth]:
    """Each advisor serving a village of `office` during `month`, with the month's gaps."""
    start, end = month.replace(day=1), month_end(month)
    appointments = Appointment.objects.filter(
        unit=office, starts_on__lte=end, serves_until__gte=start
    ).select_related("village")
    if license_no is not None:
        appointments = appointments.filter(license_no=license_no)
    advisors: dict[str, AdvisorMonth] = {}
    for a in appointments.order_by("lawyer_name", "village__name"):
        entry = advisors.setdefault(
            a.license_no, AdvisorMonth(a.license_no, a.lawyer_name, a.firm, [])
        )
        if a.village.name not in entry.villages:
            entry.villages.append(a.village.name)
    if not advisors:
        return []
    logs = (
        ServiceLog.objects.filter(
            unit=office,
            served_on__range=(start, end),
            appointment__license_no__in=list(advisors),
        )
        .select_related("village", "appointment")
        .prefetch_related(Prefetch("attachments"))
        .order_by("served_on", "id")
    )
    visited: dict[str, set[str]] = {key: set() for key in advisors}
    for log in logs:
        entry = advisors[log.appointment.license_no]
        entry.logs += 1
        entry.gaps.extend(log_gaps(log))
        if log.kind in VISIT_KINDS:
            entry.visits += 1
            visited[log.appointment.license_no].add(log.village.name)
    for key, entry in advisors.items():
        for village in entry.villages:
            if village not in visited[key]:
                entry.gaps.append(f"本月未到{village}入村服务")
    closes = MonthClose.objects.filter(Q(unit=office, month=start), license_no__in=list(advisors))
    for close in closes:
        advisors[close.license_no].closed = close
    return list(advisors.values())
