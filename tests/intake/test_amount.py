"""标的额 at registration: optional, in 元, checked and bounded, shown on the matter and its sheet."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from sifasuo.intake import services
from sifasuo.intake.models import Matter

FORM = {
    "channel": "window",
    "matter_type": "dispute",
    "narrative": "借款未还",
    "counterpart_names": "赵六",
    "r1_kind": "person",
    "r1_name": "王建国",
    "r1_phone": "13963300011",
    "r2_kind": "person",
}


def test_the_amount_typed_at_registration_is_on_the_matter_and_its_sheet(world, login):
    client = login(world.office_user)
    response = client.post(reverse("intake:register"), {**FORM, "amount": "18000.5"})
    matter = Matter.objects.get()
    assert response.status_code == 302
    assert matter.amount == Decimal("18000.50")
    page = client.get(reverse("intake:detail", args=[matter.pk])).content.decode()
    assert "标的额(元)" in page and "18000.50" in page
    receipt = client.get(reverse("intake:receipt", args=[matter.pk])).content.decode()
    assert "标的额(元)" in receipt and "18000.50" in receipt
    queue = client.get(reverse("intake:queue") + "?q=all").content.decode()
    assert "标的额(元)" in queue and "18000.50" in queue
    sheet = client.get(reverse("intake:sheet", args=[matter.pk, "docx"]))
    text = "\n".join(
        cell.text
        for table in Document(BytesIO(sheet.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "18000.50" in text


def test_no_amount_is_fine(world, login):
    login(world.office_user).post(reverse("intake:register"), FORM)
    assert Matter.objects.get().amount is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "标的额不能为负数。"),
        ("两万", "标的额须为数字（元）。"),
        ("2000000000", "标的额不能超过10亿元，请核对。"),
        ("12.345", "标的额最多保留两位小数（分）。"),
    ],
)
def test_a_wrong_amount_is_refused_in_chinese_and_the_form_kept(world, login, typed, message):
    response = login(world.office_user).post(reverse("intake:register"), {**FORM, "amount": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "借款未还" in page and "王建国" in page
    assert not Matter.objects.exists()


def test_the_service_bounds_the_amount_too(world):
    with pytest.raises(ValidationError) as refused:
        services.matter_register(
            actor=world.office_user,
            unit=world.office_a1,
            channel="window",
            matter_type="dispute",
            narrative="借款未还",
            amount=Decimal("-5"),
            requesters=[{"kind": "person", "name": "王建国", "phone": "13963300011"}],
        )
    assert refused.value.message_dict["amount"] == ["标的额不能为负数。"]
