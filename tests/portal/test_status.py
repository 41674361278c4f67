"""The portal's status page: tracking code and phone give the steps in plain words, and nothing
at all for anyone without both; the legacy address keeps working."""

import pytest

from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(client, world, post_application):
    post_application(office=world.office_a1.pk)
    return Matter.objects.get()


def _lookup(client, code, phone):
    return client.post("/public/status/", {"tracking_code": code, "phone": phone}).content.decode()


def test_the_submitter_sees_the_steps_in_plain_words(client, world, applied):
    page = _lookup(client, applied.tracking_code.lower(), "139 6330 0021")
    assert "当前进度：已收到" in page
    assert "秦楼司法所" in page and "纠纷调解" in page
    intake_services.matter_assign(actor=world.office_head, matter=applied, handler=world.mediator)
    intake_services.matter_hand_to_mediation(actor=world.mediator, matter=applied)
    page = _lookup(client, applied.tracking_code, "13963300021")
    assert "已受理，已安排承办人" in page and "当前进度：调解中" in page
    # Internal names and what was typed about the others never show.
    for private in ("a1_mediator", "a1_head", "赵六", "翻建院墙", "王秀兰", "转人民调解立案"):
        assert private not in page


def test_an_outsider_learns_nothing_without_code_and_phone(client, world, applied):
    wrong_phone = _lookup(client, applied.tracking_code, "13800000000")
    wrong_code = _lookup(client, "260101ABCDEF", "13963300021")
    for page in (wrong_phone, wrong_code):
        assert "未找到：请核对查询码和联系电话。" in page
        assert "秦楼司法所" not in page and "纠纷调解" not in page
    assert _lookup(client, applied.tracking_code, "13963300021").count("秦楼司法所") >= 1


def test_lookups_are_limited_per_code(client, world, applied, settings):
    settings.SIFASUO_STATUS_LOOKUPS_PER_CODE = 2
    for _ in range(2):
        _lookup(client, applied.tracking_code, "13800000000")
    page = _lookup(client, applied.tracking_code, "13963300021")
    assert "查询过于频繁" in page and "当前进度" not in page


def test_the_receipt_links_to_the_status_page_with_the_code(client, world, applied):
    receipt = client.get("/public/apply/receipt/").content.decode()
    assert f"/public/status/?code={applied.tracking_code}" in receipt
    form = client.get(f"/public/status/?code={applied.tracking_code}").content.decode()
    assert f'value="{applied.tracking_code}"' in form


def test_the_receipt_page_without_an_application_goes_home(client, db):
    response = client.get("/public/apply/receipt/")
    assert response.status_code == 302 and response.url == "/public/"


def test_the_status_address_of_printed_receipts_still_answers(client, world, applied):
    assert client.get("/intake/status/").status_code == 200
    page = client.post(
        "/intake/status/", {"tracking_code": applied.tracking_code, "phone": "13963300021"}
    ).content.decode()
    assert "秦楼司法所" in page
