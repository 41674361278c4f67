"""Limits on the portal's forms: per address and per phone, and the captcha after repeated
submissions (an offline image, a real PNG)."""

import uuid

import pytest
from captcha.models import CaptchaStore

from sifasuo.intake.models import Matter

pytestmark = pytest.mark.django_db


def test_a_phone_over_its_limit_is_refused_and_the_text_kept(
    client, world, settings, post_application
):
    settings.SIFASUO_PUBLIC_SUBMISSIONS_PER_PHONE = 1
    settings.SIFASUO_PUBLIC_CAPTCHA_AFTER = 100
    post_application(office=world.office_a1.pk)
    page = post_application(
        office=world.office_a1.pk, submission_token=str(uuid.uuid4()), narrative="第二份申请的经过"
    ).content.decode()
    assert "提交过于频繁" in page and "第二份申请的经过" in page
    assert Matter.objects.count() == 1


def test_an_address_over_its_limit_is_refused_on_every_form(
    client, world, settings, post_application
):
    settings.SIFASUO_PUBLIC_SUBMISSIONS_PER_ADDRESS = 1
    settings.SIFASUO_PUBLIC_CAPTCHA_AFTER = 100
    post_application("/public/apply/legal-aid/", office=world.office_a1.pk)
    page = post_application(
        "/public/apply/legal-aid/", office=world.office_a1.pk, applicant_phone="13800000001"
    ).content.decode()
    assert "提交过于频繁" in page
    assert Matter.objects.count() == 1


def test_after_repeated_submissions_the_captcha_is_asked(client, world, settings, post_application):
    settings.SIFASUO_PUBLIC_CAPTCHA_AFTER = 1
    assert 'name="captcha_1"' not in client.get("/public/apply/mediation/").content.decode()
    post_application(office=world.office_a1.pk)
    page = client.get("/public/apply/mediation/").content.decode()
    assert 'name="captcha_1"' in page
    store = CaptchaStore.objects.order_by("-pk").first()
    image = client.get(f"/public/captcha/image/{store.hashkey}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert f"/public/captcha/image/{store.hashkey}/" in page

    token, phone = str(uuid.uuid4()), "13800000002"
    wrong = post_application(
        office=world.office_a1.pk,
        submission_token=token,
        applicant_phone=phone,
        narrative="验证码错了也不丢的经过",
        captcha_0=store.hashkey,
        captcha_1="WRONG",
    ).content.decode()
    assert "验证码不正确，请重新输入。" in wrong and "验证码不正确也" not in wrong
    assert "验证码错了也不丢的经过" in wrong and "13800000002" in wrong
    assert Matter.objects.count() == 1

    store = CaptchaStore.objects.order_by("-pk").first()  # the form drew a fresh one
    right = post_application(
        office=world.office_a1.pk,
        submission_token=token,
        applicant_phone=phone,
        captcha_0=store.hashkey,
        captcha_1=store.response,
    )
    assert right.status_code == 302
    assert Matter.objects.count() == 2
