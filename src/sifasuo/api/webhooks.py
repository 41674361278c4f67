"""The webhook's wire format: HMAC-SHA256 signature headers and the one HTTP send."""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.request

from django.conf import settings

SIGNATURE_HEADER = "X-Sifasuo-Signature"
TIMESTAMP_HEADER = "X-Sifasuo-Timestamp"
DELIVERY_HEADER = "X-Sifasuo-Delivery"


def signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """hex HMAC-SHA256 of "<timestamp>." followed by the body, keyed by the client's secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return mac.hexdigest()


def signed_headers(*, secret: str, body: bytes, delivery_id: int) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        "Content-Type": "application/json; charset=utf-8",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: "sha256=" + signature(secret=secret, timestamp=timestamp, body=body),
        DELIVERY_HEADER: str(delivery_id),
    }


def send(*, url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST the body; the HTTP status (an HTTP error status is returned, not raised)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    timeout = settings.SIFASUO_API_WEBHOOK_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
