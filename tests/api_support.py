"""Helpers of the integration API tests."""

import datetime as dt


def bearer(token: str, **extra) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", **extra}


def order(ticket="RZ20261202001", **values) -> dict:
    body = {
        "ticket_number": ticket,
        "requester_name": "王秀兰",
        "requester_phone": "13812345678",
        "content": "邻居装修噪音扰民，多次协商未果，请求调解。",
        "reply_due_on": (dt.date.today() + dt.timedelta(days=5)).isoformat(),
    }
    body.update(values)
    return body
