"""Personal data: validating ID numbers and credit codes, and masking sensitive values for display.

Masking is the default everywhere (个人信息保护法 art 51: least privilege, de-identification); the
clear value is shown only through the audited reveal service.
"""

from __future__ import annotations

import re
from functools import cache

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric, uscc

# Registration-authority codes that may open a 统一社会信用代码 (GB 32100-2015 and later
# assignments: 1 机构编制, 5 民政, 9 市场监管, A 宗教, N 农业农村, Y 其他 …). python-stdnum only
# accepts digits in the first two places, so codes from A/N/Y authorities are checked here.
_USCC_AUTHORITIES = set("123456789ABCDEFGNY")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _region_known(code: str) -> bool:
    """Whether a six-digit 行政区划代码 was ever assigned.

    python-stdnum also demands that the code existed in the holder's birth year, but numbers are
    issued with the region code current at issue time (a person born in 1980 in a county created
    in 1989 carries the new code), so that stricter check rejects real people.
    """
    return any(props for _part, props in numdb.get("cn/loc").info(code))


def normalize_id_number(value: str) -> str:
    """Return the canonical 18-character resident ID number or raise ValidationError."""
    number = ric.compact(value or "").upper()
    if len(number) != 18:
        raise ValidationError("身份证号码应为18位。", code="id_length")
    if not number[:17].isdigit() or number[17] not in "0123456789X":
        raise ValidationError("身份证号码格式不正确。", code="id_format")
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError("身份证号码校验位不正确，请核对。", code="id_checksum")
    try:
        ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise ValidationError("身份证号码中的出生日期无效。", code="id_birth_date") from None
    if not _region_known(number[:6]):
        raise ValidationError("身份证号码中的地区码不存在。", code="id_region")
    return number


def uscc_check_digit(first17: str) -> str:
    return uscc.calc_check_digit(first17)


def normalize_credit_code(value: str) -> str:
    """Return the canonical 18-character 统一社会信用代码 or raise ValidationError."""
    number = uscc.compact(value or "").upper()
    if len(number) != 18:
        raise ValidationError("统一社会信用代码应为18位。", code="uscc_length")
    if any(ch not in _USCC_ALPHABET for ch in number):
        raise ValidationError(
            "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）。", code="uscc_format"
        )
    if number[0] not in _USCC_AUTHORITIES or not number[2:8].isdigit():
        raise ValidationError(
            "统一社会信用代码的登记管理部门码或行政区划码无效。", code="uscc_format"
        )
    if number[-1] != uscc_check_digit(number[:17]):
        raise ValidationError("统一社会信用代码校验位不正确，请核对。", code="uscc_checksum")
    return number


_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def normalize_phone(value: str) -> str:
    phone = re.sub(r"[\s()（）]", "", value or "")
    phone = phone.replace("+86", "", 1) if phone.startswith("+86") else phone
    if not _PHONE_RE.match(phone):
        raise ValidationError("电话号码格式不正确（手机11位，座机如 0633-1234567）。", code="phone")
    return phone


def mask_id_number(value: str) -> str:
    """110105194912310021 -> 110105********0021 (region code and last four kept)."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678."""
    if not value:
        return ""
    digits = value
    if len(digits) <= 4:
        return "*" * len(digits)
    keep_head = 3 if len(digits) >= 11 else max(len(digits) - 8, 0)
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 4) + digits[-4:]


def mask_address(value: str) -> str:
    """Keep the administrative part (up to 乡/镇/街道 or the first 6 characters), hide the rest."""
    if not value:
        return ""
    match = re.search(r"(镇|乡|街道|开发区)", value)
    cut = match.end() if match else min(6, len(value))
    cut = min(cut, max(len(value) - 1, 1))
    return value[:cut] + "****"


def mask_name(value: str) -> str:
    """张三丰 -> 张**; used only where a page must not show whole names (public tracking)."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)


MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
    "credit_code": lambda v: v,  # an organization's code is public registration data
    "secret": lambda v: "****" if v else "",
}


def mask(kind: str, value: str) -> str:
    return MASKERS[kind](value or "")


def sealed_fields(model) -> dict[str, str]:
    """The sealed personal-data fields of a model: field name → mask kind."""
    from .sealed import SealedCharField

    return {f.name: f.mask_kind for f in model._meta.get_fields() if isinstance(f, SealedCharField)}


@cache
def sealed_field_names() -> dict[str, str]:
    """Field name → mask kind over every installed model's sealed fields: audit rows about a
    record that holds copies of personal data under the same names are masked the same way."""
    from django.apps import apps

    names: dict[str, str] = {}
    for model in apps.get_models():
        names.update(sealed_fields(model))
    return names


def person_facts(id_number: str) -> dict:
    """性别 and 出生日期 read from a valid resident ID number ({} when it is not readable, e.g.
    a masked copy): the 17th digit is odd for men (GB 11643)."""
    try:
        number = normalize_id_number(id_number or "")
    except ValidationError:
        return {}
    return {
        "gender": "男" if int(number[16]) % 2 else "女",
        "birth_date": ric.get_birth_date(number),
    }


# An 18-character resident ID number or a mainland mobile number inside free text (a contract's
# text, a quoted clause), not part of a longer run of digits.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_in_text(text) -> str:
    """Free text with every ID number and mobile number in it masked (the rest unchanged), for
    text that is shown or printed but not itself a sealed field, such as an uploaded contract."""
    if not text:
        return text
    text = str(text)  # a lazily translated label comes in too
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)
