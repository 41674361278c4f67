"""Type it once: a dispute handed over from 一站式受理 opens its case with the 对方当事人 as
被申请人, and the narrative and amount already filled in."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sifasuo.intake import services as intake_services
from sifasuo.mediation import selectors
from sifasuo.mediation.handover import counterpart_names

NARRATIVE = "王建国等二人在某公司承建的大棚项目务工，尚有劳务费18000元未结清。"


@pytest.fixture
def matter(world):
    return intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel="window",
        matter_type="dispute",
        narrative=NARRATIVE,
        counterpart_names="赵六、日照市某设施农业工程有限公司，钱七",
        amount=Decimal("18000"),
        requesters=[{"kind": "person", "name": "王建国", "phone": "13963300011"}],
    )


def test_the_opening_form_comes_filled_from_the_matter(world, matter, client):
    client.force_login(world.mediator)
    response = client.get(reverse("mediation:case_create"), {"matter": matter.pk})
    form = response.context["form"]
    assert form["summary"].value() == NARRATIVE
    assert form["amount"].value() == Decimal(18000)
    assert [form[f"b{i}_name"].value() for i in (1, 2, 3)] == [
        "赵六",
        "日照市某设施农业工程有限公司",
        "钱七",
    ]
    assert [form[f"b{i}_kind"].value() for i in (1, 2, 3)] == [
        "person",
        "organization",
        "person",
    ]
    page = response.content.decode()
    assert 'value="钱七"' in page and "已按受理登记预填" in page


def test_submitting_the_filled_form_registers_every_respondent(world, matter, client):
    client.force_login(world.mediator)
    form = client.get(reverse("mediation:case_create"), {"matter": matter.pk}).context["form"]
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() not in (None, "") and name != "mediators"
    }
    data.update(
        dispute_type="labour",
        committee_kind="township",
        committee_name="秦楼街道人民调解委员会",
        mediators=[world.mediator.pk],
        service_mode="clinic",
    )
    response = client.post(reverse("mediation:case_create") + f"?matter={matter.pk}", data)
    assert response.status_code == 302
    case = selectors.case_list_for_user(user=world.mediator).get(intake_matter=matter)
    sides = selectors.case_parties(case)
    assert [p.name for p in sides["applicant"]] == ["王建国"]
    assert [p.name for p in sides["respondent"]] == [
        "赵六",
        "日照市某设施农业工程有限公司",
        "钱七",
    ]
    assert case.summary == NARRATIVE and case.amount == Decimal(18000)


def test_outsider_cannot_open_the_matter_in_the_form(world, matter, client):
    client.force_login(world.outsider)
    assert client.get(reverse("mediation:case_create"), {"matter": matter.pk}).status_code == 404


def test_the_amount_comes_from_the_matter_not_from_its_narrative(world, client):
    matter = intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel="window",
        matter_type="dispute",
        narrative="医疗费2600元，误工费800元，要求对方赔偿。",
        amount=Decimal("3400.5"),
        requesters=[{"kind": "person", "name": "王建国", "phone": "13963300011"}],
    )
    client.force_login(world.mediator)
    form = client.get(reverse("mediation:case_create"), {"matter": matter.pk}).context["form"]
    assert form["amount"].value() == Decimal("3400.50")
    assert form["summary"].value() == matter.narrative
    matter.amount = None
    matter.save(update_fields=["amount"])
    form = client.get(reverse("mediation:case_create"), {"matter": matter.pk}).context["form"]
    assert form["amount"].value() in (None, "")


def test_counterpart_names_are_split_once_each():
    assert counterpart_names(" 赵六、钱七；赵六, 孙八 ") == ["赵六", "钱七", "孙八"]
    assert counterpart_names("") == []
