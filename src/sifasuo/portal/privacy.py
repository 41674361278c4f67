"""The privacy notice (个人信息处理告知书) every portal form shows before it sends anything
(个人信息保护法 第十七条), and its version, recorded with each consent (第十四条)."""

from __future__ import annotations

from django.conf import settings

# Raise when the notice's purposes, ways or kinds of data change: consent is then asked again
# (第十四条第二款) and the records say which text each applicant agreed to.
NOTICE_VERSION = "2026.1"


def notice_context() -> dict:
    return {
        "notice_version": NOTICE_VERSION,
        "retention_years": settings.SIFASUO_PUBLIC_RETENTION_YEARS,
    }
