"""Failures counted per key in the database (production has no cache server): the login gate's
per-address throttle and its lock of unknown usernames, and the public status page's limits.

Keys are keyed digests of the scope and value, so no client address or username is kept in clear.
Counting runs under a row lock, so parallel requests cannot slip past a limit. (django-ratelimit
needs a cache with atomic increments, memcached or Redis, and refuses Django's database cache;
`limits` has no SQL storage. A deployment here has only its database, so the count is a table.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Throttle


@dataclass(frozen=True)
class Tally:
    count: int
    until: dt.datetime | None

    def reached(self, limit: int) -> bool:
        return self.count >= limit


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the header a reverse proxy sets when configured
    (`SIFASUO_CLIENT_ADDRESS_HEADER`). Of a list, the last entry is the one the proxy added."""
    header = settings.SIFASUO_CLIENT_ADDRESS_HEADER
    value = request.META.get(header, "") if header else ""
    value = value or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip()


def limit_reached(*, checks: list[tuple[str, str, int]], window: dt.timedelta) -> Tally | None:
    """Count one attempt under each (scope, value, limit); returns the blocking tally if any of
    them had already reached its limit (then nothing is counted)."""
    for scope, value, limit in checks:
        counted = tally(scope=scope, value=value)
        if counted.reached(limit):
            return counted
    for scope, value, limit in checks:
        count_attempt(scope=scope, value=value, limit=limit, window=window, block=window)
    return None


def _key(scope: str, value: str) -> str:
    return salted_hmac("sifasuo.throttle", f"{scope}\0{value}", algorithm="sha256").hexdigest()


def tally(*, scope: str, value: str) -> Tally:
    """The failures counted for `value` that have not yet expired."""
    row = Throttle.objects.filter(key=_key(scope, value), until__gt=timezone.now()).first()
    return Tally(row.count, row.until) if row else Tally(0, None)


def count_attempt(
    *, scope: str, value: str, limit: int, window: dt.timedelta, block: dt.timedelta
) -> Tally:
    """Count one attempt; counts older than `window` start again. The failure that reaches
    `limit` holds the key for `block` from now."""
    now = timezone.now()
    with transaction.atomic():
        Throttle.objects.filter(until__lte=now).delete()
        row, _ = Throttle.objects.select_for_update().get_or_create(
            key=_key(scope, value), defaults={"until": now + window}
        )
        row.count += 1
        if row.count >= limit:
            row.until = now + block
        row.save(update_fields=["count", "until"])
    return Tally(row.count, row.until)


def clear(*, scope: str, value: str) -> None:
    Throttle.objects.filter(key=_key(scope, value)).delete()
