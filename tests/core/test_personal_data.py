import factories
import pytest
from django.core.exceptions import ValidationError

from sifasuo.core.personal_data import (
    mask_address,
    mask_id_number,
    mask_phone,
    normalize_credit_code,
    normalize_id_number,
    normalize_phone,
)


def test_id_number_mask_keeps_region_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_phone_and_address_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_address("日照市东港区秦楼街道海滨二路88号") == "日照市东港区秦楼街道****"


def test_valid_id_number_is_normalized():
    assert normalize_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("110105194912310021", "校验位"),
        (factories.make_id_number(birth="19491331", seq=2), "出生日期"),
        (factories.make_id_number(region="990105", seq=2), "地区码"),
        ("1101051949123100", "18位"),
    ],
)
def test_invalid_id_numbers_get_a_clear_message(value, message):
    with pytest.raises(ValidationError) as excinfo:
        normalize_id_number(value)
    assert message in excinfo.value.messages[0]


@pytest.mark.parametrize("authority", ["9", "1", "5", "A", "N", "Y"])
def test_credit_codes_of_every_registration_authority_are_accepted(authority):
    # python-stdnum rejects codes whose first characters are letters; real ones exist
    # (N = 农业农村 for farmers' cooperatives, Y = other authorities, A = religious affairs).
    first17 = f"{authority}2371102MA3CXXXX0"[:17]
    code = factories.make_credit_code(prefix=first17[:8], serial=first17[8:])
    assert normalize_credit_code(code.lower()) == code


def test_credit_code_with_wrong_check_digit_is_rejected():
    code = factories.make_credit_code()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        normalize_credit_code(wrong)
    assert "校验位" in excinfo.value.messages[0]


def test_credit_code_with_forbidden_letters_is_rejected():
    with pytest.raises(ValidationError):
        normalize_credit_code("91371102MA3CIOSVZ1")


@pytest.mark.parametrize("phone", ["13853300001", "0633-8123456", "+86 138 5330 0001"])
def test_phone_numbers_accepted(phone):
    assert normalize_phone(phone)


def test_bad_phone_rejected():
    with pytest.raises(ValidationError):
        normalize_phone("12345")


def test_region_code_newer_than_the_birth_year_is_accepted():
    # 371102 (东港区) was created after 1980; people born earlier still carry it.
    number = factories.make_id_number(region="371102", birth="19750302", seq=12)
    assert normalize_id_number(number) == number
