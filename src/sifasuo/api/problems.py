"""RFC 9457 problem details (application/problem+json), in Chinese unless the client asks for
English with `Accept-Language: en`."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation.trans_real import parse_accept_lang_header

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "urn:sifasuo:problem:"

# code → status, (title zh, title en), (detail zh, detail en)
PROBLEMS: dict[str, tuple[int, tuple[str, str], tuple[str, str]]] = {
    "unauthorized": (
        401,
        ("未通过身份验证", "Unauthorized"),
        (
            "请在 Authorization 头中以 Bearer 方式提供有效的访问令牌。",
            "Send a valid access token as `Authorization: Bearer <token>`.",
        ),
    ),
    "forbidden": (
        403,
        ("没有权限", "Forbidden"),
        ("该客户端没有此操作的权限范围。", "The client lacks the scope this operation needs."),
    ),
    "not-found": (
        404,
        ("未找到", "Not found"),
        ("没有该记录，或本客户端无权查看。", "No such record, or the client may not see it."),
    ),
    "idempotency-conflict": (
        409,
        ("幂等键冲突", "Idempotency key reused"),
        (
            "该 Idempotency-Key 已用于内容不同的请求。",
            "This Idempotency-Key was used with a different request body.",
        ),
    ),
    "ticket-taken": (
        409,
        ("工单已登记", "Ticket already registered"),
        (
            "该工单编号已由本客户端登记过。",
            "This ticket number was already handed in by this client.",
        ),
    ),
    "validation": (
        422,
        ("请求内容有误", "Invalid request"),
        ("请按 errors 中的说明改正后重试。", "Correct the fields listed in `errors` and retry."),
    ),
    "rate-limited": (
        429,
        ("请求过于频繁", "Too many requests"),
        (
            "已超过本客户端每分钟的请求上限，请在 Retry-After 秒后重试。",
            "The client's requests per minute are used up; retry after Retry-After seconds.",
        ),
    ),
    "method-not-allowed": (
        405,
        ("请求方法不被允许", "Method not allowed"),
        ("该地址不支持此请求方法。", "This address does not accept this method."),
    ),
    "bad-request": (
        400,
        ("请求无法解析", "Bad request"),
        ("请求体不是有效的 JSON。", "The request body is not valid JSON."),
    ),
}


def english(request: HttpRequest) -> bool:
    """True when the client prefers English to Chinese."""
    for lang, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        lang = lang.lower()
        if lang.startswith("en"):
            return True
        if lang.startswith("zh"):
            return False
    return False


def problem(
    request: HttpRequest,
    code: str,
    *,
    detail: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    status, titles, details = PROBLEMS[code]
    index = 1 if english(request) else 0
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": titles[index],
        "status": status,
        "detail": detail or details[index],
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    response["Content-Language"] = "en" if index else "zh-Hans"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# Pydantic's error types, in Chinese (the English is pydantic's own message).
_CHINESE_ERRORS = {
    "missing": "必填。",
    "string_too_short": "不能为空。",
    "string_too_long": "过长，最多{max_length}个字符。",
    "string_pattern_mismatch": "格式不正确。",
    "string_type": "应为文本。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "greater_than_equal": "不能小于{ge}。",
    "less_than_equal": "不能大于{le}。",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_type": "日期格式应为 YYYY-MM-DD。",
    "enum": "取值应为：{expected}。",
    "literal_error": "取值应为：{expected}。",
    "json_invalid": "不是有效的 JSON。",
    "model_attributes_type": "应为 JSON 对象。",
    "dict_type": "应为 JSON 对象。",
    "extra_forbidden": "不接受该字段。",
}


def field_errors(request: HttpRequest, errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Pydantic's error list as [{field, location, message}]."""
    in_english = english(request)
    listed = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else ""
        # ninja nests the body under the parameter's name: ("body", "payload", "field").
        field = ".".join(loc[2:] if location == "body" and len(loc) > 2 else loc[1:]) or location
        message = error.get("msg", "")
        if not in_english:
            template = _CHINESE_ERRORS.get(error.get("type", ""))
            if template:
                try:
                    message = template.format(**(error.get("ctx") or {}))
                except (KeyError, IndexError):
                    message = template
        listed.append({"field": field, "location": location, "message": message})
    return listed
