"""The integration API, /api/v1/ (django-ninja): partner systems hand in 12345 work orders, read
their matters' status and result, the cases shared with them and the statistics.

Every call authenticates with `Authorization: Bearer <token>`, counts against the client's rate
limit (a call without a valid token, against its address's), needs the scope of the operation, and reads through core.scoping as the client's unit.
Every error is an RFC 9457 problem (application/problem+json)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, reverse
from ninja import Field, Header, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer

from sifasuo.core import indicators as core_indicators
from sifasuo.core import lines, throttle
from sifasuo.core.indicators import Period, PeriodError
from sifasuo.intake.models import Matter, MatterType

from . import selectors, services
from .models import PartnerClient, Scope
from .problems import CONTENT_TYPE, english, field_errors, problem


class Forbidden(Exception):
    """The client lacks the operation's scope."""


class RateLimited(Exception):
    def __init__(self, wait: int, *, unauthenticated: bool = False):
        self.wait = wait
        self.unauthenticated = unauthenticated


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> PartnerClient | None:
        client = super().__call__(request)
        if client is None:
            # A call without a valid token counts against its address, so neither guessing
            # tokens nor flooding the 401 answers goes unlimited.
            wait = services.unauthenticated_wait(throttle.client_address(request))
            if wait is not None:
                raise RateLimited(wait, unauthenticated=True)
        return client

    def authenticate(self, request: HttpRequest, token: str) -> PartnerClient | None:
        client = services.client_for_token(token)
        if client is None:
            return None
        wait = services.rate_limit_wait(client)
        if wait is not None:
            raise RateLimited(wait)
        return client


class ProblemApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Error answers are documented as application/problem+json, as they are sent."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {CONTENT_TYPE: content["application/json"]}
                    if int(status) == 429:
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Seconds to wait / 需等待的秒数",
                                "schema": {"type": "integer", "minimum": 1},
                                "required": True,
                            }
                        }
        return schema


api = ProblemApi(
    title="sifasuo 集成接口 / Integration API",
    version="1",
    description=(
        "司法所业务平台对协作单位系统（12345热线、派出所等）开放的接口。"
        "认证：`Authorization: Bearer <token>`。错误按 RFC 9457 以 application/problem+json 返回，"
        "默认中文，`Accept-Language: en` 返回英文。说明见 docs/api.md。"
    ),
    urls_namespace="api:v1",
    auth=BearerToken(),
    docs=Swagger(settings={"validatorUrl": None}),
)


# ---------------------------------------------------------------------------------------------
# Problems


class FieldError(Schema):
    field: str
    location: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None


ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return problem(request, "unauthorized", headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(RateLimited)
def _rate_limited(request, exc: RateLimited):
    detail = None
    if exc.unauthenticated:
        detail = (
            "Too many calls without a valid token from this address; retry after Retry-After "
            "seconds."
            if english(request)
            else "本地址未通过身份验证的请求过于频繁，请在 Retry-After 秒后重试。"
        )
    return problem(request, "rate-limited", detail=detail, headers={"Retry-After": str(exc.wait)})


@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return problem(request, "forbidden")


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc):
    return problem(request, "forbidden", detail=None if english(request) else str(exc) or None)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(request, "not-found")


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    return problem(request, "validation", errors=field_errors(request, exc.errors))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:
        return problem(request, "bad-request")
    raise exc


@api.exception_handler(services.IdempotencyConflict)
def _conflict(request, exc):
    return problem(request, "idempotency-conflict")


@api.exception_handler(services.TicketTaken)
def _ticket_taken(request, exc):
    return problem(request, "ticket-taken")


# The services' field names, as the API calls them.
_SERVICE_FIELDS = {
    "r1_name": "requester_name",
    "r1_phone": "requester_phone",
    "narrative": "content",
}


@api.exception_handler(DjangoValidationError)
def _service_invalid(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        pairs = [(k, m) for k, messages in exc.message_dict.items() for m in messages]
    else:
        pairs = [("", m) for m in exc.messages]
    errors = [
        {
            "field": _SERVICE_FIELDS.get(key, key) if key != "__all__" else "",
            "location": "body",
            "message": message,
        }
        for key, message in pairs
    ]
    return problem(request, "validation", errors=errors)


def _client(request: HttpRequest, scope: str) -> PartnerClient:
    client: PartnerClient = request.auth  # type: ignore[attr-defined]
    if not client.has_scope(scope):
        raise Forbidden
    return client


# ---------------------------------------------------------------------------------------------
# Matters and 12345 work orders

WorkOrderType = Literal["dispute", "consultation", "other"]
PHONE_PATTERN = r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$"


class WorkOrderIn(Schema):
    ticket_number: str = Field(
        ...,
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$",
        description="12345工单编号",
    )
    requester_name: str = Field(
        ..., min_length=1, max_length=50, pattern=r"\S", description="诉求人姓名"
    )
    requester_phone: str = Field(..., pattern=PHONE_PATTERN, description="诉求人电话")
    content: str = Field(..., min_length=1, max_length=2000, pattern=r"\S", description="诉求内容")
    reply_due_on: dt.date = Field(..., description="办理时限（回复截止日，不早于今天）")
    matter_type: WorkOrderType = Field(
        "dispute", description="事项类型：dispute 纠纷调解，consultation 法律咨询，other 其他"
    )


class StepOut(Schema):
    at: dt.datetime
    action: str


class MatterOut(Schema):
    id: int
    tracking_code: str = Field(description="查询码")
    ticket_number: str | None = Field(description="12345工单编号（经接口登记的事项）")
    channel: str
    matter_type: str
    state: Literal["registered", "assigned", "in_progress", "closed", "transferred", "refused"]
    state_label: str
    unit: str = Field(description="承办单位")
    registered_at: dt.datetime
    reply_due_on: dt.date | None = Field(description="办理时限")
    finished_at: dt.datetime | None
    reply_text: str = Field(description="办理结果（办结或不予受理后）")
    steps: list[StepOut]


def _matter_out(matter: Matter, work_order=None) -> dict:
    work_order = work_order or getattr(matter, "work_order", None)
    finished = not matter.is_open and matter.state != "transferred"
    return {
        "id": matter.pk,
        "tracking_code": matter.tracking_code,
        "ticket_number": work_order.ticket_number if work_order else None,
        "channel": matter.channel,
        "matter_type": matter.matter_type,
        "state": matter.state,
        "state_label": str(matter.get_state_display()),
        "unit": matter.unit.name,
        "registered_at": matter.created_at,
        "reply_due_on": work_order.reply_due_on if work_order else None,
        "finished_at": matter.closed_at if finished else None,
        "reply_text": services.reply_text(matter) if finished else "",
        "steps": [{"at": s.at, "action": s.action} for s in matter.steps.all()],
    }


def stored_answer(matter: Matter, work_order) -> dict:
    out = MatterOut.model_validate(_matter_out(matter, work_order))
    return out.model_dump(mode="json")


@api.post(
    "/work-orders",
    response={201: MatterOut, 200: MatterOut, 409: Problem, **ERRORS},
    summary="登记12345工单 / Hand in a 12345 work order",
    description=(
        "把一张12345工单登记为一站式受理事项（来源渠道：12345/12348热线转办），登记在本客户端的司法所，"
        "按分流规则分派。`Idempotency-Key` 相同且内容相同的重试返回同一事项（200）；"
        "相同的键、不同的内容返回 409。需要 matters:create。"
    ),
    tags=["work orders"],
)
def create_work_order(
    request,
    payload: WorkOrderIn,
    idempotency_key: str = Header(
        ..., alias="Idempotency-Key", min_length=1, max_length=100, pattern=r"^[\x21-\x7e]+$"
    ),
):
    client = _client(request, Scope.MATTERS_CREATE)
    body = payload.model_dump(mode="json")
    work_order, created = services.work_order_create(
        client=client,
        idempotency_key=idempotency_key,
        body=body,
        ticket_number=payload.ticket_number,
        requester_name=payload.requester_name,
        requester_phone=payload.requester_phone,
        content=payload.content,
        reply_due_on=payload.reply_due_on,
        matter_type=MatterType(payload.matter_type),
        respond=stored_answer,
    )
    return (201 if created else 200), work_order.response


@api.get(
    "/matters/{int:matter_id}",
    response={200: MatterOut, **ERRORS},
    summary="事项状态与结果 / A matter's status and result",
    description=(
        "本客户端登记的事项，或本单位（及下级、共享给本单位）的事项。其他一律 404。需要 matters:read。"
    ),
    tags=["matters"],
)
def get_matter(request, matter_id: int = Path(..., ge=1, le=2**53)):
    client = _client(request, Scope.MATTERS_READ)
    return 200, _matter_out(selectors.matter_for_client(client=client, matter_id=matter_id))


# ---------------------------------------------------------------------------------------------
# Shared cases


class SharedRecordOut(Schema):
    record_type: str = Field(description="记录类型，如 mediation.case")
    record_id: int
    number: str = Field(description="编号")
    state: str = Field(description="状态")
    reason: Literal["shared", "referred"]
    shared_with: str = Field(description="共享给的单位")
    shared_at: dt.datetime


@api.get(
    "/shares",
    response={200: list[SharedRecordOut], **ERRORS},
    summary="共享给本单位的案件 / Records shared with the client's unit",
    description="例如派出所的关注名单：司法所共享给它的调解案件。不含当事人信息。需要 shares:read。",
    tags=["shares"],
)
def list_shares(
    request,
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=100000),
):
    client = _client(request, Scope.SHARES_READ)
    return 200, selectors.shared_records_for_client(client=client, limit=limit, offset=offset)


# ---------------------------------------------------------------------------------------------
# Statistics


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    better: str
    additive: bool


class StatisticOut(Schema):
    indicator: str
    name: str
    unit_id: int
    unit: str
    period: str
    period_label: str
    start: dt.date
    end: dt.date
    value: Decimal | None = Field(description="数值；比率的分母为0时为空")
    measure: str = Field(description="计量单位")


@api.get(
    "/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    summary="指标及其口径 / Indicators and their definitions",
    tags=["statistics"],
)
def list_indicators(request):
    _client(request, Scope.STATISTICS_READ)
    return 200, [
        {
            "code": ind.code,
            "name": str(ind.name),
            "definition": str(ind.definition),
            "unit": str(ind.unit),
            "better": ind.better,
            "additive": ind.additive,
        }
        for ind in lines.indicators().values()
    ]


@api.get(
    "/statistics",
    response={200: StatisticOut, **ERRORS},
    summary="按指标、单位、期间的统计 / A statistic by indicator, unit and period",
    description=(
        "period 写作 2026、2026-Q3、2026-07 或 2026-01-05..2026-02-01；unit_id 缺省为本客户端的单位，"
        "只能是本单位或其下级单位。需要 statistics:read。"
    ),
    tags=["statistics"],
)
def get_statistic(
    request,
    indicator: str = Query(..., min_length=1, max_length=80),
    period: str = Query(..., min_length=4, max_length=40),
    unit_id: int | None = Query(None, ge=1, le=2**53),
):
    client = _client(request, Scope.STATISTICS_READ)
    declared = lines.indicators().get(indicator)
    if declared is None:
        raise Http404
    try:
        parsed = Period.parse(period)
    except PeriodError as exc:
        message = "Invalid period." if english(request) else str(exc)
        return problem(
            request,
            "validation",
            errors=[{"field": "period", "location": "query", "message": message}],
        )
    unit = selectors.unit_for_client(client=client, unit_id=unit_id)
    value = core_indicators.value_for(indicator, unit, parsed)
    return 200, {
        "indicator": declared.code,
        "name": str(declared.name),
        "unit_id": unit.pk,
        "unit": unit.name,
        "period": parsed.key,
        "period_label": parsed.label,
        "start": parsed.start,
        "end": parsed.end,
        "value": None if value is None else Decimal(str(value)),
        "measure": str(declared.unit),
    }


# ---------------------------------------------------------------------------------------------
# URLs: a wrong method is a problem too (Django answers it before the API sees the request).


def _problem_on_405(view):
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            CONTENT_TYPE
        ):
            allowed = response.get("Allow", "")
            response = problem(request, "method-not-allowed", headers={"Allow": allowed})
        return response

    for attr in ("csrf_exempt",):
        if hasattr(view, attr):
            setattr(wrapped, attr, getattr(view, attr))
    return wrapped


def _root(request, *args, **kwargs):
    """/api/v1/ itself: the docs page."""
    return HttpResponseRedirect(reverse("api:v1:openapi-view"))


def urls() -> tuple[list[URLPattern], str, str]:
    patterns, _app_name, namespace = api.urls
    wrapped = [
        URLPattern(
            p.pattern,
            _root if p.name == "api-root" else _problem_on_405(p.callback),
            p.default_args,
            p.name,
        )
        for p in patterns
    ]
    return wrapped, "api", namespace
