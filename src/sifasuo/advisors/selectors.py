"""Scoped reads of 一村（居）一法律顾问: appointments, logs, coverage per office, evaluation."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q, QuerySet

from sifasuo.core import deadline_service
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.scoping import get_scoped_or_404, scope, visible_units

from .models import VISIT_KINDS, Appointment, Grade, LogKind, ServiceLog, VillageRating


def offices_for_user(user) -> QuerySet[OrgUnit]:
    return visible_units(user).filter(kind=UnitKind.OFFICE).order_by("path")


def office_for_user(user, pk=None) -> OrgUnit | None:
    """The office a page is about: the one asked for (within the user's sight, else 404), the
    user's own, else the first office they see."""
    offices = offices_for_user(user)
    if pk:
        return get_scoped_or_404(user, offices, pk, unit_field="")
    own = offices.filter(pk=user.unit_id).first() if user.unit_id else None
    return own or offices.first()


def villages_of(office: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(parent=office, kind=UnitKind.VILLAGE, is_active=True).order_by(
        "division_code", "name"
    )


def appointments_for_user(*, user, q: str = "", village=None, current: bool = False):
    appointments = scope(user, Appointment.objects.all()).select_related("village", "unit")
    if q:
        appointments = appointments.filter(
            Q(lawyer_name__contains=q) | Q(firm__contains=q) | Q(village__name__contains=q)
        )
    if village is not None:
        appointments = appointments.filter(village=village)
    if current:
        today = deadline_service.today()
        appointments = appointments.filter(starts_on__lte=today, serves_until__gte=today)
    return appointments.annotate(
        last_visit=Max("logs__served_on", filter=Q(logs__kind__in=VISIT_KINDS))
    ).order_by("unit__path", "village__name", "-starts_on", "id")


def appointment_get_for_user(*, user, pk) -> Appointment:
    queryset = Appointment.objects.select_related("unit", "village", "account").prefetch_related(
        "ratings"
    )
    return get_scoped_or_404(user, queryset, pk)


def logs_for_user(
    *,
    user,
    month: dt.date | None = None,
    year: int | None = None,
    village=None,
    kind: str = "",
    appointment=None,
):
    logs = scope(user, ServiceLog.objects.all()).select_related(
        "village", "appointment", "unit", "matter"
    )
    if month is not None:
        logs = logs.filter(served_on__year=month.year, served_on__month=month.month)
    elif year:
        logs = logs.filter(served_on__year=year)
    if village is not None:
        logs = logs.filter(village=village)
    if kind:
        logs = logs.filter(kind=kind)
    if appointment is not None:
        logs = logs.filter(appointment=appointment)
    return logs.prefetch_related("attachments")


def log_get_for_user(*, user, pk) -> ServiceLog:
    queryset = ServiceLog.objects.select_related(
        "unit", "village", "appointment", "matter", "created_by"
    ).prefetch_related("attachments")
    return get_scoped_or_404(user, queryset, pk)


@dataclass
class CoverageRow:
    village: OrgUnit
    appointments: list[Appointment]
    last_visit: dt.date | None
    # The village's last appointment, when it ended early and nobody serves it since.
    ended_early: Appointment | None = None

    @property
    def covered(self) -> bool:
        return bool(self.appointments)

    @property
    def days_since_visit(self) -> int | None:
        if self.last_visit is None:
            return None
        return (deadline_service.today() - self.last_visit).days


def coverage(office: OrgUnit, *, on: dt.date | None = None) -> list[CoverageRow]:
    """Each village of the office with the advisors serving it on `on` (default today), the
    last day any advisor came (入村服务) and, for a village left uncovered by an early end
    (提前终止), that appointment."""
    on = on or deadline_service.today()
    villages = list(villages_of(office))
    current = defaultdict(list)
    ended_early: dict[int, Appointment] = {}
    for a in Appointment.objects.filter(unit=office, starts_on__lte=on).order_by(
        "serves_until", "id"
    ):
        if a.serves_until >= on:
            current[a.village_id].append(a)
        elif a.ended_on is not None:
            ended_early[a.village_id] = a
        else:
            ended_early.pop(a.village_id, None)  # a later appointment ran its full term
    last = dict(
        ServiceLog.objects.filter(unit=office, kind__in=VISIT_KINDS)
        .values("village")
        .annotate(m=Max("served_on"))
        .values_list("village", "m")
    )
    return [CoverageRow(v, current[v.pk], last.get(v.pk), ended_early.get(v.pk)) for v in villages]


def village_advisors(village_ids: list[int]) -> dict[int, dict]:
    """For another line's village pages: village id → the current advisors' names, their
    contract end and the last visit."""
    today = deadline_service.today()
    result: dict[int, dict] = {
        vid: {"names": [], "ends_on": None, "last_visit": None} for vid in village_ids
    }
    for a in Appointment.objects.filter(
        village_id__in=village_ids, starts_on__lte=today, serves_until__gte=today
    ):
        entry = result[a.village_id]
        entry["names"].append(a.lawyer_name)
        entry["ends_on"] = max(filter(None, [entry["ends_on"], a.serves_until]))
    for vid, last in (
        ServiceLog.objects.filter(village_id__in=village_ids, kind__in=VISIT_KINDS)
        .values("village")
        .annotate(m=Max("served_on"))
        .values_list("village", "m")
    ):
        result[vid]["last_visit"] = last
    return result


@dataclass
class Evaluation:
    """One advisor's year: what the logs show and what the villages said."""

    license_no: str
    name: str
    firm: str
    office: str
    villages: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    visits: int = 0
    people: int = 0
    villages_visited: set[str] = field(default_factory=set)
    scores: list[int] = field(default_factory=list)
    grades: Counter = field(default_factory=Counter)
    fee: Decimal = Decimal(0)

    @property
    def average_score(self) -> Decimal | None:
        if not self.scores:
            return None
        return round(Decimal(sum(self.scores)) / len(self.scores), 1)

    @property
    def unvisited(self) -> list[str]:
        return [v for v in self.villages if v not in self.villages_visited]

    def kind_count(self, kind: str) -> int:
        return self.kinds.get(kind, 0)

    @property
    def kind_counts(self) -> list[int]:
        """The counts per kind, in the order of LogKind."""
        return [self.kinds.get(kind, 0) for kind in LogKind.values]

    @property
    def grade_text(self) -> str:
        return "、".join(f"{Grade(g).label}{n}" for g, n in self.grades.items()) or "—"


def evaluation(*, user, year: int, office: OrgUnit | None = None) -> list[Evaluation]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    appointments = scope(user, Appointment.objects.all()).filter(
        starts_on__lte=end, serves_until__gte=start
    )
    if office is not None:
        appointments = appointments.filter(unit=office)
    table: dict[tuple[int, str], Evaluation] = {}
    for a in appointments.select_related("village", "unit").order_by("lawyer_name"):
        key = (a.unit_id, a.license_no)
        entry = table.setdefault(key, Evaluation(a.license_no, a.lawyer_name, a.firm, a.unit.name))
        entry.villages.append(a.village.name)
        entry.fee += a.fee
    logs = ServiceLog.objects.filter(
        appointment__in=appointments, served_on__range=(start, end)
    ).values_list("unit_id", "appointment__license_no", "kind", "people_served", "village__name")
    for unit_id, license_no, kind, people, village in logs:
        entry = table[(unit_id, license_no)]
        entry.kinds[kind] += 1
        entry.people += people
        if kind in VISIT_KINDS:
            entry.visits += 1
            entry.villages_visited.add(village)
    ratings = VillageRating.objects.filter(appointment__in=appointments, year=year).values_list(
        "unit_id", "appointment__license_no", "score", "grade"
    )
    for unit_id, license_no, score, grade in ratings:
        entry = table[(unit_id, license_no)]
        if score is not None:
            entry.scores.append(score)
        if grade:
            entry.grades[grade] += 1
    return list(table.values())


KIND_COLUMNS = [(kind, label) for kind, label in LogKind.choices]
