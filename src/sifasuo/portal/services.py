"""The portal's writes: an online application becomes an intake matter with the 网上申请 channel,
registered through intake's service by the named system actor `PORTAL`, so every audit row says
the record came from the public portal."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sifasuo.core.actors import SystemActor
from sifasuo.core.audit import audit_record
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.personal_data import normalize_phone
from sifasuo.core.sealed import blind_index
from sifasuo.core.workflow import lock_unit
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Channel, Matter

from .models import OnlineApplication, RoutedBy
from .privacy import NOTICE_VERSION

PORTAL = SystemActor("portal", "公众服务门户", verifies_identity=False)


def open_offices():
    """The offices a citizen may address, county by county."""
    return (
        OrgUnit.objects.filter(kind=UnitKind.OFFICE, is_active=True)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def office_for_address(address: str) -> OrgUnit | None:
    """The one office whose township (or own name without 司法所) the address names; None when no
    office or more than one does."""
    address = (address or "").strip()
    if not address:
        return None
    found = []
    for office in open_offices():
        names = {office.township_name.strip(), office.name.removesuffix("司法所").strip()}
        if any(len(name) >= 2 and name in address for name in names):
            found.append(office)
    return found[0] if len(found) == 1 else None


@transaction.atomic
def application_submit(
    *,
    office: OrgUnit,
    routed_by: str,
    form: str,
    matter_type: str,
    narrative: str,
    requester: dict[str, Any],
    consent_at: dt.datetime,
    counterpart_names: str = "",
    amount: Decimal | None = None,
    details: dict[str, Any] | None = None,
    sensitive_consent_at: dt.datetime | None = None,
    submission_token: uuid.UUID | None = None,
) -> Matter:
    """Register the application in `office`'s intake (its county's 分流规则 may hand it to
    another office) and keep the consent beside it. The same form sent twice (a double tap, a
    reload) returns the matter of the first sending, marked `resubmitted`, to whoever typed the
    same phone; to anyone else it says only that the form was sent."""
    if office.kind != UnitKind.OFFICE or not office.is_active:
        raise ValidationError({"office": "请选择受理的司法所。"})
    if routed_by not in RoutedBy.values:
        raise ValidationError("受理单位确定方式无效。")
    # Serialise with intake's own registration lock, so a second sending waits for the first.
    lock_unit(office)
    if submission_token is not None:
        existing = Matter.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            if _same_phone(existing, requester.get("phone", "")):
                existing.resubmitted = True
                return existing
            raise ValidationError("该表单已提交过，请重新打开申请页面填写。")
    matter = intake_services.matter_register(
        actor=PORTAL,
        unit=office,
        channel=Channel.ONLINE,
        matter_type=matter_type,
        narrative=narrative,
        requesters=[requester],
        counterpart_names=counterpart_names,
        amount=amount,
        submission_token=submission_token,
    )
    OnlineApplication.objects.create(
        matter=matter,
        unit=office,
        form=form,
        routed_by=routed_by,
        consent_at=consent_at,
        notice_version=NOTICE_VERSION,
        sensitive_consent_at=sensitive_consent_at,
        details=details or {},
    )
    # On the matter, so its history shows the consent beside the registration.
    audit_record(
        actor=PORTAL,
        action="portal.apply",
        obj=matter,
        unit=matter.unit,
        changes={
            "form": [None, form],
            "office": [None, office.name],
            "routed_by": [None, routed_by],
            "notice_version": [None, NOTICE_VERSION],
            "consent_at": [None, consent_at.isoformat()],
            "sensitive_consent_at": [
                None,
                sensitive_consent_at.isoformat() if sensitive_consent_at else "",
            ],
        },
    )
    return matter


def _same_phone(matter: Matter, phone: str) -> bool:
    try:
        digest = blind_index(normalize_phone(phone))
    except ValidationError:
        return False
    return matter.requesters.filter(phone_digest=digest).exists()
